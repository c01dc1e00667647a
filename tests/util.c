/*
 * util.c - what several suites use that needs a body (fringe-tests.h):
 * the kinds of generator, emulation, the page size, the count of memory
 * mappings.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _WIN32
#include <windows.h>
#else
#include <unistd.h>
#endif

#include "fringe-tests.h"

const unsigned int fringe_kinds[FRINGE_NKINDS] = {
	0,
	FRINGE_GENERATOR_SHARE_FPENV,
};

const char *fringe_kind_name(unsigned int flags)
{
	switch (flags) {
	case 0:
		return "0";
	case FRINGE_GENERATOR_SHARE_FPENV:
		return "SHARE_FPENV";
	case FRINGE_GENERATOR_SHARE_EH:
		return "SHARE_EH";
	case FRINGE_GENERATOR_SHARE_FPENV | FRINGE_GENERATOR_SHARE_EH:
		return "SHARE_FPENV|SHARE_EH";
	default:
		return "?";
	}
}

int fringe_emulated(void)
{
	const char *cross = getenv("FRINGE_CROSS");

	return cross != NULL && strcmp(cross, "yes") == 0;
}

size_t fringe_page_size(void)
{
#ifdef _WIN32
	SYSTEM_INFO info;
	long page;

	GetSystemInfo(&info);
	page = (long)info.dwPageSize;
#else
	long page = sysconf(_SC_PAGESIZE);
#endif

	/* No Check assertion: the children of child.c call this too. */
	if (page <= 0)
		abort();
	return (size_t)page;
}

#ifdef __linux__
long fringe_count_mappings(void)
{
	FILE *maps = fopen("/proc/self/maps", "r");
	long lines = 0;
	int c;

	ck_assert_msg(maps != NULL, "cannot open /proc/self/maps");
	while ((c = getc(maps)) != EOF)
		if (c == '\n')
			lines++;
	fclose(maps);
	return lines;
}
#endif

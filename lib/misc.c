/*
 * misc.c - version queries and the library's abort paths.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fringe-internal.h"

#define FRINGE_STR_(x) #x
#define FRINGE_STR(x) FRINGE_STR_(x)

FRINGE_EXPORT unsigned long fringe_version(void)
{
	return FRINGE_VERSION_HEX;
}

FRINGE_EXPORT const char *fringe_version_string(void)
{
	return FRINGE_STR(FRINGE_VERSION_MAJOR) "." FRINGE_STR(
		FRINGE_VERSION_MINOR) "." FRINGE_STR(FRINGE_VERSION_PATCH);
}

/*
 * Async-signal-safe: the misuse may be detected on a small stack or in a
 * signal handler, so write(2) a fixed string (fringe__write_error) rather than use stdio.
 */
void fringe__abort(const char *what)
{
	static const char prefix[] = "libfringe-c: ";

	fringe__write_error(prefix, sizeof prefix - 1);
	fringe__write_error(what, strlen(what));
	fringe__write_error("\n", 1);
	abort();
}

void fringe__entry_returned(void)
{
	fringe__abort("a context's entry function returned");
}

void fringe__null_switch(void)
{
	fringe__abort("context switch to a NULL stack pointer or to a stack "
		      "with no context");
}

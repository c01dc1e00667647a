/*
 * skip.c - the suite's one way to skip a test.
 *
 * Check has no notion of a skipped test: a test that returns early passes.
 * So every skip is recorded here, one line per skip ("name<TAB>reason"),
 * in a file that the runner creates before it builds the suites.  Forked
 * test processes inherit its descriptor and append to it with one write
 * each; in CK_FORK=no mode (Valgrind) the runner itself appends.  The
 * runner then counts the tests that Check saw pass but that skipped, and
 * reports them as skipped, never as passed.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifndef _WIN32
#include <unistd.h>
#endif

#ifdef HAVE_VALGRIND_VALGRIND_H
#include <valgrind/valgrind.h>
#endif

#include "fringe-tests.h"

#ifdef _WIN32
/* Windows: Check never forks, every test runs in this process: the
 * records are kept in memory. */
static char skip_buf[65536];
static size_t skip_len;
static int skip_fd = -1;

static ssize_t skip_write(const char *line, size_t n)
{
	if (skip_fd < 0 || n > sizeof skip_buf - skip_len)
		return -1;
	memcpy(skip_buf + skip_len, line, n);
	skip_len += n;
	return (ssize_t)n;
}

static ssize_t skip_pread(char *buf, size_t n, size_t at)
{
	if (at >= skip_len)
		return 0;
	if (n > skip_len - at)
		n = skip_len - at;
	memcpy(buf, skip_buf + at, n);
	return (ssize_t)n;
}
#define write(fd, line, n) ((void)(fd), skip_write(line, n))
#define pread(fd, buf, n, at) ((void)(fd), skip_pread(buf, n, (size_t)(at)))
#define off_t size_t
#else
static int skip_fd = -1;
#endif

int fringe_under_valgrind(void)
{
#ifdef HAVE_VALGRIND_VALGRIND_H
	return RUNNING_ON_VALGRIND != 0;
#else
	return 0;
#endif
}

int check_forks(void)
{
#ifdef _WIN32
	/* Check has no fork mode on Windows: every test runs in-process. */
	return 0;
#else
	const char *env = getenv("CK_FORK");

	return env == NULL || strcmp(env, "no") != 0;
#endif
}

int fringe_skips_open(void)
{
#ifdef _WIN32
	skip_fd = 0;
	return 0;
#else
	char path[4096];
	const char *dir = getenv("TMPDIR");
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	if ((size_t)snprintf(path, sizeof path, "%s/fringe-skips.XXXXXX", dir) >=
	    sizeof path)
		return -ENAMETOOLONG;
	fd = mkstemp(path);
	if (fd < 0)
		return -errno;
	unlink(path);
	if (fcntl(fd, F_SETFL, O_APPEND) != 0) {
		int e = errno;
		close(fd);
		return -e;
	}
	skip_fd = fd;
	return 0;
#endif
}

void fringe_skip(const char *name, const char *fmt, ...)
{
	char line[512];
	int n;
	va_list ap;

	n = snprintf(line, sizeof line, "%s\t", name != NULL ? name : "?");
	va_start(ap, fmt);
	n += vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof line - 2)
		n = (int)sizeof line - 2;
	/* One line per record: the reason may not span lines. */
	for (int i = 0; i < n; i++)
		if (line[i] == '\n')
			line[i] = ' ';
	line[n++] = '\n';
	if (skip_fd < 0 || write(skip_fd, line, (size_t)n) != n) {
		/* Without a record the test would count as passed: fail it. */
		ck_abort_msg("cannot record the skip of %s", name);
	}
}

int fringe_skips_count(void)
{
	char buf[4096];
	ssize_t n;
	off_t at = 0;
	int lines = 0;

	while ((n = pread(skip_fd, buf, sizeof buf, at)) > 0) {
		for (ssize_t i = 0; i < n; i++)
			lines += buf[i] == '\n';
		at += n;
	}
	return lines;
}

void fringe_skips_print(FILE *out)
{
	char buf[4096];
	ssize_t n;
	off_t at = 0;
	int start = 1;

	while ((n = pread(skip_fd, buf, sizeof buf, at)) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			if (start)
				fputs("SKIP: ", out);
			putc(buf[i] == '\t' ? ':' : buf[i], out);
			if (buf[i] == '\t')
				putc(' ', out);
			start = buf[i] == '\n';
		}
		at += n;
	}
}

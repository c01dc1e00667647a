/*
 * fringe-tests.h - what the Check suites share.  Each suite file defines
 * one make_*_suite() function; main.c runs them all.
 */
#ifndef FRINGE_TESTS_H
#define FRINGE_TESTS_H

#include <check.h>
#include <stdio.h>

#include "fringe.h"

#ifdef __cplusplus
extern "C" {
#endif

Suite *make_stack_suite(void);
Suite *make_generator_suite(void);
Suite *make_context_suite(void);
Suite *make_errors_suite(void);
Suite *make_registers_suite(void);
Suite *make_backtrace_suite(void);
Suite *make_pool_suite(void);
Suite *make_pool_threads_suite(void);
Suite *make_cancel_suite(void);
Suite *make_overflow_suite(void);
Suite *make_fpenv_suite(void);
Suite *make_threads_suite(void);
Suite *make_signals_suite(void);
Suite *make_highwater_suite(void);

/*
 * Skipping.  A test that cannot run here says why and is reported as
 * skipped, never as passed (skip.c):
 *
 *   SKIP_TEST("no flush-to-zero mode on %s", cpu);   inside a test: records
 *                                                    the skip and returns;
 *   fringe_skip("name", "reason")                    where a suite leaves a
 *                                                    test out when it builds.
 */
#define SKIP_TEST(...)                                                       \
	do {                                                                 \
		fringe_skip(tcase_name(), __VA_ARGS__);                      \
		return;                                                      \
	} while (0)

void fringe_skip(const char *name, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The test runs under Valgrind (always 0 without its headers). */
int fringe_under_valgrind(void);

/* Check's fork mode is on: tests whose process must die need it. */
int check_forks(void);
#define NEEDS_FORK "needs Check's fork mode (CK_FORK=no here)"

/* The runners (runner.c): call the first before building the suites;
 * the second runs them, reports, and returns the exit status. */
void fringe_runner_start(const char *name);
int fringe_runner_run(SRunner *runner);

/* For the runner: create the record, count and print its lines. */
int fringe_skips_open(void);
int fringe_skips_count(void);
void fringe_skips_print(FILE *out);

#ifdef __cplusplus
}
#endif

#endif /* FRINGE_TESTS_H */

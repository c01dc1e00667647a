/*
 * main.c - the one Check runner: every suite, each test in its own
 * process (CK_FORK), so a crash fails that test and not the run.
 *
 * It prints each failure, each skipped test with its reason, and ends
 * with one line, "N passed, N failed, N skipped", where a skipped test is
 * never counted as passed (skip.c).  CK_VERBOSITY=normal or verbose adds
 * Check's own report.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fringe-tests.h"

int main(void)
{
	SRunner *runner;
	TestResult **results;
	int ran, failed, skipped_early, skipped_late, rc;

	rc = fringe_skips_open();
	if (rc != 0) {
		fprintf(stderr, "check_fringe: cannot record skips: %s\n",
			strerror(-rc));
		return EXIT_FAILURE;
	}
	runner = srunner_create(make_stack_suite());
	srunner_add_suite(runner, make_generator_suite());
	srunner_add_suite(runner, make_context_suite());
	srunner_add_suite(runner, make_errors_suite());
	srunner_add_suite(runner, make_registers_suite());
	srunner_add_suite(runner, make_backtrace_suite());
	srunner_add_suite(runner, make_pool_suite());
	srunner_add_suite(runner, make_highwater_suite());
	srunner_add_suite(runner, make_pool_threads_suite());
	srunner_add_suite(runner, make_cancel_suite());
	srunner_add_suite(runner, make_overflow_suite());
	srunner_add_suite(runner, make_fpenv_suite());
	srunner_add_suite(runner, make_threads_suite());
	srunner_add_suite(runner, make_signals_suite());
	/* Tests the suites left out: never run, never counted by Check. */
	skipped_early = fringe_skips_count();

	srunner_run_all(runner, getenv("CK_VERBOSITY") ? CK_ENV : CK_SILENT);
	ran = srunner_ntests_run(runner);
	failed = srunner_ntests_failed(runner);
	/* Tests that returned through SKIP_TEST: Check counted them passed. */
	skipped_late = fringe_skips_count() - skipped_early;

	results = srunner_failures(runner);
	for (int i = 0; i < failed; i++)
		printf("FAIL: %s:%d: %s: %s\n", tr_lfile(results[i]),
		       tr_lno(results[i]), tr_tcname(results[i]),
		       tr_msg(results[i]));
	free(results);
	fringe_skips_print(stdout);
	printf("%d passed, %d failed, %d skipped\n",
	       ran - failed - skipped_late, failed,
	       skipped_early + skipped_late);
	srunner_free(runner);
	return failed == 0 && ran - failed - skipped_late > 0 ? EXIT_SUCCESS
							      : EXIT_FAILURE;
}

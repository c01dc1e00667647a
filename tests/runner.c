/*
 * runner.c - what the test runners share (main.c, and check_cxx.cc for
 * the C++ tests): each test in its own process (CK_FORK), so a crash
 * fails that test and not the run.
 *
 * A runner calls fringe_runner_start() before it builds its suites (they
 * may record skips), then fringe_runner_run().  That prints each failure,
 * each skipped test with its reason, and ends with one line, "N passed,
 * N failed, N skipped", where a skipped test is never counted as passed
 * (skip.c).  CK_VERBOSITY=normal or verbose adds Check's own report.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fringe-tests.h"

void fringe_runner_start(const char *name)
{
	int rc = fringe_skips_open();

	if (rc != 0) {
		fprintf(stderr, "%s: cannot record skips: %s\n", name,
			strerror(-rc));
		exit(EXIT_FAILURE);
	}
}

int fringe_runner_run(SRunner *runner)
{
	TestResult **results;
	int ran, failed, skipped_early, skipped_late;

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

/*
 * main.c - the one Check runner: every suite, each test in its own
 * process (CK_FORK), so a crash fails that test and not the run.
 */
#include "config.h"

#include <stdlib.h>

#include "fringe-tests.h"

int main(void)
{
	SRunner *runner;
	int failed;

	runner = srunner_create(make_stack_suite());
	srunner_add_suite(runner, make_generator_suite());
	srunner_add_suite(runner, make_context_suite());
	srunner_add_suite(runner, make_errors_suite());
	srunner_add_suite(runner, make_registers_suite());
	srunner_add_suite(runner, make_backtrace_suite());
	srunner_add_suite(runner, make_pool_suite());
	srunner_add_suite(runner, make_pool_threads_suite());
	srunner_add_suite(runner, make_cancel_suite());
	srunner_add_suite(runner, make_overflow_suite());
	srunner_add_suite(runner, make_fpenv_suite());
	srunner_add_suite(runner, make_threads_suite());
	srunner_add_suite(runner, make_signals_suite());
	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

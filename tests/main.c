/*
 * main.c - the one Check runner of the C tests: every suite (runner.c
 * runs them and reports).
 */
#include "config.h"

#include <stdio.h>

#include "fringe-tests.h"
#ifdef _WIN32
#include "child.h"
#endif

int main(void)
{
	SRunner *runner;
	int rc;

#ifdef _WIN32
	/* A run of this program for one case of a test (child.h). */
	fringe_test_child_main();
#endif
	fringe_runner_start("check_fringe");
	runner = srunner_create(make_stack_suite());
	srunner_add_suite(runner, make_generator_suite());
	srunner_add_suite(runner, make_context_suite());
	srunner_add_suite(runner, make_errors_suite());
	srunner_add_suite(runner, make_registers_suite());
	/* On Windows: tests/check_backtrace_windows.c. */
	srunner_add_suite(runner, make_backtrace_suite());
	srunner_add_suite(runner, make_pool_suite());
	srunner_add_suite(runner, make_highwater_suite());
	srunner_add_suite(runner, make_pool_threads_suite());
	srunner_add_suite(runner, make_cancel_suite());
	/* On Windows: tests/check_overflow_windows.c. */
	srunner_add_suite(runner, make_overflow_suite());
	srunner_add_suite(runner, make_fpenv_suite());
	srunner_add_suite(runner, make_threads_suite());
#ifdef _WIN32
	fringe_skip("signals suite", "POSIX signals (sigaction, sigaltstack, itimers) do not exist on Windows");
#else
	srunner_add_suite(runner, make_signals_suite());
#endif
	/* Not a tail call: the backtrace tests look for main's frame. */
	rc = fringe_runner_run(runner);
	fflush(stdout);
	return rc;
}

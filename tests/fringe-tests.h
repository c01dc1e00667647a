/*
 * fringe-tests.h - what the Check suites share.  Each suite file defines
 * one make_*_suite() function; main.c runs them all.
 */
#ifndef FRINGE_TESTS_H
#define FRINGE_TESTS_H

#include <check.h>

#include "fringe.h"

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

#endif /* FRINGE_TESTS_H */

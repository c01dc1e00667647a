/*
 * check_overflow_windows.c - the "overflow" suite on Windows.
 *
 * Area:        fringe_overflow_handler_install() on Windows: the vectored
 *              exception handler that reports STATUS_STACK_OVERFLOW on a
 *              generator's stack.
 *
 * Purpose:     A generator that recurses without end on a 16 KiB stack
 *              and on a minimum-size one is stopped by the handler with
 *              the same one-line message as on POSIX, naming the stack,
 *              and the process ends as abort() ends it (exit code 3).
 *              Without the handler the overflow still ends the process
 *              with an exception code and no report; a wild write on a
 *              generator's stack is not reported as an overflow.  Each
 *              case runs in a fresh run of the test program
 *              (tests/child-windows.c); a crash there can only fail.
 *
 * Limitations: the child makes its own stack (it cannot share the
 *              parent's memory) and prints the stack's bounds first, which
 *              the parent expects in the report.  Threads and handler
 *              chains of the POSIX suite (check_overflow.c) are not
 *              repeated here.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include "child.h"
#include "fringe-tests.h"

#define NOINLINE __attribute__((noinline))
#define ABORT_CODE 3
#define CHILD_SETUP_FAILED 120
#define CHILD_RESUME_RETURNED 121

static volatile unsigned long max_depth = 100000000;

static NOINLINE unsigned long recurse(unsigned long depth)
{
	volatile char frame[192];

	frame[0] = (char)depth;
	if (depth >= max_depth)
		return (unsigned long)frame[0];
	return recurse(depth + 1) + (unsigned long)frame[0];
}

static void *recurse_fn(fringe_yielder *y, void *input, void *userdata)
{
	(void)y;
	(void)input;
	(void)userdata;
	return (void *)(uintptr_t)recurse(0);
}

/* Writes below the stack's guard area: a wild write, not an overflow. */
static void *wild_write_fn(fringe_yielder *y, void *input, void *userdata)
{
	volatile char *p = userdata;

	(void)y;
	(void)input;
	*p = 1;
	return NULL;
}

/* In the child: make a stack of `size` bytes, say where it is, and run
 * fn on it; never returns. */
static void run_generator(size_t size, int install, fringe_generator_fn fn,
			  int wild)
{
	fringe_stack *stack;
	fringe_generator *gen;

	if (install && fringe_overflow_handler_install() != 0)
		exit(CHILD_SETUP_FAILED);
	if (fringe_stack_create(&stack, size) != 0)
		exit(CHILD_SETUP_FAILED);
	fprintf(stderr, "stack %p-%p\n", fringe_stack_base(stack),
		fringe_stack_limit(stack));
	fflush(stderr);
	if (fringe_generator_create(&gen, stack, fn,
				    wild ? (char *)fringe_stack_base(stack) -
						   (size_t)1024 * 1024
					 : NULL) != 0)
		exit(CHILD_SETUP_FAILED);
	(void)fringe_generator_resume(gen, NULL, NULL);
	exit(CHILD_RESUME_RETURNED);
}

static void child_recursion(void *arg)
{
	run_generator((size_t)(uintptr_t)arg, 1, recurse_fn, 0);
}

static void child_recursion_no_handler(void *arg)
{
	run_generator((size_t)(uintptr_t)arg, 0, recurse_fn, 0);
}

static void child_wild_write(void *arg)
{
	run_generator((size_t)(uintptr_t)arg, 1, wild_write_fn, 1);
}

/* The bounds the child printed, and the report that must name them. */
static void expected_report(const struct child_result *r, char *want,
			    size_t size)
{
	void *base, *limit;

	ck_assert_msg(sscanf(r->err, "stack %p-%p", &base, &limit) == 2,
		      "the child did not say where its stack is: %s (exit code "
		      "%#x)", r->err, (unsigned)r->code);
	/* The library writes addresses as 0x and lowercase hex digits. */
	snprintf(want, size,
		 "libfringe-c: stack overflow in generator (stack 0x%jx-0x%jx)",
		 (uintmax_t)(uintptr_t)base, (uintmax_t)(uintptr_t)limit);
}

static void assert_report(size_t size)
{
	struct child_result r;
	char want[128];

	run_in_child(child_recursion, (void *)(uintptr_t)size, &r);
	expected_report(&r, want, sizeof want);
	ck_assert_msg(r.code == ABORT_CODE,
		      "the child exited with %#x, expected %d (abort); "
		      "stderr: %s", (unsigned)r.code, ABORT_CODE, r.err);
	ck_assert_msg(strstr(r.err, want) != NULL,
		      "expected \"%s\" on stderr, got \"%s\"", want, r.err);
}

START_TEST(test_deep_recursion)
{
	assert_report(16 * 1024);
}
END_TEST

START_TEST(test_deep_recursion_min_stack)
{
	assert_report(FRINGE_STACK_MIN_SIZE);
}
END_TEST

/* Without the handler: the exception ends the process, unreported. */
START_TEST(test_overflow_without_handler)
{
	struct child_result r;

	run_in_child(child_recursion_no_handler, (void *)(uintptr_t)(16 * 1024),
		     &r);
	ck_assert_msg((unsigned)r.code >= 0xc0000000u,
		      "the child exited with %#x, not an exception code; "
		      "stderr: %s", (unsigned)r.code, r.err);
	ck_assert_msg(strstr(r.err, "stack overflow") == NULL,
		      "unexpected overflow report: %s", r.err);
}
END_TEST

/* A fault far from the stack is somebody else's: no report, and the
 * process still dies of it. */
START_TEST(test_wild_write_not_reported)
{
	struct child_result r;

	run_in_child(child_wild_write, (void *)(uintptr_t)(16 * 1024), &r);
	ck_assert_msg((unsigned)r.code >= 0xc0000000u,
		      "the child exited with %#x, not an exception code; "
		      "stderr: %s", (unsigned)r.code, r.err);
	ck_assert_msg(strstr(r.err, "stack overflow") == NULL,
		      "unexpected overflow report: %s", r.err);
}
END_TEST

Suite *make_overflow_suite(void)
{
	Suite *s = suite_create("overflow");
	TCase *tc = tcase_create("windows");

	tcase_add_test(tc, test_deep_recursion);
	tcase_add_test(tc, test_deep_recursion_min_stack);
	tcase_add_test(tc, test_overflow_without_handler);
	tcase_add_test(tc, test_wild_write_not_reported);
	suite_add_tcase(s, tc);
	return s;
}

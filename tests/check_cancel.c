/*
 * check_cancel.c - the "cancel" suite.
 *
 * Area:        cooperative cancellation: fringe_generator_cancel(), and
 *              fringe_generator_destroy() of a suspended generator, which
 *              cancels it first.
 *
 * Purpose:     Check that a cancelled generator gets one last run in which
 *              its pending yield returns -ECANCELED (and stores no input),
 *              that a function which then releases what it holds and returns
 *              leaks nothing, also from deep inside a recursion and when it
 *              owns a generator of its own; that the generator is finished
 *              afterwards with its function's return value; that a function
 *              which yields again instead is abandoned at that yield, never
 *              runs again and makes cancel return -ECANCELED; and that
 *              never-started and finished generators are not run at all.
 *
 * Limitations: "Leaks nothing" is checked by flags the functions set when
 *              they free their memory; that no byte leaks is checked by
 *              `make check-valgrind`, which runs this suite under memcheck
 *              with leak checking.  Misuse (cancelling a running, NULL or
 *              destroyed generator) is in check_errors.c; cancelling from
 *              another thread is in check_threads.c.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fringe-tests.h"

/* What a generator function saw and did, for the test to assert on. */
struct owner {
	int yields;        /* yields that returned 0 */
	int cancel_rc;     /* the value of the yield that did not return 0 */
	void *input_after; /* *input of that yield (must be left alone) */
	int freed;         /* it released its memory */
	int ran_after;     /* it ran past the point it must not reach */
	int depth;         /* recursion depth to yield at */
};

/* Owns a malloc'd buffer; yields 1, 2, 3, ... until told to stop. */
static void *owner_fn(fringe_yielder *yielder, void *input, void *userdata)
{
	struct owner *o = userdata;
	char *buffer = malloc(1000);
	void *in = V(0x5a5a);
	int rc;

	(void)input;
	if (buffer == NULL)
		return V(0);
	memset(buffer, 1, 1000);
	for (;;) {
		rc = fringe_generator_yield(yielder, V(o->yields + 1), &in);
		if (rc != 0)
			break;
		o->yields++;
	}
	o->cancel_rc = rc;
	o->input_after = in;
	free(buffer);
	o->freed = 1;
	return V(77);
}

/* Cancel a generator half-way, for every kind. */
START_TEST(test_cancel_mid_way)
{
	const unsigned int flags = fringe_kinds[_i];
	struct owner o = { 0, 0, NULL, 0, 0, 0 };
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;
	void *out = NULL;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(
		fringe_generator_create_flags(&gen, stack, owner_fn, &o, flags),
		0);
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, &out),
			 FRINGE_YIELDED);
	ck_assert_int_eq(fringe_generator_resume(gen, V(9), &out),
			 FRINGE_YIELDED);
	ck_assert_uint_eq(U(out), 2);

	ck_assert_int_eq(fringe_generator_cancel(gen), 0);
	ck_assert_int_eq(o.cancel_rc, -ECANCELED);
	ck_assert_ptr_eq(o.input_after, V(9)); /* not overwritten */
	ck_assert_int_eq(o.freed, 1);
	ck_assert_int_eq(o.yields, 1);
	ck_assert_int_eq(fringe_generator_state(gen),
			 FRINGE_GENERATOR_FINISHED);
	/* Finished, with the function's return value. */
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, &out),
			 FRINGE_FINISHED);
	ck_assert_uint_eq(U(out), 77);
	/* Cancelling again is a no-op. */
	ck_assert_int_eq(fringe_generator_cancel(gen), 0);
	ck_assert_int_eq(o.yields, 1);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

START_TEST(test_destroy_cancels)
{
	struct owner o = { 0, 0, NULL, 0, 0, 0 };
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;
	void *out = NULL;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_generator_create(&gen, stack, owner_fn, &o), 0);
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(fringe_generator_resume(gen, NULL, &out),
				 FRINGE_YIELDED);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(o.cancel_rc, -ECANCELED);
	ck_assert_int_eq(o.freed, 1);
	ck_assert_int_eq(o.yields, 4);
	/* The stack is free again. */
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

/* Never resumed: the function never runs, not even to be cancelled. */
START_TEST(test_cancel_never_started)
{
	struct owner o = { 0, 0, NULL, 0, 0, 0 };
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;
	void *out = V(1);

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_generator_create(&gen, stack, owner_fn, &o), 0);
	ck_assert_int_eq(fringe_generator_cancel(gen), 0);
	ck_assert_int_eq(fringe_generator_state(gen),
			 FRINGE_GENERATOR_FINISHED);
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, &out),
			 FRINGE_FINISHED);
	ck_assert_ptr_eq(out, NULL);
	ck_assert_int_eq(o.cancel_rc, 0);
	ck_assert_int_eq(o.freed, 0);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);

	/* The same through destroy. */
	ck_assert_int_eq(fringe_generator_create(&gen, stack, owner_fn, &o), 0);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(o.freed, 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

static void *return_input_fn(fringe_yielder *yielder, void *input,
			     void *userdata)
{
	int *runs = userdata;

	(void)yielder;
	++*runs;
	return input;
}

/* Finished: nothing runs and the return value stays. */
START_TEST(test_cancel_finished)
{
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;
	void *out = NULL;
	int runs = 0;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(
		fringe_generator_create(&gen, stack, return_input_fn, &runs), 0);
	ck_assert_int_eq(fringe_generator_resume(gen, V(5), &out),
			 FRINGE_FINISHED);
	ck_assert_int_eq(fringe_generator_cancel(gen), 0);
	ck_assert_int_eq(runs, 1);
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, &out),
			 FRINGE_FINISHED);
	ck_assert_uint_eq(U(out), 5);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

/* Ignores the cancellation: yields again, which must never return. */
static void *stubborn_fn(fringe_yielder *yielder, void *input, void *userdata)
{
	struct owner *o = userdata;

	(void)input;
	o->cancel_rc = fringe_generator_yield(yielder, V(1), NULL);
	(void)fringe_generator_yield(yielder, V(2), NULL);
	o->ran_after = 1;
	return V(3);
}

START_TEST(test_cancel_ignored)
{
	struct owner o = { 0, 0, NULL, 0, 0, 0 };
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;
	void *out = V(1);

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_generator_create(&gen, stack, stubborn_fn, &o),
			 0);
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, &out),
			 FRINGE_YIELDED);
	ck_assert_int_eq(fringe_generator_cancel(gen), -ECANCELED);
	ck_assert_int_eq(o.cancel_rc, -ECANCELED);
	ck_assert_int_eq(o.ran_after, 0);
	/* Abandoned and finished, with no value. */
	ck_assert_int_eq(fringe_generator_state(gen),
			 FRINGE_GENERATOR_FINISHED);
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, &out),
			 FRINGE_FINISHED);
	ck_assert_ptr_eq(out, NULL);
	ck_assert_int_eq(fringe_generator_cancel(gen), 0);
	ck_assert_int_eq(o.ran_after, 0);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);

	/* Through destroy, which still succeeds; the stack is reusable. */
	memset(&o, 0, sizeof o);
	ck_assert_int_eq(fringe_generator_create(&gen, stack, stubborn_fn, &o),
			 0);
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, &out),
			 FRINGE_YIELDED);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(o.cancel_rc, -ECANCELED);
	ck_assert_int_eq(o.ran_after, 0);
	ck_assert_int_eq(fringe_generator_create(&gen, stack, return_input_fn,
						 &o.yields),
			 0);
	ck_assert_int_eq(fringe_generator_resume(gen, V(8), &out),
			 FRINGE_FINISHED);
	ck_assert_uint_eq(U(out), 8);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

/*
 * Each level of a recursion owns a malloc'd node; the innermost one
 * yields.  On cancellation every level frees its node and returns the
 * error, the usual C way to unwind.
 */
static int recurse(fringe_yielder *yielder, struct owner *o, int level)
{
	int *node = malloc(sizeof *node);
	int rc;

	if (node == NULL)
		return -ENOMEM;
	*node = level;
	if (level == o->depth) {
		while ((rc = fringe_generator_yield(yielder, V(level), NULL)) ==
		       0)
			o->yields++;
		o->cancel_rc = rc;
	} else {
		rc = recurse(yielder, o, level + 1);
	}
	if (*node == level)
		o->freed++;
	free(node);
	return rc;
}

static void *recursive_fn(fringe_yielder *yielder, void *input,
			  void *userdata)
{
	(void)input;
	return V(-recurse(yielder, userdata, 1));
}

START_TEST(test_cancel_deep_recursion)
{
	struct owner o = { 0, 0, NULL, 0, 0, 50 };
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;
	void *out = NULL;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_generator_create(&gen, stack, recursive_fn, &o),
			 0);
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, &out),
			 FRINGE_YIELDED);
	ck_assert_uint_eq(U(out), 50);
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, &out),
			 FRINGE_YIELDED);
	ck_assert_int_eq(fringe_generator_cancel(gen), 0);
	ck_assert_int_eq(o.cancel_rc, -ECANCELED);
	ck_assert_int_eq(o.freed, 50);
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, &out),
			 FRINGE_FINISHED);
	ck_assert_uint_eq(U(out), ECANCELED);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

/*
 * A generator that owns another generator and its stack: cancelled, it
 * destroys the inner one (cancelling that in turn) and its stack.
 */
struct parent {
	struct owner inner;
	int inner_destroy_rc, stack_destroy_rc;
	int cancel_rc;
};

static void *parent_fn(fringe_yielder *yielder, void *input, void *userdata)
{
	struct parent *p = userdata;
	fringe_stack *stack = NULL;
	fringe_generator *inner = NULL;
	void *out;

	(void)input;
	if (fringe_stack_create(&stack, 0) != 0)
		return V(0);
	if (fringe_generator_create(&inner, stack, owner_fn, &p->inner) != 0) {
		p->stack_destroy_rc = fringe_stack_destroy(stack);
		return V(0);
	}
	do {
		if (fringe_generator_resume(inner, NULL, &out) != FRINGE_YIELDED)
			break;
	} while ((p->cancel_rc = fringe_generator_yield(yielder, out, NULL)) ==
		 0);
	p->inner_destroy_rc = fringe_generator_destroy(inner);
	p->stack_destroy_rc = fringe_stack_destroy(stack);
	return V(1);
}

START_TEST(test_cancel_nested)
{
	struct parent p;
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;
	void *out = NULL;

	memset(&p, 0, sizeof p);
	p.inner_destroy_rc = p.stack_destroy_rc = 99;
	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_generator_create(&gen, stack, parent_fn, &p), 0);
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, &out),
			 FRINGE_YIELDED);
	ck_assert_uint_eq(U(out), 1);
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, &out),
			 FRINGE_YIELDED);
	ck_assert_uint_eq(U(out), 2);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(p.cancel_rc, -ECANCELED);
	ck_assert_int_eq(p.inner_destroy_rc, 0);
	ck_assert_int_eq(p.stack_destroy_rc, 0);
	ck_assert_int_eq(p.inner.cancel_rc, -ECANCELED);
	ck_assert_int_eq(p.inner.freed, 1);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

/* A cancelled generator's stack carries a new generator that runs
 * normally: nothing of the cancellation is left behind. */
START_TEST(test_cancel_then_reuse_many)
{
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;
	void *out = NULL;

	ck_assert_int_eq(fringe_stack_create(&stack, 16 * 1024), 0);
	for (int i = 0; i < 1000; i++) {
		struct owner o = { 0, 0, NULL, 0, 0, 0 };

		ck_assert_int_eq(
			fringe_generator_create(&gen, stack, owner_fn, &o), 0);
		for (int j = 0; j <= i % 3; j++)
			ck_assert_int_eq(fringe_generator_resume(gen, NULL, &out),
					 FRINGE_YIELDED);
		ck_assert_uint_eq(U(out), i % 3 + 1);
		if (i % 2 == 0)
			ck_assert_int_eq(fringe_generator_cancel(gen), 0);
		ck_assert_int_eq(fringe_generator_destroy(gen), 0);
		ck_assert_int_eq(o.freed, 1);
		ck_assert_int_eq(o.yields, i % 3);
	}
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

Suite *make_cancel_suite(void)
{
	Suite *suite = suite_create("cancel");
	TCase *tc = tcase_create("cancel");

	tcase_add_loop_test(tc, test_cancel_mid_way, 0, FRINGE_NKINDS);
	tcase_add_test(tc, test_destroy_cancels);
	tcase_add_test(tc, test_cancel_never_started);
	tcase_add_test(tc, test_cancel_finished);
	tcase_add_test(tc, test_cancel_ignored);
	tcase_add_test(tc, test_cancel_deep_recursion);
	tcase_add_test(tc, test_cancel_nested);
	tcase_add_test(tc, test_cancel_then_reuse_many);
	suite_add_tcase(suite, tc);
	return suite;
}

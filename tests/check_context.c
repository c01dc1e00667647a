/*
 * check_context.c - the "context" suite.
 *
 * Area:        the low-level context API: fringe_context_init(),
 *              fringe_context_switch() and fringe_context_switch_link().
 *
 * Purpose:     Check the contract schedulers build on: the entry function
 *              gets the first switch's value, the switching context's stack
 *              pointer and its userdata; switching to a saved stack pointer
 *              resumes exactly that context with the value passed; contexts
 *              can switch among themselves without the main context taking
 *              part, many times, without losing a value; the linking switch
 *              carries values the same way; the documented aborts (an entry
 *              function returning, a NULL stack pointer or stack) happen;
 *              a stack a generator owns cannot be initialized.
 *
 * Limitations: What the linking switch records for unwinders is the
 *              backtrace suite's business; here it is only checked to switch
 *              and carry values like the plain switch.  The abort tests need
 *              Check's fork mode and are not registered when CK_FORK=no.
 *              Contexts that are left suspended are simply abandoned: the
 *              API has nothing to free but their stacks.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fringe-tests.h"

#define PINGPONG_ROUNDS 100000u
#define LINK_ROUNDS 1000u

/* ------------------------------------------------------------------------
 * Main <-> one context
 * ------------------------------------------------------------------------ */

struct adder {
	void *first_value;  /* the value of the first switch */
	void *first_from;   /* the from_sp the entry function got */
	void *userdata_seen;
	uintptr_t rounds;   /* values received so far */
};

/* Replies to every value v with v + 1000, forever. */
static void adder_entry(void *value, void *from_sp, void *userdata)
{
	struct adder *a = userdata;
	fringe_transfer t;

	a->first_value = value;
	a->first_from = from_sp;
	a->userdata_seen = userdata;
	for (;;) {
		a->rounds++;
		t = fringe_context_switch(from_sp, V(U(value) + 1000));
		from_sp = t.sp;
		value = t.value;
	}
}

START_TEST(test_entry_and_switch_back)
{
	struct adder a;
	fringe_stack *stack = NULL;
	fringe_transfer t;
	void *sp = NULL;
	uintptr_t i;

	memset(&a, 0, sizeof a);
	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_context_init(stack, adder_entry, &a, &sp), 0);
	ck_assert_ptr_ne(sp, NULL);
	/* Nothing runs before the first switch. */
	ck_assert_uint_eq(a.rounds, 0);

	t = fringe_context_switch(sp, V(41));
	ck_assert_ptr_eq(a.first_value, V(41));
	ck_assert_ptr_ne(a.first_from, NULL);
	ck_assert_ptr_eq(a.userdata_seen, &a);
	ck_assert_uint_eq(U(t.value), 1041);
	ck_assert_ptr_ne(t.sp, NULL);
	/* The context's saved stack pointer lies on its stack. */
	ck_assert_uint_ge(U(t.sp), U(fringe_stack_base(stack)));
	ck_assert_uint_lt(U(t.sp), U(fringe_stack_limit(stack)));

	/* Switching to the returned sp continues the same context. */
	for (i = 0; i < 10; i++) {
		t = fringe_context_switch(t.sp, V(i));
		ck_assert_uint_eq(U(t.value), i + 1000);
		ck_assert_ptr_ne(t.sp, NULL);
	}
	ck_assert_uint_eq(a.rounds, 11);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

/* ------------------------------------------------------------------------
 * Two contexts switching between themselves
 * ------------------------------------------------------------------------ */

struct pingpong {
	void *main_sp;   /* where ping returns when done */
	void *pong_sp;   /* pong's initial stack pointer */
	fringe_stack *ping_stack, *pong_stack;
	int use_link;    /* switch with fringe_context_switch_link() */
	uintptr_t rounds;
	uintptr_t ping_received, pong_received;
	uintptr_t ping_errors, pong_errors;
	void *ping_first; /* the value main started ping with */
};

static fringe_transfer pp_switch(const struct pingpong *pp, void *sp,
				 void *value, fringe_stack *target)
{
	if (pp->use_link)
		return fringe_context_switch_link(sp, value, target);
	return fringe_context_switch(sp, value);
}

/*
 * Ping sends 0, 2, 4, ... to pong and expects 1, 3, 5, ... back; after
 * `rounds` replies it returns to main with the number it received.
 */
static void ping_entry(void *value, void *from_sp, void *userdata)
{
	struct pingpong *pp = userdata;
	fringe_transfer t;
	uintptr_t i;

	pp->main_sp = from_sp;
	pp->ping_first = value;
	t = pp_switch(pp, pp->pong_sp, V(0), pp->pong_stack);
	for (i = 0;; i++) {
		if (U(t.value) != 2 * i + 1)
			pp->ping_errors++;
		pp->ping_received++;
		if (i + 1 == pp->rounds)
			break;
		t = pp_switch(pp, t.sp, V(2 * i + 2), pp->pong_stack);
	}
	/* Pong stays suspended; main never switches back here. */
	(void)fringe_context_switch(pp->main_sp, V(pp->ping_received));
}

/* Pong answers each even value v with v + 1, forever. */
static void pong_entry(void *value, void *from_sp, void *userdata)
{
	struct pingpong *pp = userdata;
	uintptr_t expected = 0;
	fringe_transfer t;

	for (;;) {
		if (U(value) != expected)
			pp->pong_errors++;
		pp->pong_received++;
		expected += 2;
		t = pp_switch(pp, from_sp, V(U(value) + 1), pp->ping_stack);
		from_sp = t.sp;
		value = t.value;
	}
}

static void run_pingpong(int use_link, uintptr_t rounds)
{
	struct pingpong pp;
	fringe_transfer t;
	void *ping_sp = NULL;

	memset(&pp, 0, sizeof pp);
	pp.use_link = use_link;
	pp.rounds = rounds;
	ck_assert_int_eq(fringe_stack_create(&pp.ping_stack, 0), 0);
	ck_assert_int_eq(fringe_stack_create(&pp.pong_stack, 0), 0);
	ck_assert_int_eq(
		fringe_context_init(pp.ping_stack, ping_entry, &pp, &ping_sp),
		0);
	ck_assert_int_eq(
		fringe_context_init(pp.pong_stack, pong_entry, &pp, &pp.pong_sp),
		0);

	t = fringe_context_switch(ping_sp, V(0xabc));
	ck_assert_ptr_eq(pp.ping_first, V(0xabc));
	ck_assert_uint_eq(U(t.value), rounds);
	ck_assert_ptr_ne(t.sp, NULL);
	ck_assert_uint_eq(pp.ping_received, rounds);
	ck_assert_uint_eq(pp.pong_received, rounds);
	ck_assert_uint_eq(pp.ping_errors, 0);
	ck_assert_uint_eq(pp.pong_errors, 0);
	ck_assert_int_eq(fringe_stack_destroy(pp.pong_stack), 0);
	ck_assert_int_eq(fringe_stack_destroy(pp.ping_stack), 0);
}

START_TEST(test_pingpong)
{
	run_pingpong(0, PINGPONG_ROUNDS);
}
END_TEST

/* The same between two contexts, each switching with the link variant. */
START_TEST(test_pingpong_link)
{
	run_pingpong(1, LINK_ROUNDS);
}
END_TEST

/* ------------------------------------------------------------------------
 * The linking switch from main
 * ------------------------------------------------------------------------ */

/* Replies to every value v with 3 * v, forever. */
static void triple_entry(void *value, void *from_sp, void *userdata)
{
	uintptr_t *received = userdata;
	fringe_transfer t;

	for (;;) {
		(*received)++;
		t = fringe_context_switch(from_sp, V(3 * U(value)));
		from_sp = t.sp;
		value = t.value;
	}
}

START_TEST(test_switch_link_values)
{
	uintptr_t received = 0, i;
	fringe_stack *stack = NULL;
	fringe_transfer t;
	void *sp = NULL;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(
		fringe_context_init(stack, triple_entry, &received, &sp), 0);
	for (i = 1; i <= LINK_ROUNDS; i++) {
		t = fringe_context_switch_link(sp, V(i), stack);
		ck_assert_uint_eq(U(t.value), 3 * i);
		ck_assert_ptr_ne(t.sp, NULL);
		ck_assert_uint_ge(U(t.sp), U(fringe_stack_base(stack)));
		ck_assert_uint_lt(U(t.sp), U(fringe_stack_limit(stack)));
		sp = t.sp;
	}
	ck_assert_uint_eq(received, LINK_ROUNDS);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

/* ------------------------------------------------------------------------
 * Aborts (registered with tcase_add_test_raise_signal(..., SIGABRT))
 * ------------------------------------------------------------------------ */

static void returning_entry(void *value, void *from_sp, void *userdata)
{
	(void)value;
	(void)from_sp;
	(void)userdata;
}

START_TEST(test_entry_return_aborts)
{
	fringe_stack *stack = NULL;
	void *sp = NULL;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_context_init(stack, returning_entry, NULL, &sp),
			 0);
	(void)fringe_context_switch(sp, NULL);
	/* Not reached: the library aborts when the entry function returns. */
	ck_abort_msg("switched back from a context whose entry returned");
}
END_TEST

START_TEST(test_switch_null_aborts)
{
	(void)fringe_context_switch(NULL, V(1));
	ck_abort_msg("fringe_context_switch(NULL, ...) returned");
}
END_TEST

START_TEST(test_switch_link_null_sp_aborts)
{
	fringe_stack *stack = NULL;
	void *sp = NULL;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_context_init(stack, returning_entry, NULL, &sp),
			 0);
	(void)fringe_context_switch_link(NULL, V(1), stack);
	ck_abort_msg("fringe_context_switch_link(NULL, ...) returned");
}
END_TEST

/*
 * The context must not be entered: if the NULL stack were ignored, it would
 * run and _exit(), which Check reports as a failure, not as SIGABRT.
 */
static void exiting_entry(void *value, void *from_sp, void *userdata)
{
	(void)value;
	(void)from_sp;
	(void)userdata;
	_exit(3);
}

START_TEST(test_switch_link_null_stack_aborts)
{
	fringe_stack *stack = NULL;
	void *sp = NULL;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_context_init(stack, exiting_entry, NULL, &sp),
			 0);
	(void)fringe_context_switch_link(sp, V(1), NULL);
	ck_abort_msg("fringe_context_switch_link(sp, v, NULL) returned");
}
END_TEST

/* A stack on which no context was made: the switch must abort, on every
 * backend, and not enter the context `sp` belongs to. */
START_TEST(test_switch_link_no_context_aborts)
{
	fringe_stack *stack = NULL, *bare = NULL;
	void *sp = NULL;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_stack_create(&bare, 0), 0);
	ck_assert_int_eq(fringe_context_init(stack, exiting_entry, NULL, &sp),
			 0);
	(void)fringe_context_switch_link(sp, V(1), bare);
	ck_abort_msg("fringe_context_switch_link(sp, v, bare stack) returned");
}
END_TEST

/* ------------------------------------------------------------------------
 * Stacks owned by generators
 * ------------------------------------------------------------------------ */

static void *unused_generator_fn(fringe_yielder *yielder, void *input,
				 void *userdata)
{
	(void)yielder;
	(void)userdata;
	return input;
}

START_TEST(test_init_on_generator_stack_busy)
{
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;
	uintptr_t received = 0;
	fringe_transfer t;
	void *out = NULL;
	void *sp = NULL;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(
		fringe_generator_create(&gen, stack, unused_generator_fn, NULL),
		0);
	ck_assert_int_eq(fringe_context_init(stack, triple_entry, &received, &sp),
			 -EBUSY);
	/* The generator was not disturbed. */
	ck_assert_int_eq(fringe_generator_state(gen),
			 FRINGE_GENERATOR_RUNNABLE);
	ck_assert_int_eq(fringe_generator_resume(gen, V(5), &out),
			 FRINGE_FINISHED);
	ck_assert_uint_eq(U(out), 5);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);

	/* Once the generator is gone the stack can hold a context. */
	ck_assert_int_eq(fringe_context_init(stack, triple_entry, &received, &sp),
			 0);
	t = fringe_context_switch(sp, V(7));
	ck_assert_uint_eq(U(t.value), 21);
	ck_assert_uint_eq(received, 1);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

Suite *make_context_suite(void)
{
	Suite *suite = suite_create("context");
	TCase *tc;

	tc = tcase_create("switch");
	/* 200000 switches: generous for slow backends (ucontext). */
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_entry_and_switch_back);
	tcase_add_test(tc, test_pingpong);
	tcase_add_test(tc, test_pingpong_link);
	tcase_add_test(tc, test_switch_link_values);
	tcase_add_test(tc, test_init_on_generator_stack_busy);
	suite_add_tcase(suite, tc);

	tc = tcase_create("aborts");
	ADD_SIGNAL_TEST(tc, test_entry_return_aborts, SIGABRT);
	ADD_SIGNAL_TEST(tc, test_switch_null_aborts, SIGABRT);
	ADD_SIGNAL_TEST(tc, test_switch_link_null_sp_aborts, SIGABRT);
	ADD_SIGNAL_TEST(tc, test_switch_link_null_stack_aborts, SIGABRT);
	ADD_SIGNAL_TEST(tc, test_switch_link_no_context_aborts, SIGABRT);
	suite_add_tcase(suite, tc);
	return suite;
}

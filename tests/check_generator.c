/*
 * check_generator.c - the "generator" suite.
 *
 * Area:        fringe_generator_create(), _create_flags(), _resume(),
 *              _yield(), _state(),
 *              _stack(), _from_yielder() and _destroy(), used correctly.
 *
 * Purpose:     Check what a generator's user relies on: which value arrives
 *              where (the function's input, each yield's return, each
 *              resume's output, the return value), the state machine
 *              RUNNABLE -> RUNNING -> RUNNABLE ... -> FINISHED as seen from
 *              outside and from inside, that a finished generator never runs
 *              again, nesting, a million switches and a thousand live
 *              generators without losing a value, reusing a stack after
 *              destroying a finished or a suspended (thereby cancelled)
 *              generator, and generators on caller memory.
 *
 * Limitations: Single-threaded only: the -EBUSY protection against two
 *              threads resuming one generator is not exercised.  Misuse and
 *              error returns are in check_errors.c.  Generator functions
 *              record what they see and the test function asserts on it
 *              afterwards, so a failure is reported from the test's own
 *              stack (generators on FRINGE_STACK_MIN_SIZE stacks have no
 *              room for Check's failure path).
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fringe-tests.h"

#define MILLION 1000000u
#define NGENERATORS 1000
#define NROUNDS 10

/* ------------------------------------------------------------------------
 * Values in and out
 * ------------------------------------------------------------------------ */

#define ECHO_ROUNDS 5

struct echo {
	uintptr_t inputs[ECHO_ROUNDS + 1]; /* every input the function saw */
	int yield_rc[ECHO_ROUNDS];         /* what each yield returned */
	int ninputs;
};

/* Yields input + 1000 for each input it gets; returns the sum of inputs. */
static void *echo_fn(fringe_yielder *yielder, void *input, void *userdata)
{
	struct echo *e = userdata;
	uintptr_t sum = 0;
	int i;

	for (i = 0;; i++) {
		e->inputs[e->ninputs++] = U(input);
		sum += U(input);
		if (i == ECHO_ROUNDS)
			break;
		e->yield_rc[i] =
			fringe_generator_yield(yielder, V(U(input) + 1000),
					       &input);
	}
	return V(sum);
}

/* The echo run, on a generator created with `flags`. */
static void run_echo(unsigned int flags)
{
	struct echo e;
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;
	void *out = NULL;
	uintptr_t sum = 0;
	int i;

	memset(&e, 0, sizeof e);
	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(
		fringe_generator_create_flags(&gen, stack, echo_fn, &e, flags),
		0);
	/* Nothing runs before the first resume. */
	ck_assert_int_eq(e.ninputs, 0);
	for (i = 0; i < ECHO_ROUNDS; i++) {
		uintptr_t in = 7 + 11 * (uintptr_t)i;

		sum += in;
		ck_assert_int_eq(fringe_generator_resume(gen, V(in), &out),
				 FRINGE_YIELDED);
		ck_assert_uint_eq(U(out), in + 1000);
		ck_assert_int_eq(e.ninputs, i + 1);
		ck_assert_uint_eq(e.inputs[i], in);
	}
	ck_assert_int_eq(fringe_generator_resume(gen, V(5000), &out),
			 FRINGE_FINISHED);
	sum += 5000;
	ck_assert_uint_eq(U(out), sum);
	ck_assert_int_eq(e.ninputs, ECHO_ROUNDS + 1);
	ck_assert_uint_eq(e.inputs[ECHO_ROUNDS], 5000);
	for (i = 0; i < ECHO_ROUNDS; i++)
		ck_assert_int_eq(e.yield_rc[i], 0);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}

/* Every kind of generator: the flags change nothing a value sees. */
START_TEST(test_values_in_and_out)
{
	run_echo(fringe_kinds[_i]);
}
END_TEST

struct million {
	uintptr_t bad_inputs; /* inputs that were not what we sent */
	uintptr_t bad_yields; /* yields that did not return 0 */
};

/* Yields 3*i and expects i+1 back, a million times. */
static void *million_fn(fringe_yielder *yielder, void *input, void *userdata)
{
	struct million *m = userdata;
	uintptr_t i;

	if (U(input) != 0)
		m->bad_inputs++;
	for (i = 0; i < MILLION; i++) {
		if (fringe_generator_yield(yielder, V(3 * i), &input) != 0)
			m->bad_yields++;
		if (U(input) != i + 1)
			m->bad_inputs++;
	}
	return V(0xf1f1);
}

START_TEST(test_million_yields)
{
	struct million m = { 0, 0 };
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;
	uintptr_t i, bad_outputs = 0;
	void *out = NULL;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_generator_create(&gen, stack, million_fn, &m),
			 0);
	for (i = 0; i < MILLION; i++) {
		int rc = fringe_generator_resume(gen, V(i), &out);

		/* ck_assert per iteration is slow: count, then assert. */
		if (rc != FRINGE_YIELDED || U(out) != 3 * i)
			bad_outputs++;
	}
	ck_assert_uint_eq(bad_outputs, 0);
	ck_assert_int_eq(fringe_generator_resume(gen, V(MILLION), &out),
			 FRINGE_FINISHED);
	ck_assert_uint_eq(U(out), 0xf1f1);
	ck_assert_uint_eq(m.bad_inputs, 0);
	ck_assert_uint_eq(m.bad_yields, 0);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

/* ------------------------------------------------------------------------
 * Finishing and states
 * ------------------------------------------------------------------------ */

struct runs {
	int calls; /* how many times the function was entered */
	void *input;
};

static void *return_at_once_fn(fringe_yielder *yielder, void *input,
			       void *userdata)
{
	struct runs *r = userdata;

	(void)yielder;
	r->calls++;
	r->input = input;
	return V(0x1234);
}

START_TEST(test_return_value_finished)
{
	struct runs r = { 0, NULL };
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;
	void *out = NULL;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(
		fringe_generator_create(&gen, stack, return_at_once_fn, &r), 0);
	ck_assert_int_eq(fringe_generator_resume(gen, V(77), &out),
			 FRINGE_FINISHED);
	ck_assert_uint_eq(U(out), 0x1234);
	ck_assert_int_eq(r.calls, 1);
	ck_assert_uint_eq(U(r.input), 77);
	ck_assert_int_eq(fringe_generator_state(gen),
			 FRINGE_GENERATOR_FINISHED);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

/* Later resumes report FINISHED and the same result, running nothing. */
START_TEST(test_finished_stays_finished)
{
	struct runs r = { 0, NULL };
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;
	void *out = NULL;
	int i;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(
		fringe_generator_create(&gen, stack, return_at_once_fn, &r), 0);
	ck_assert_int_eq(fringe_generator_resume(gen, V(1), &out),
			 FRINGE_FINISHED);
	for (i = 0; i < 3; i++) {
		out = V(0xdead);
		ck_assert_int_eq(fringe_generator_resume(gen, V(100 + i), &out),
				 FRINGE_FINISHED);
		ck_assert_uint_eq(U(out), 0x1234);
		ck_assert_int_eq(fringe_generator_state(gen),
				 FRINGE_GENERATOR_FINISHED);
	}
	ck_assert_int_eq(fringe_generator_resume(gen, V(200), NULL),
			 FRINGE_FINISHED);
	ck_assert_int_eq(r.calls, 1);
	ck_assert_uint_eq(U(r.input), 1);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

struct states {
	fringe_generator *self; /* set by the test after creating it */
	int via_handle[2];      /* state of `self` seen from inside */
	int via_yielder[2];     /* state of from_yielder() seen from inside */
	int steps;
};

static void *states_fn(fringe_yielder *yielder, void *input, void *userdata)
{
	struct states *s = userdata;

	(void)input;
	s->via_handle[0] = fringe_generator_state(s->self);
	s->via_yielder[0] =
		fringe_generator_state(fringe_generator_from_yielder(yielder));
	s->steps++;
	if (fringe_generator_yield(yielder, V(1), NULL) != 0)
		return V(0);
	s->via_handle[1] = fringe_generator_state(s->self);
	s->via_yielder[1] =
		fringe_generator_state(fringe_generator_from_yielder(yielder));
	s->steps++;
	return V(2);
}

START_TEST(test_states)
{
	struct states s;
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;
	void *out = NULL;

	memset(&s, 0, sizeof s);
	s.via_handle[0] = s.via_handle[1] = -1;
	s.via_yielder[0] = s.via_yielder[1] = -1;
	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_generator_create(&gen, stack, states_fn, &s), 0);
	s.self = gen;
	ck_assert_int_eq(fringe_generator_state(gen),
			 FRINGE_GENERATOR_RUNNABLE);

	ck_assert_int_eq(fringe_generator_resume(gen, NULL, &out),
			 FRINGE_YIELDED);
	ck_assert_int_eq(s.steps, 1);
	ck_assert_int_eq(s.via_handle[0], FRINGE_GENERATOR_RUNNING);
	ck_assert_int_eq(s.via_yielder[0], FRINGE_GENERATOR_RUNNING);
	ck_assert_int_eq(fringe_generator_state(gen),
			 FRINGE_GENERATOR_RUNNABLE);

	ck_assert_int_eq(fringe_generator_resume(gen, NULL, &out),
			 FRINGE_FINISHED);
	ck_assert_int_eq(s.steps, 2);
	ck_assert_int_eq(s.via_handle[1], FRINGE_GENERATOR_RUNNING);
	ck_assert_int_eq(s.via_yielder[1], FRINGE_GENERATOR_RUNNING);
	ck_assert_int_eq(fringe_generator_state(gen),
			 FRINGE_GENERATOR_FINISHED);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

/* ------------------------------------------------------------------------
 * Nesting
 * ------------------------------------------------------------------------ */

struct nest {
	unsigned int inner_flags;    /* for the inner generator's creation */
	fringe_stack *inner_stack;   /* the inner generator's stack */
	fringe_generator *outer;     /* set by the test */
	int create_rc, destroy_rc;   /* inner create/destroy, seen by outer */
	int outer_state_from_inner;  /* outer's state while inner runs */
	uintptr_t bad;               /* unexpected results seen by outer */
};

/* Inner: yields 2*input until it gets 0, then returns 0x1000. */
static void *inner_fn(fringe_yielder *yielder, void *input, void *userdata)
{
	struct nest *n = userdata;

	n->outer_state_from_inner = fringe_generator_state(n->outer);
	while (U(input) != 0)
		if (fringe_generator_yield(yielder, V(2 * U(input)), &input) !=
		    0)
			return V(0);
	return V(0x1000);
}

/*
 * Outer: passes each input on to the inner generator and yields the
 * inner's output plus one; on input 0 lets the inner finish and returns
 * its result plus 0x100.
 */
static void *outer_fn(fringe_yielder *yielder, void *input, void *userdata)
{
	struct nest *n = userdata;
	fringe_generator *inner = NULL;
	void *out = NULL;
	int rc;

	n->create_rc = fringe_generator_create_flags(
		&inner, n->inner_stack, inner_fn, n, n->inner_flags);
	if (n->create_rc != 0)
		return V(0);
	for (;;) {
		rc = fringe_generator_resume(inner, input, &out);
		if (rc == FRINGE_FINISHED)
			break;
		if (rc != FRINGE_YIELDED || U(out) != 2 * U(input))
			n->bad++;
		if (fringe_generator_yield(yielder, V(U(out) + 1), &input) != 0)
			n->bad++;
	}
	if (fringe_generator_state(inner) != FRINGE_GENERATOR_FINISHED)
		n->bad++;
	n->destroy_rc = fringe_generator_destroy(inner);
	return V(U(out) + 0x100);
}

/* Outer and inner generators created with the flags given. */
static void run_nesting(unsigned int outer_flags, unsigned int inner_flags)
{
	struct nest n;
	fringe_stack *outer_stack = NULL;
	fringe_generator *outer = NULL;
	void *out = NULL;
	uintptr_t i;

	memset(&n, 0, sizeof n);
	n.create_rc = n.destroy_rc = n.outer_state_from_inner = -1;
	n.inner_flags = inner_flags;
	ck_assert_int_eq(fringe_stack_create(&outer_stack, 0), 0);
	ck_assert_int_eq(fringe_stack_create(&n.inner_stack, 0), 0);
	ck_assert_int_eq(fringe_generator_create_flags(&outer, outer_stack,
						       outer_fn, &n,
						       outer_flags),
			 0);
	n.outer = outer;
	for (i = 1; i <= 10; i++) {
		ck_assert_int_eq(fringe_generator_resume(outer, V(i), &out),
				 FRINGE_YIELDED);
		ck_assert_uint_eq(U(out), 2 * i + 1);
	}
	ck_assert_int_eq(n.create_rc, 0);
	ck_assert_int_eq(n.outer_state_from_inner, FRINGE_GENERATOR_RUNNING);
	ck_assert_int_eq(fringe_generator_resume(outer, V(0), &out),
			 FRINGE_FINISHED);
	ck_assert_uint_eq(U(out), 0x1100);
	ck_assert_uint_eq(n.bad, 0);
	ck_assert_int_eq(n.destroy_rc, 0);
	ck_assert_int_eq(fringe_generator_destroy(outer), 0);
	ck_assert_int_eq(fringe_stack_destroy(n.inner_stack), 0);
	ck_assert_int_eq(fringe_stack_destroy(outer_stack), 0);
}

/* Every pair of kinds, outer and inner (a loop test over
 * FRINGE_NKINDS * FRINGE_NKINDS): each switches with its own kind of
 * switch. */
START_TEST(test_nesting)
{
	run_nesting(fringe_kinds[_i / FRINGE_NKINDS],
		    fringe_kinds[_i % FRINGE_NKINDS]);
}
END_TEST

/* ------------------------------------------------------------------------
 * Many generators at once
 * ------------------------------------------------------------------------ */

struct member {
	uintptr_t id;
	uintptr_t bad; /* inputs or yield results that were wrong */
};

/* Yields id*1000 + k for round k, expecting k + 1 back; returns ~id. */
static void *member_fn(fringe_yielder *yielder, void *input, void *userdata)
{
	struct member *m = userdata;
	uintptr_t k;

	if (U(input) != 0)
		m->bad++;
	for (k = 0; k < NROUNDS; k++) {
		if (fringe_generator_yield(yielder, V(m->id * 1000 + k),
					   &input) != 0)
			m->bad++;
		if (U(input) != k + 1)
			m->bad++;
	}
	return V(~m->id);
}

START_TEST(test_thousand_generators)
{
	fringe_stack **stacks = calloc(NGENERATORS, sizeof *stacks);
	fringe_generator **gens = calloc(NGENERATORS, sizeof *gens);
	struct member *members = calloc(NGENERATORS, sizeof *members);
	void *out = NULL;
	uintptr_t k;
	size_t i;

	ck_assert_ptr_ne(stacks, NULL);
	ck_assert_ptr_ne(gens, NULL);
	ck_assert_ptr_ne(members, NULL);
	for (i = 0; i < NGENERATORS; i++) {
		members[i].id = i;
		/* 16 KiB: room for lazy symbol binding, which saves the whole
		 * vector register file on the stack, on every backend. */
		ck_assert_int_eq(fringe_stack_create(&stacks[i], 16384), 0);
		ck_assert_int_eq(fringe_generator_create(&gens[i], stacks[i],
							 member_fn,
							 &members[i]),
				 0);
	}
	for (k = 0; k <= NROUNDS; k++) {
		for (i = 0; i < NGENERATORS; i++) {
			int rc = fringe_generator_resume(gens[i], V(k), &out);

			if (k < NROUNDS) {
				ck_assert_int_eq(rc, FRINGE_YIELDED);
				ck_assert_uint_eq(U(out), i * 1000 + k);
			} else {
				ck_assert_int_eq(rc, FRINGE_FINISHED);
				ck_assert_uint_eq(U(out), ~(uintptr_t)i);
			}
		}
	}
	for (i = 0; i < NGENERATORS; i++) {
		ck_assert_uint_eq(members[i].bad, 0);
		ck_assert_int_eq(fringe_generator_destroy(gens[i]), 0);
		ck_assert_int_eq(fringe_stack_destroy(stacks[i]), 0);
	}
	free(members);
	free(gens);
	free(stacks);
}
END_TEST

/* ------------------------------------------------------------------------
 * Destroying and reusing
 * ------------------------------------------------------------------------ */

START_TEST(test_stack_reuse_after_finish)
{
	struct runs r = { 0, NULL };
	struct echo e;
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;
	void *out = NULL;

	memset(&e, 0, sizeof e);
	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(
		fringe_generator_create(&gen, stack, return_at_once_fn, &r), 0);
	ck_assert_int_eq(fringe_generator_resume(gen, V(3), &out),
			 FRINGE_FINISHED);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);

	gen = NULL;
	ck_assert_int_eq(fringe_generator_create(&gen, stack, echo_fn, &e), 0);
	ck_assert_ptr_eq(fringe_generator_stack(gen), stack);
	ck_assert_int_eq(fringe_generator_state(gen),
			 FRINGE_GENERATOR_RUNNABLE);
	ck_assert_int_eq(fringe_generator_resume(gen, V(5), &out),
			 FRINGE_YIELDED);
	ck_assert_uint_eq(U(out), 1005);
	ck_assert_int_eq(e.ninputs, 1);
	ck_assert_int_eq(r.calls, 1);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

struct abandoned {
	int before_yield, after_yield;
	int yield_rc; /* what the yield returned */
};

static void *abandoned_fn(fringe_yielder *yielder, void *input,
			  void *userdata)
{
	struct abandoned *a = userdata;

	(void)input;
	a->before_yield++;
	a->yield_rc = fringe_generator_yield(yielder, V(1), NULL);
	a->after_yield++;
	return V(2);
}

/* Destroying a suspended generator cancels it: its yield returns
 * -ECANCELED and the function runs to its end; the stack is then released
 * for fringe_stack_destroy().  (More in check_cancel.c.) */
START_TEST(test_destroy_suspended_then_stack)
{
	struct abandoned a = { 0, 0, 0 };
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_generator_create(&gen, stack, abandoned_fn, &a),
			 0);
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, NULL),
			 FRINGE_YIELDED);
	ck_assert_int_eq(fringe_generator_state(gen),
			 FRINGE_GENERATOR_RUNNABLE);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(a.before_yield, 1);
	ck_assert_int_eq(a.yield_rc, -ECANCELED);
	ck_assert_int_eq(a.after_yield, 1);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

/* ...or for a new generator, which starts from the beginning. */
START_TEST(test_destroy_suspended_then_reuse)
{
	struct abandoned a = { 0, 0, 0 }, b = { 0, 0, 0 };
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;
	void *out = NULL;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_generator_create(&gen, stack, abandoned_fn, &a),
			 0);
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, NULL),
			 FRINGE_YIELDED);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);

	ck_assert_int_eq(fringe_generator_create(&gen, stack, abandoned_fn, &b),
			 0);
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, &out),
			 FRINGE_YIELDED);
	ck_assert_uint_eq(U(out), 1);
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, &out),
			 FRINGE_FINISHED);
	ck_assert_uint_eq(U(out), 2);
	ck_assert_int_eq(a.before_yield, 1);
	ck_assert_int_eq(a.after_yield, 1);
	ck_assert_int_eq(a.yield_rc, -ECANCELED);
	ck_assert_int_eq(b.before_yield, 1);
	ck_assert_int_eq(b.after_yield, 1);
	ck_assert_int_eq(b.yield_rc, 0);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

/* ------------------------------------------------------------------------
 * Queries
 * ------------------------------------------------------------------------ */

struct identity {
	fringe_generator *self;          /* set by the test */
	fringe_generator *from_yielder;  /* seen from inside */
	fringe_stack *stack_inside;      /* fringe_generator_stack() inside */
	int in_stack;                    /* its frame lies inside the stack */
};

static void *identity_fn(fringe_yielder *yielder, void *input, void *userdata)
{
	struct identity *id = userdata;
	fringe_stack *stack;
	char local = 0;

	(void)input;
	id->from_yielder = fringe_generator_from_yielder(yielder);
	stack = fringe_generator_stack(id->from_yielder);
	id->stack_inside = stack;
	/* The frame, not a local's address: ASan may keep locals on a
	 * separate "fake" stack. */
	id->in_stack =
		U(__builtin_frame_address(0)) >= U(fringe_stack_base(stack)) &&
		U(__builtin_frame_address(0)) < U(fringe_stack_limit(stack));
	return V(local);
}

START_TEST(test_generator_stack)
{
	struct identity id;
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;

	memset(&id, 0, sizeof id);
	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_generator_create(&gen, stack, identity_fn, &id),
			 0);
	ck_assert_ptr_eq(fringe_generator_stack(gen), stack);
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, NULL),
			 FRINGE_FINISHED);
	ck_assert_ptr_eq(id.stack_inside, stack);
	/* The function really ran on that stack. */
	ck_assert_int_eq(id.in_stack, 1);
	ck_assert_ptr_eq(fringe_generator_stack(gen), stack);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

START_TEST(test_from_yielder)
{
	struct identity id;
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;

	memset(&id, 0, sizeof id);
	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_generator_create(&gen, stack, identity_fn, &id),
			 0);
	id.self = gen;
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, NULL),
			 FRINGE_FINISHED);
	ck_assert_ptr_eq(id.from_yielder, gen);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

/* ------------------------------------------------------------------------
 * Caller memory and optional pointers
 * ------------------------------------------------------------------------ */

#define CALLER_MEMORY (64u * 1024u)

/* Uses a good part of its stack at each level, then yields its depth. */
static uintptr_t dig(fringe_yielder *yielder, uintptr_t depth)
{
	volatile unsigned char scratch[4096];
	uintptr_t sum;
	size_t i;

	for (i = 0; i < sizeof scratch; i++)
		scratch[i] = (unsigned char)(depth + i);
	if (fringe_generator_yield(yielder, V(depth), NULL) != 0)
		return 0;
	sum = depth < 4 ? dig(yielder, depth + 1) : 0;
	for (i = 0; i < sizeof scratch; i++)
		if (scratch[i] != (unsigned char)(depth + i))
			return 0;
	return sum + depth;
}

static void *dig_fn(fringe_yielder *yielder, void *input, void *userdata)
{
	(void)input;
	(void)userdata;
	return V(dig(yielder, 1));
}

static void run_dig(fringe_stack *stack)
{
	fringe_generator *gen = NULL;
	void *out = NULL;
	uintptr_t depth;

	ck_assert_int_eq(fringe_generator_create(&gen, stack, dig_fn, NULL), 0);
	for (depth = 1; depth <= 4; depth++) {
		ck_assert_int_eq(fringe_generator_resume(gen, NULL, &out),
				 FRINGE_YIELDED);
		ck_assert_uint_eq(U(out), depth);
	}
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, &out),
			 FRINGE_FINISHED);
	ck_assert_uint_eq(U(out), 1 + 2 + 3 + 4);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
}

START_TEST(test_caller_memory_static)
{
	static unsigned char memory[CALLER_MEMORY];
	fringe_stack *stack = NULL;

	ck_assert_int_eq(fringe_stack_create_on(&stack, memory, sizeof memory),
			 0);
	run_dig(stack);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

START_TEST(test_caller_memory_malloc)
{
	unsigned char *memory = malloc(CALLER_MEMORY);
	fringe_stack *stack = NULL;

	ck_assert_ptr_ne(memory, NULL);
	ck_assert_int_eq(fringe_stack_create_on(&stack, memory, CALLER_MEMORY),
			 0);
	run_dig(stack);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
	free(memory);
}
END_TEST

struct optional {
	int first_rc, second_rc;
	void *second_input;
	int steps;
};

/* Yields once without asking for the input, once asking for it. */
static void *optional_fn(fringe_yielder *yielder, void *input, void *userdata)
{
	struct optional *o = userdata;

	o->steps++;
	o->first_rc = fringe_generator_yield(yielder, V(U(input) + 1), NULL);
	o->steps++;
	o->second_rc = fringe_generator_yield(yielder, V(20), &o->second_input);
	o->steps++;
	return V(30);
}

START_TEST(test_null_output_and_input)
{
	struct optional o = { -1, -1, NULL, 0 };
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;
	void *out = NULL;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_generator_create(&gen, stack, optional_fn, &o),
			 0);
	/* output NULL: the value yielded is dropped, the step still runs. */
	ck_assert_int_eq(fringe_generator_resume(gen, V(9), NULL),
			 FRINGE_YIELDED);
	ck_assert_int_eq(o.steps, 1);
	/* input NULL in the yield: it still returns 0 and goes on. */
	ck_assert_int_eq(fringe_generator_resume(gen, V(10), &out),
			 FRINGE_YIELDED);
	ck_assert_int_eq(o.first_rc, 0);
	ck_assert_int_eq(o.steps, 2);
	ck_assert_uint_eq(U(out), 20);
	ck_assert_int_eq(fringe_generator_resume(gen, V(11), NULL),
			 FRINGE_FINISHED);
	ck_assert_int_eq(o.second_rc, 0);
	ck_assert_uint_eq(U(o.second_input), 11);
	ck_assert_int_eq(o.steps, 3);
	ck_assert_int_eq(fringe_generator_resume(gen, V(12), &out),
			 FRINGE_FINISHED);
	ck_assert_uint_eq(U(out), 30);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

Suite *make_generator_suite(void)
{
	Suite *suite = suite_create("generator");
	TCase *tc;

	tc = tcase_create("values");
	/* A million round trips: generous for slow backends (ucontext). */
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_values_in_and_out, 0, FRINGE_NKINDS);
	tcase_add_test(tc, test_million_yields);
	tcase_add_test(tc, test_return_value_finished);
	tcase_add_test(tc, test_finished_stays_finished);
	tcase_add_test(tc, test_states);
	tcase_add_test(tc, test_null_output_and_input);
	suite_add_tcase(suite, tc);

	tc = tcase_create("many");
	tcase_add_loop_test(tc, test_nesting, 0,
			    FRINGE_NKINDS * FRINGE_NKINDS);
	tcase_add_test(tc, test_thousand_generators);
	suite_add_tcase(suite, tc);

	tc = tcase_create("lifetime");
	tcase_add_test(tc, test_stack_reuse_after_finish);
	tcase_add_test(tc, test_destroy_suspended_then_stack);
	tcase_add_test(tc, test_destroy_suspended_then_reuse);
	tcase_add_test(tc, test_generator_stack);
	tcase_add_test(tc, test_from_yielder);
	tcase_add_test(tc, test_caller_memory_static);
	tcase_add_test(tc, test_caller_memory_malloc);
	suite_add_tcase(suite, tc);
	return suite;
}

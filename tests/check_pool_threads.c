/*
 * check_pool_threads.c - the "pool threads" suite.
 *
 * Area:        generators and stack pools used from several threads.
 *
 * Purpose:     Check the promises of the ATTRIBUTES sections: a suspended
 *              generator resumed by another thread continues there, with
 *              everything it wrote before yielding visible; and threads
 *              sharing one stack pool never get the same stack at the same
 *              time.
 *
 * Limitations: Races are provoked, not proven absent: a window the
 *              scheduler never hits goes unnoticed.  Two threads resuming
 *              the same generator at once are tested in check_threads.c.
 *              Thread-local storage read across a yield on another thread
 *              (see fringe_generator_create(3)) is not tested: its
 *              behaviour depends on the compiler.
 */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#include "fringe-tests.h"

/* ---- a generator moving between threads ------------------------------------------ */

#define HOPS 64

struct hop {
	fringe_generator *g;
	pthread_t seen[HOPS + 1]; /* the thread each resume ran it on */
	int data[HOPS + 1];       /* written by the generator before yielding */
};

static void *hopper_fn(fringe_yielder *y, void *input, void *userdata)
{
	struct hop *h = userdata;

	for (uintptr_t i = U(input); i <= HOPS; i++) {
		h->seen[i] = pthread_self();
		h->data[i] = (int)(i * 3);
		if (fringe_generator_yield(y, V(i), &input) != 0)
			return V(1000);
		if (U(input) != i + 1)
			return V(2000 + i);
	}
	return V(HOPS);
}

struct hop_step {
	struct hop *h;
	uintptr_t i;
	int rc;
	void *out;
};

static void *resume_once(void *arg)
{
	struct hop_step *s = arg;

	s->rc = fringe_generator_resume(s->h->g, V(s->i), &s->out);
	/* Hand it off before the thread ends, for the next one. */
	if (s->rc == FRINGE_YIELDED && fringe_generator_release(s->h->g) != 0)
		s->rc = -1000;
	return NULL;
}

START_TEST(test_generator_moves_between_threads)
{
	struct hop *h = calloc(1, sizeof *h);
	fringe_stack *stack;

	ck_assert_ptr_nonnull(h);
	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_generator_create(&h->g, stack, hopper_fn, h), 0);
	ck_assert_int_eq(fringe_generator_release(h->g), 0);
	/* Each resume from a new thread, which exits before the next. */
	for (uintptr_t i = 0; i <= HOPS; i++) {
		struct hop_step s = { h, i, -1, NULL };
		pthread_t t;

		ck_assert_int_eq(pthread_create(&t, NULL, resume_once, &s), 0);
		ck_assert_int_eq(pthread_join(t, NULL), 0);
		ck_assert_int_eq(s.rc, FRINGE_YIELDED);
		ck_assert_uint_eq(U(s.out), i);
		/* It ran on the thread that resumed it... */
		ck_assert(pthread_equal(h->seen[i], t));
		/* ...and what it wrote there is visible here. */
		ck_assert_int_eq(h->data[i], (int)(i * 3));
	}
	{
		void *out;

		ck_assert_int_eq(fringe_generator_resume(h->g, V(HOPS + 1), &out),
				 FRINGE_FINISHED);
		ck_assert_uint_eq(U(out), HOPS);
	}
	ck_assert_int_eq(fringe_generator_destroy(h->g), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
	free(h);
}
END_TEST

/* ---- one pool, several threads --------------------------------------------------- */

#define POOL_THREADS 4
#define POOL_ROUNDS 5000

struct pool_user {
	fringe_stack_pool *pool;
	uintptr_t mark;
	long errors;
};

static void *echo_fn(fringe_yielder *y, void *input, void *userdata)
{
	(void)userdata;
	while (fringe_generator_yield(y, input, &input) == 0)
		;
	return NULL;
}

/* Marks each stack it gets, runs a generator on it, checks the mark. */
static void *pool_user(void *arg)
{
	struct pool_user *u = arg;

	for (int i = 0; i < POOL_ROUNDS; i++) {
		fringe_stack *stack;
		fringe_generator *g;
		uintptr_t *mark;
		void *out;

		if (fringe_stack_pool_get(u->pool, &stack) != 0) {
			u->errors++;
			continue;
		}
		mark = fringe_stack_base(stack);
		*mark = u->mark;
		if (fringe_generator_create(&g, stack, echo_fn, NULL) != 0 ||
		    fringe_generator_resume(g, V(u->mark), &out) !=
			    FRINGE_YIELDED ||
		    U(out) != u->mark || fringe_generator_destroy(g) != 0)
			u->errors++;
		/* Nobody else wrote on this stack meanwhile. */
		if (*mark != u->mark)
			u->errors++;
		if (fringe_stack_pool_put(u->pool, stack) != 0)
			u->errors++;
	}
	return NULL;
}

START_TEST(test_pool_shared_by_threads)
{
	struct pool_user users[POOL_THREADS];
	pthread_t threads[POOL_THREADS];
	fringe_stack_pool *pool;

	/* Fewer cached stacks than threads: some get new ones. */
	ck_assert_int_eq(fringe_stack_pool_create(&pool, 0, POOL_THREADS / 2), 0);
	for (int i = 0; i < POOL_THREADS; i++) {
		users[i].pool = pool;
		users[i].mark = 0x1000 + (uintptr_t)i;
		users[i].errors = 0;
		ck_assert_int_eq(pthread_create(&threads[i], NULL, pool_user,
						&users[i]),
				 0);
	}
	for (int i = 0; i < POOL_THREADS; i++) {
		ck_assert_int_eq(pthread_join(threads[i], NULL), 0);
		ck_assert_int_eq(users[i].errors, 0);
	}
	ck_assert_int_eq(fringe_stack_pool_destroy(pool), 0);
}
END_TEST

Suite *make_pool_threads_suite(void)
{
	Suite *suite = suite_create("pool threads");
	TCase *tc = tcase_create("threads");

	tcase_add_test(tc, test_generator_moves_between_threads);
	tcase_add_test(tc, test_pool_shared_by_threads);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(suite, tc);
	return suite;
}

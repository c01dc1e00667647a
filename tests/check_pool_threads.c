/*
 * check_pool_threads.c - the "pool threads" suite.
 *
 * Area:        generators and stack pools used from several threads.
 *
 * Purpose:     Check the promises of the ATTRIBUTES sections: two threads
 *              resuming the same generator never run it at the same time
 *              (one of them gets EBUSY), and every value it yields reaches
 *              exactly one of them; a suspended generator resumed by
 *              another thread continues there, with everything it wrote
 *              before yielding visible; and threads sharing one stack pool
 *              never get the same stack at the same time.
 *
 * Limitations: Races are provoked, not proven absent: the two resumers
 *              start together and run until each has been refused
 *              (EBUSY) a few thousand times, or for two million resumes;
 *              a window the scheduler never hits goes unnoticed.  On a
 *              machine with one CPU the resumers mostly take turns, and
 *              the test says so when they never met.  Thread-local storage read
 *              across a yield on another thread (see
 *              fringe_generator_create(3)) is not tested: its behaviour
 *              depends on the compiler.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fringe-tests.h"

#define V(x) ((void *)(uintptr_t)(x))
#define U(p) ((uintptr_t)(p))

/* ---- two resumers, one generator ----------------------------------------------- */

/* Each thread resumes until both have been refused this often... */
#define CONTENDED 2000
/* ...or for at most this many resumes. */
#define MAX_ROUNDS 2000000

struct race {
	fringe_generator *g;
	pthread_barrier_t start;
	int inside;         /* threads inside the generator's function */
	int overlaps;       /* times it found another one inside */
	uint64_t produced;    /* values it has yielded */
	uint64_t consumed[2]; /* sum of values each thread received */
	long resumed[2], busy[2], other[2];
};

/* Yields 1, 2, 3, ... and checks that it never runs twice at once. */
static void *counter_fn(fringe_yielder *y, void *input, void *userdata)
{
	struct race *r = userdata;

	(void)input;
	for (;;) {
		if (__atomic_fetch_add(&r->inside, 1, __ATOMIC_ACQ_REL) != 0)
			r->overlaps++;
		r->produced++;
		__atomic_fetch_sub(&r->inside, 1, __ATOMIC_ACQ_REL);
		if (fringe_generator_yield(y, V((uintptr_t)r->produced), NULL) != 0)
			return NULL;
	}
}

struct racer {
	struct race *r;
	int id;
};

static long busy_seen(struct race *r, int id)
{
	return __atomic_load_n(&r->busy[id], __ATOMIC_RELAXED);
}

static void *racer(void *arg)
{
	struct racer *me = arg;
	struct race *r = me->r;

	pthread_barrier_wait(&r->start);
	for (long i = 0; i < MAX_ROUNDS; i++) {
		void *out;
		int rc = fringe_generator_resume(r->g, NULL, &out);

		if (rc == FRINGE_YIELDED) {
			r->resumed[me->id]++;
			r->consumed[me->id] += U(out);
			/* Hand it off, so that the next resume is contested. */
			if (fringe_generator_release(r->g) != 0)
				r->other[me->id]++;
		} else if (rc == -EBUSY || rc == -EPERM) {
			__atomic_store_n(&r->busy[me->id],
					 r->busy[me->id] + 1, __ATOMIC_RELAXED);
		} else {
			r->other[me->id]++;
		}
		if (busy_seen(r, 0) >= CONTENDED && busy_seen(r, 1) >= CONTENDED)
			break;
	}
	return NULL;
}

START_TEST(test_two_threads_resume_one_generator)
{
	struct race *r = calloc(1, sizeof *r);
	struct racer a = { r, 0 }, b = { r, 1 };
	fringe_stack *stack;
	pthread_t ta, tb;
	long total, busy;

	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(pthread_barrier_init(&r->start, NULL, 2), 0);
	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_generator_create(&r->g, stack, counter_fn, r), 0);
	/* Created here, so ours: hand it over to the racers. */
	ck_assert_int_eq(fringe_generator_release(r->g), 0);
	ck_assert_int_eq(pthread_create(&ta, NULL, racer, &a), 0);
	ck_assert_int_eq(pthread_create(&tb, NULL, racer, &b), 0);
	ck_assert_int_eq(pthread_join(ta, NULL), 0);
	ck_assert_int_eq(pthread_join(tb, NULL), 0);
	pthread_barrier_destroy(&r->start);
	total = r->resumed[0] + r->resumed[1];
	ck_assert_int_gt(total, 0);
	ck_assert_int_eq(r->overlaps, 0);
	ck_assert_int_eq(r->other[0] + r->other[1], 0);
	/* Every resume that succeeded ran the generator once, and each
	 * value 1..total went to exactly one thread. */
	ck_assert_uint_eq(r->produced, (uint64_t)total);
	ck_assert_uint_eq(r->consumed[0] + r->consumed[1],
			  (uint64_t)total * ((uint64_t)total + 1) / 2);
	ck_assert_int_eq(fringe_generator_state(r->g), FRINGE_GENERATOR_RUNNABLE);
	ck_assert_int_eq(fringe_generator_destroy(r->g), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
	busy = r->busy[0] + r->busy[1];
	free(r);
	/* The checks above hold whatever the scheduler did; the refusal
	 * itself was only tested if the two resumes ever collided. */
	if (busy == 0)
		SKIP_TEST("the two resumers never collided in %d rounds each "
			  "(one CPU, or a busy machine)",
			  MAX_ROUNDS);
}
END_TEST

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

	tcase_add_test(tc, test_two_threads_resume_one_generator);
	tcase_add_test(tc, test_generator_moves_between_threads);
	tcase_add_test(tc, test_pool_shared_by_threads);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(suite, tc);
	return suite;
}

/*
 * check_threads.c - the "threads" suite.
 *
 * Area:        generators used from several threads.
 *
 * Purpose:     Check the thread rules of fringe_generator(3): a suspended
 *              generator may be resumed by any thread and then runs on that
 *              thread, keeping its locals (one generator bounced across 4
 *              threads 100 000 times, each resume checked to run on the
 *              resuming thread with the values in order); threads running
 *              their own generators at the same time do not disturb each
 *              other (8 threads); two threads resuming the same generator at
 *              once are arbitrated by its atomic state: one of them gets
 *              -EBUSY (or -EPERM while the other owns it), never both run
 *              it, and every value it yields reaches exactly one of them
 *              (the race is provoked until each thread has been refused a
 *              few thousand times); a destroy racing a resume gets only the
 *              documented results; cancelling from another thread runs the
 *              cleanup on that thread.
 *
 * Limitations: Whether the race really overlapped cannot be observed
 *              directly; the test counts the refusals, retrying up to a
 *              bound, and reports itself skipped if there was none (one
 *              CPU, or a busy machine).  Under Valgrind, which runs one
 *              thread at a time, the counts are reduced.  Thread-local storage cached across
 *              a migration (see fringe_generator(3)) is a compiler matter
 *              and not tested.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fringe-tests.h"

/* Spin until `cond`, letting other threads run now and then. */
#define SPIN_UNTIL(cond)                                                     \
	do {                                                                 \
		unsigned spins_ = 0;                                         \
		while (!(cond))                                              \
			if (++spins_ % 64 == 0)                              \
				sched_yield();                               \
	} while (0)

/* ------------------------------------------------------------------------
 * One generator, four threads
 * ------------------------------------------------------------------------ */

#define BOUNCE_THREADS 4
#define BOUNCE_RESUMES 100000L

struct bounce {
	fringe_generator *gen;
	pthread_t threads[BOUNCE_THREADS];
	long resumes;         /* how many in total */
	atomic_long turn;     /* resume number `turn` is made by thread
			       * turn % BOUNCE_THREADS */
	atomic_int ready;     /* threads[] is filled in */
	int errors;           /* seen by the resumers */
	int gen_errors;       /* seen by the generator */
	long wrong_thread;    /* resumes that ran on another thread */
};

struct bounce_arg {
	struct bounce *b;
	int index;
};

/* Yields 1, 2, 3, ...; each input names the thread that resumed it. */
static void *bounce_fn(fringe_yielder *y, void *input, void *userdata)
{
	struct bounce *b = userdata;
	long count = 0;

	for (;;) {
		long index = (long)U(input);

		if (index < 0 || index >= BOUNCE_THREADS ||
		    !pthread_equal(pthread_self(), b->threads[index]))
			b->wrong_thread++;
		if (index != count % BOUNCE_THREADS)
			b->gen_errors++;
		count++;
		if (fringe_generator_yield(y, V(count), &input) != 0)
			return NULL;
	}
}

static void *bounce_thread(void *arg)
{
	struct bounce_arg *a = arg;
	struct bounce *b = a->b;

	SPIN_UNTIL(atomic_load(&b->ready));
	for (;;) {
		long turn;
		void *out = NULL;

		SPIN_UNTIL((turn = atomic_load_explicit(
				    &b->turn, memory_order_acquire)) >=
				   b->resumes ||
			   turn % BOUNCE_THREADS == a->index);
		if (turn >= b->resumes)
			return NULL;
		/* Resume it, then hand it off for the next thread. */
		if (fringe_generator_resume(b->gen, V(a->index), &out) !=
			    FRINGE_YIELDED ||
		    U(out) != (uintptr_t)turn + 1 ||
		    fringe_generator_release(b->gen) != 0)
			b->errors++;
		atomic_store_explicit(&b->turn, turn + 1, memory_order_release);
	}
}

START_TEST(test_bounce_across_threads)
{
	struct bounce b;
	struct bounce_arg args[BOUNCE_THREADS];
	fringe_stack *stack = NULL;

	memset(&b, 0, sizeof b);
	b.resumes = fringe_under_valgrind() ? 1000 : BOUNCE_RESUMES;
	atomic_init(&b.turn, 0);
	atomic_init(&b.ready, 0);
	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_generator_create(&b.gen, stack, bounce_fn, &b),
			 0);
	ck_assert_int_eq(fringe_generator_release(b.gen), 0);
	for (int i = 0; i < BOUNCE_THREADS; i++) {
		args[i].b = &b;
		args[i].index = i;
		ck_assert_int_eq(pthread_create(&b.threads[i], NULL,
						bounce_thread, &args[i]),
				 0);
	}
	atomic_store(&b.ready, 1);
	for (int i = 0; i < BOUNCE_THREADS; i++)
		ck_assert_int_eq(pthread_join(b.threads[i], NULL), 0);

	ck_assert_int_eq(atomic_load(&b.turn), b.resumes);
	ck_assert_int_eq(b.errors, 0);
	ck_assert_int_eq(b.gen_errors, 0);
	ck_assert_int_eq(b.wrong_thread, 0);
	ck_assert_int_eq(fringe_generator_state(b.gen),
			 FRINGE_GENERATOR_RUNNABLE);
	ck_assert_int_eq(fringe_generator_destroy(b.gen), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

/* ------------------------------------------------------------------------
 * Eight threads, each with its own generators
 * ------------------------------------------------------------------------ */

#define OWN_THREADS 8
#define OWN_GENERATORS 4
#define OWN_ROUNDS 20000L

/* Yields input * 3 + its own step count, forever. */
static void *own_fn(fringe_yielder *y, void *input, void *userdata)
{
	long step = 0;

	(void)userdata;
	for (;;) {
		step++;
		if (fringe_generator_yield(y, V(U(input) * 3 + (uintptr_t)step),
					   &input) != 0)
			return NULL;
	}
}

static void *own_thread(void *arg)
{
	long rounds = *(long *)arg, errors = 0;
	fringe_stack *stacks[OWN_GENERATORS];
	fringe_generator *gens[OWN_GENERATORS];

	for (int i = 0; i < OWN_GENERATORS; i++) {
		if (fringe_stack_create(&stacks[i], 0) != 0 ||
		    fringe_generator_create(&gens[i], stacks[i], own_fn, NULL) !=
			    0)
			return V(-1);
	}
	for (long r = 1; r <= rounds; r++) {
		for (int i = 0; i < OWN_GENERATORS; i++) {
			void *out = NULL;
			uintptr_t in = (uintptr_t)(r * 7 + i);

			if (fringe_generator_resume(gens[i], V(in), &out) !=
				    FRINGE_YIELDED ||
			    U(out) != in * 3 + (uintptr_t)r)
				errors++;
		}
	}
	for (int i = 0; i < OWN_GENERATORS; i++) {
		if (fringe_generator_destroy(gens[i]) != 0 ||
		    fringe_stack_destroy(stacks[i]) != 0)
			errors++;
	}
	return V(errors);
}

START_TEST(test_threads_with_own_generators)
{
	pthread_t threads[OWN_THREADS];
	long rounds = fringe_under_valgrind() ? 200 : OWN_ROUNDS;

	for (int i = 0; i < OWN_THREADS; i++)
		ck_assert_int_eq(
			pthread_create(&threads[i], NULL, own_thread, &rounds),
			0);
	for (int i = 0; i < OWN_THREADS; i++) {
		void *errors = NULL;

		ck_assert_int_eq(pthread_join(threads[i], &errors), 0);
		ck_assert_msg(errors == NULL, "thread %d: %ld errors", i,
			      (long)(intptr_t)errors);
	}
}
END_TEST

/* ------------------------------------------------------------------------
 * Two threads resuming one generator at once
 * ------------------------------------------------------------------------ */

/*
 * Two ways to race: rounds in which both threads start together, at
 * least RACE_ROUNDS_MIN of them and until one of the two has been refused,
 * at most RACE_ROUNDS_MAX; then both resume as fast as they can until each
 * has been refused RACE_REFUSED times, RACE_FREE_MAX resumes each at most.
 */
#define RACE_ROUNDS_MIN 1000
#define RACE_ROUNDS_MAX 200000
#define RACE_REFUSED 2000
#define RACE_FREE_MAX 2000000L

struct race {
	fringe_generator *gen;
	pthread_barrier_t barrier;
	atomic_int stop;    /* no more rounds */
	atomic_int inside;  /* resumes running the generator right now */
	int overlap;        /* the generator saw two of them at once */
	long free_max;      /* resumes each once free */
	uint64_t produced;  /* values it has yielded: 1, 2, 3, ... */
	uint64_t consumed[2]; /* sum of the values each thread received */
	long ok[2], other[2];
	atomic_long busy[2];  /* refusals */
};

/* Each resume: note it is inside, spin a little so that the other
 * thread's resume comes in meanwhile, yield the next number. */
static void *race_fn(fringe_yielder *y, void *input, void *userdata)
{
	struct race *r = userdata;

	(void)input;
	for (;;) {
		if (atomic_fetch_add(&r->inside, 1) != 0)
			r->overlap = 1;
		r->produced++;
		for (volatile int i = 0; i < 2000; i++)
			;
		atomic_fetch_sub(&r->inside, 1);
		if (fringe_generator_yield(y, V(r->produced), NULL) != 0)
			return NULL;
	}
}

/* One try of thread `me` to claim and run it; the one that ran it hands
 * it off again.  Refused: -EBUSY while the other runs it, -EPERM while
 * the other owns it. */
static void race_resume(struct race *r, int me)
{
	void *out = NULL;
	int rc = fringe_generator_resume(r->gen, NULL, &out);

	if (rc == FRINGE_YIELDED) {
		r->ok[me]++;
		r->consumed[me] += U(out);
		if (fringe_generator_release(r->gen) != 0)
			r->other[me]++;
	} else if (rc == -EBUSY || rc == -EPERM) {
		atomic_fetch_add_explicit(&r->busy[me], 1,
					  memory_order_relaxed);
	} else {
		r->other[me]++;
	}
}

static long race_refused(struct race *r, int i)
{
	return atomic_load_explicit(&r->busy[i], memory_order_relaxed);
}

struct race_arg {
	struct race *r;
	int index;
};

static void *race_thread(void *arg)
{
	struct race_arg *a = arg;
	struct race *r = a->r;

	for (;;) {
		pthread_barrier_wait(&r->barrier);
		if (atomic_load(&r->stop))
			break;
		race_resume(r, a->index);
		pthread_barrier_wait(&r->barrier);
	}
	for (long i = 0; i < r->free_max; i++) {
		race_resume(r, a->index);
		if (race_refused(r, 0) >= RACE_REFUSED &&
		    race_refused(r, 1) >= RACE_REFUSED)
			break;
	}
	return NULL;
}

/* Never do both threads run it at once, every round one of them runs it,
 * and every value it yields reaches exactly one of them. */
START_TEST(test_concurrent_resume_refused)
{
	struct race r;
	struct race_arg args[2];
	pthread_t threads[2];
	fringe_stack *stack = NULL;
	const int valgrind = fringe_under_valgrind();
	long rounds = 0, min = valgrind ? 100 : RACE_ROUNDS_MIN;
	long round_runs, round_refused, runs, refused, free_resumes;

	memset(&r, 0, sizeof r);
	atomic_init(&r.stop, 0);
	atomic_init(&r.inside, 0);
	atomic_init(&r.busy[0], 0);
	atomic_init(&r.busy[1], 0);
	r.free_max = valgrind ? 1000 : RACE_FREE_MAX;
	ck_assert_int_eq(pthread_barrier_init(&r.barrier, NULL, 3), 0);
	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_generator_create(&r.gen, stack, race_fn, &r),
			 0);
	/* Created here, so ours: hand it over to the racers. */
	ck_assert_int_eq(fringe_generator_release(r.gen), 0);
	for (int i = 0; i < 2; i++) {
		args[i].r = &r;
		args[i].index = i;
		ck_assert_int_eq(pthread_create(&threads[i], NULL, race_thread,
						&args[i]),
				 0);
	}
	/* One round: release both threads, wait until both are done.
	 * Valgrind runs one thread at a time: there, only the minimum. */
	for (;;) {
		pthread_barrier_wait(&r.barrier);
		pthread_barrier_wait(&r.barrier);
		rounds++;
		if (rounds >= RACE_ROUNDS_MAX ||
		    (rounds >= min &&
		     (valgrind || race_refused(&r, 0) + race_refused(&r, 1) > 0)))
			break;
	}
	round_runs = r.ok[0] + r.ok[1];
	round_refused = race_refused(&r, 0) + race_refused(&r, 1);
	/* Then let them run free. */
	atomic_store(&r.stop, 1);
	pthread_barrier_wait(&r.barrier);
	for (int i = 0; i < 2; i++)
		ck_assert_int_eq(pthread_join(threads[i], NULL), 0);

	runs = r.ok[0] + r.ok[1];
	refused = race_refused(&r, 0) + race_refused(&r, 1);
	ck_assert_int_eq(r.other[0] + r.other[1], 0);
	ck_assert_int_eq(r.overlap, 0);
	/* Every round ran the generator at least once... */
	ck_assert_int_eq(round_runs + round_refused, 2 * rounds);
	ck_assert_int_ge(round_runs, rounds);
	/* ...each resume that succeeded ran it exactly once, and each value
	 * 1..runs went to exactly one thread. */
	ck_assert_uint_eq(r.produced, (uint64_t)runs);
	ck_assert_uint_eq(r.consumed[0] + r.consumed[1],
			  (uint64_t)runs * ((uint64_t)runs + 1) / 2);
	ck_assert_int_eq(fringe_generator_state(r.gen),
			 FRINGE_GENERATOR_RUNNABLE);
	ck_assert_int_eq(fringe_generator_destroy(r.gen), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
	pthread_barrier_destroy(&r.barrier);
	free_resumes = runs - round_runs + refused - round_refused;
	fprintf(stderr,
		"concurrent resumes: %ld rounds, %ld refused; then %ld free "
		"resumes; refused %ld + %ld in all\n",
		rounds, round_refused, free_resumes, race_refused(&r, 0),
		race_refused(&r, 1));
	/* Whether the two resumes ever overlapped is up to the scheduler
	 * (one CPU, a busy machine, Valgrind).  The checks above hold
	 * either way; the refusal was only tested if they did. */
	if (refused == 0)
		SKIP_TEST("the two resumes never overlapped in %ld rounds and "
			  "%ld free resumes%s",
			  rounds, free_resumes, valgrind ? " (Valgrind)" : "");
}
END_TEST

/* ------------------------------------------------------------------------
 * Destroy racing a resume
 * ------------------------------------------------------------------------ */

#define DESTROY_RACES 2000
#define RACE_MEMORY (32u * 1024u)

struct destroy_race {
	fringe_generator *gen;
	pthread_barrier_t barrier;
	int resume_rc, destroy_rc;
	int cancelled;  /* the function saw its cancellation */
	int ran_after;  /* a resume ran it after its cancellation */
};

static void *destroy_race_fn(fringe_yielder *y, void *input, void *userdata)
{
	struct destroy_race *d = userdata;

	(void)input;
	for (;;) {
		if (d->cancelled)
			d->ran_after = 1;
		if (fringe_generator_yield(y, NULL, NULL) != 0) {
			d->cancelled = 1;
			return NULL;
		}
	}
}

static void *destroyer(void *arg)
{
	struct destroy_race *d = arg;

	pthread_barrier_wait(&d->barrier);
	d->destroy_rc = fringe_generator_destroy(d->gen);
	return NULL;
}

START_TEST(test_destroy_races_resume)
{
	unsigned char *memory = malloc(RACE_MEMORY);
	fringe_stack *stack = NULL;
	int races = fringe_under_valgrind() ? 50 : DESTROY_RACES;
	long seen[4] = { 0, 0, 0, 0 };

	ck_assert_ptr_ne(memory, NULL);
	/* On caller memory, so that the handle stays readable after the
	 * destroy and a late resume can report -EINVAL. */
	ck_assert_int_eq(fringe_stack_create_on(&stack, memory, RACE_MEMORY),
			 0);
	for (int i = 0; i < races; i++) {
		struct destroy_race d;
		pthread_t thread;

		memset(&d, 0, sizeof d);
		ck_assert_int_eq(pthread_barrier_init(&d.barrier, NULL, 2), 0);
		ck_assert_int_eq(fringe_generator_create(&d.gen, stack,
							 destroy_race_fn, &d),
				 0);
		ck_assert_int_eq(fringe_generator_resume(d.gen, NULL, NULL),
				 FRINGE_YIELDED);
		/* Nobody's: the resume and the destroy race to claim it. */
		ck_assert_int_eq(fringe_generator_release(d.gen), 0);
		ck_assert_int_eq(pthread_create(&thread, NULL, destroyer, &d),
				 0);
		pthread_barrier_wait(&d.barrier);
		d.resume_rc = fringe_generator_resume(d.gen, NULL, NULL);
		ck_assert_int_eq(pthread_join(thread, NULL), 0);
		if (d.destroy_rc == -EBUSY || d.destroy_rc == -EPERM) {
			/* The resume claimed it first (and was running or
			 * still owns it): destroy it here. */
			ck_assert_int_eq(d.resume_rc, FRINGE_YIELDED);
			ck_assert_int_eq(fringe_generator_destroy(d.gen), 0);
			seen[0]++;
		} else {
			ck_assert_int_eq(d.destroy_rc, 0);
			/* Before the destroy: ran (and yielded).  During its
			 * cancellation: refused.  After the cancellation:
			 * finished.  After it all: not a generator. */
			switch (d.resume_rc) {
			case FRINGE_YIELDED:
				seen[0]++;
				break;
			case -EBUSY:
			case -EPERM:
				seen[1]++;
				break;
			case FRINGE_FINISHED:
				seen[2]++;
				break;
			case -EINVAL:
				seen[3]++;
				break;
			default:
				ck_abort_msg("resume returned %d", d.resume_rc);
			}
		}
		ck_assert_int_eq(d.cancelled, 1);
		ck_assert_int_eq(d.ran_after, 0);
		pthread_barrier_destroy(&d.barrier);
	}
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
	free(memory);
	fprintf(stderr,
		"destroy vs resume: ran first %ld, refused %ld, finished %ld, "
		"destroyed %ld\n",
		seen[0], seen[1], seen[2], seen[3]);
}
END_TEST

/* ------------------------------------------------------------------------
 * Cancelling from another thread
 * ------------------------------------------------------------------------ */

struct remote_cancel {
	fringe_generator *gen;
	pthread_t canceller;
	int cleanup_on_canceller;
	int cancel_rc, release_rc;
};

static void *remote_fn(fringe_yielder *y, void *input, void *userdata)
{
	struct remote_cancel *c = userdata;
	void *memory = malloc(100);

	(void)input;
	while (fringe_generator_yield(y, NULL, NULL) == 0)
		;
	c->cleanup_on_canceller = pthread_equal(pthread_self(), c->canceller);
	free(memory);
	return NULL;
}

static void *canceller(void *arg)
{
	struct remote_cancel *c = arg;

	c->cancel_rc = fringe_generator_cancel(c->gen);
	/* Its owner now: hand it back for the destroy. */
	c->release_rc = fringe_generator_release(c->gen);
	return NULL;
}

START_TEST(test_cancel_from_other_thread)
{
	struct remote_cancel c;
	fringe_stack *stack = NULL;

	memset(&c, 0, sizeof c);
	c.cancel_rc = 99;
	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_generator_create(&c.gen, stack, remote_fn, &c),
			 0);
	ck_assert_int_eq(fringe_generator_resume(c.gen, NULL, NULL),
			 FRINGE_YIELDED);
	ck_assert_int_eq(fringe_generator_release(c.gen), 0);
	ck_assert_int_eq(pthread_create(&c.canceller, NULL, canceller, &c), 0);
	ck_assert_int_eq(pthread_join(c.canceller, NULL), 0);
	ck_assert_int_eq(c.cancel_rc, 0);
	ck_assert_int_eq(c.release_rc, 0);
	ck_assert_int_eq(c.cleanup_on_canceller, 1);
	ck_assert_int_eq(fringe_generator_state(c.gen),
			 FRINGE_GENERATOR_FINISHED);
	ck_assert_int_eq(fringe_generator_destroy(c.gen), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

/* ------------------------------------------------------------------------
 * Owners and hand-overs
 * ------------------------------------------------------------------------ */

/* One call on another thread: what it returned. */
enum other_call {
	OTHER_RESUME,
	OTHER_RESUME_RELEASE,
	OTHER_CANCEL,
	OTHER_DESTROY,
	OTHER_RELEASE
};

struct other {
	fringe_generator *gen;
	enum other_call call;
	int rc;
	void *out;
};

static void *other_thread(void *arg)
{
	struct other *o = arg;

	switch (o->call) {
	case OTHER_RESUME:
		o->rc = fringe_generator_resume(o->gen, V(7), &o->out);
		break;
	case OTHER_RESUME_RELEASE:
		o->rc = fringe_generator_resume(o->gen, V(7), &o->out);
		if (fringe_generator_release(o->gen) != 0)
			o->rc = 2000;
		break;
	case OTHER_CANCEL:
		o->rc = fringe_generator_cancel(o->gen);
		break;
	case OTHER_DESTROY:
		o->rc = fringe_generator_destroy(o->gen);
		break;
	case OTHER_RELEASE:
		o->rc = fringe_generator_release(o->gen);
		break;
	}
	return NULL;
}

static int on_other_thread(fringe_generator *gen, enum other_call call,
			   void **out)
{
	struct other o = { gen, call, 1000, NULL };
	pthread_t t;

	ck_assert_int_eq(pthread_create(&t, NULL, other_thread, &o), 0);
	ck_assert_int_eq(pthread_join(t, NULL), 0);
	if (out != NULL)
		*out = o.out;
	return o.rc;
}

/* Counts its resumes; tries to release itself while running. */
static void *owned_fn(fringe_yielder *y, void *input, void *userdata)
{
	int *release_rc = userdata;

	for (uintptr_t n = 1;; n++) {
		*release_rc = fringe_generator_release(
			fringe_generator_from_yielder(y));
		if (U(input) == 99)
			return V(1000);
		if (fringe_generator_yield(y, V(n), &input) != 0)
			return NULL;
	}
}

START_TEST(test_other_threads_refused_until_released)
{
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;
	int release_rc = 0;
	void *out = NULL;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_generator_create(&gen, stack, owned_fn,
						 &release_rc),
			 0);
	/* New: the creator's.  Released: nobody's, and releasing it again
	 * does nothing.  The first resume claims it. */
	ck_assert_int_eq(on_other_thread(gen, OTHER_RESUME, NULL), -EPERM);
	ck_assert_int_eq(fringe_generator_release(gen), 0);
	ck_assert_int_eq(fringe_generator_release(gen), 0);
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, &out),
			 FRINGE_YIELDED);
	ck_assert_uint_eq(U(out), 1);
	/* Running, it cannot hand itself over. */
	ck_assert_int_eq(release_rc, -EBUSY);

	/* Ours now: another thread is refused, and nothing changes. */
	ck_assert_int_eq(on_other_thread(gen, OTHER_RESUME, NULL), -EPERM);
	ck_assert_int_eq(on_other_thread(gen, OTHER_CANCEL, NULL), -EPERM);
	ck_assert_int_eq(on_other_thread(gen, OTHER_DESTROY, NULL), -EPERM);
	ck_assert_int_eq(on_other_thread(gen, OTHER_RELEASE, NULL), -EPERM);
	ck_assert_int_eq(fringe_generator_state(gen),
			 FRINGE_GENERATOR_RUNNABLE);
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, &out),
			 FRINGE_YIELDED);
	ck_assert_uint_eq(U(out), 2);

	/* Handed over: the other thread resumes it, owns it, hands it back. */
	ck_assert_int_eq(fringe_generator_release(gen), 0);
	ck_assert_int_eq(fringe_generator_release(gen), 0);
	ck_assert_int_eq(on_other_thread(gen, OTHER_RESUME_RELEASE, &out),
			 FRINGE_YIELDED);
	ck_assert_uint_eq(U(out), 3);
	ck_assert_int_eq(fringe_generator_resume(gen, V(99), &out),
			 FRINGE_FINISHED);
	ck_assert_uint_eq(U(out), 1000);

	/* Finished (and ours): any thread may read it; destroying it is
	 * the owner's, or anyone's once it is released. */
	ck_assert_int_eq(on_other_thread(gen, OTHER_RESUME, &out),
			 FRINGE_FINISHED);
	ck_assert_uint_eq(U(out), 1000);
	ck_assert_int_eq(on_other_thread(gen, OTHER_DESTROY, NULL), -EPERM);
	ck_assert_int_eq(fringe_generator_state(gen),
			 FRINGE_GENERATOR_FINISHED);
	ck_assert_int_eq(fringe_generator_release(gen), 0);
	ck_assert_int_eq(on_other_thread(gen, OTHER_DESTROY, NULL), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

/* A thread that ends owning a generator leaves it to nobody else; a
 * destroyed generator cannot be released. */
START_TEST(test_owner_gone)
{
	/* Static: the generator left behind keeps its stack for good. */
	static unsigned char gone[64 * 1024];
	size_t size = sizeof gone;
	unsigned char *memory;
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;
	int release_rc = 0;

	ck_assert_int_eq(fringe_stack_create_on(&stack, gone, size), 0);
	ck_assert_int_eq(fringe_generator_create(&gen, stack, owned_fn,
						 &release_rc),
			 0);
	ck_assert_int_eq(fringe_generator_release(gen), 0);
	ck_assert_int_eq(on_other_thread(gen, OTHER_RESUME, NULL),
			 FRINGE_YIELDED);
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, NULL), -EPERM);
	ck_assert_int_eq(fringe_generator_cancel(gen), -EPERM);
	ck_assert_int_eq(fringe_generator_destroy(gen), -EPERM);
	ck_assert_int_eq(fringe_generator_release(gen), -EPERM);
	ck_assert_int_eq(fringe_generator_state(gen),
			 FRINGE_GENERATOR_RUNNABLE);
	ck_assert_int_eq(fringe_stack_destroy(stack), -EBUSY);

	/* A destroyed generator (on caller memory, so the handle stays
	 * readable): -EINVAL. */
	memory = malloc(size);
	ck_assert_ptr_nonnull(memory);
	ck_assert_int_eq(fringe_stack_create_on(&stack, memory, size), 0);
	ck_assert_int_eq(fringe_generator_create(&gen, stack, owned_fn,
						 &release_rc),
			 0);
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, NULL),
			 FRINGE_YIELDED);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(fringe_generator_release(gen), -EINVAL);
	ck_assert_int_eq(fringe_generator_release(NULL), -EINVAL);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
	free(memory);
}
END_TEST

Suite *make_threads_suite(void)
{
	Suite *suite = suite_create("threads");
	TCase *tc = tcase_create("threads");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_bounce_across_threads);
	tcase_add_test(tc, test_threads_with_own_generators);
	tcase_add_test(tc, test_concurrent_resume_refused);
	tcase_add_test(tc, test_destroy_races_resume);
	tcase_add_test(tc, test_cancel_from_other_thread);
	tcase_add_test(tc, test_other_threads_refused_until_released);
	tcase_add_test(tc, test_owner_gone);
	suite_add_tcase(suite, tc);
	return suite;
}

/*
 * check_pool_threads.c - the "pool threads" suite.
 *
 * Area:        generators and stack pools used from several threads.
 *
 * Purpose:     Check the promises of the ATTRIBUTES sections: a suspended
 *              generator resumed by another thread continues there, with
 *              everything it wrote before yielding visible; and threads
 *              sharing one stack pool never get the same stack at the same
 *              time.  Then what fringe_stack_pool(3) says of the pool's
 *              creator and the other threads, with a second thread whose
 *              calls interleave with the creator's in a fixed order:
 *              - last returned, first handed out, in the creator's cache
 *                and in the other threads' shared one; a stack the creator
 *                got and another thread gave back is handed out again to
 *                either, the creator taking it once its own cache is
 *                empty; and the other way round (test_pool_threads_lifo);
 *              - stacks got on one thread and given back or destroyed on
 *                another are counted: destroying the pool fails with
 *                EBUSY while any is out, and succeeds once all are back
 *                or destroyed (test_pool_threads_accounting);
 *              - max_cached bounds the stacks both caches keep together:
 *                the creator borrows the shared cache's free slots, so
 *                that another thread's stack is unmapped when none is
 *                left; the creator gives its slots back when its cache
 *                runs dry, after which another thread's stack is kept and
 *                the creator's are unmapped.  Which stacks stay mapped is
 *                asked of the kernel (mincore), and the mappings are
 *                counted (test_pool_threads_max_cached);
 *              - four threads and the creator get, use, give back, pass
 *                each other and destroy stacks of one pool: no stack is
 *                held by two threads at once, the pool can then be
 *                destroyed, and the process has no more mappings than
 *                before the pool (test_pool_threads_hammer).
 *
 * Limitations: Races are provoked, not proven absent: a window the
 *              scheduler never hits goes unnoticed.  Two threads resuming
 *              the same generator at once are tested in check_threads.c.
 *              Thread-local storage read across a yield on another thread
 *              (see fringe_generator_create(3)) is not tested: its
 *              behaviour depends on the compiler.  Mappings are seen on
 *              Linux only, not under emulators, and counted only where
 *              Valgrind, an emulator or a sanitizer maps nothing of its
 *              own; elsewhere the pool tests check the stacks handed out
 *              and the calls' results alone.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

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

/* ---- the creating thread and the others -------------------------------------------- */

#define STACK_SIZE (16u * 1024u)

/*
 * Another thread that calls the pool functions on request, one call at a
 * time, while this one waits: the order of the two threads' calls is the
 * test's.  It lives through the test, so that its own mappings (its stack,
 * its malloc arena) are there before the counting and stay.
 */
enum op { OP_NONE, OP_GET, OP_PUT, OP_STACK_DESTROY, OP_QUIT };

struct worker {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	enum op op; /* the request, OP_NONE once done */
	fringe_stack_pool *pool;
	fringe_stack *stack;
	int rc;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	int quit = 0;

	pthread_mutex_lock(&w->lock);
	while (!quit) {
		while (w->op == OP_NONE)
			pthread_cond_wait(&w->cond, &w->lock);
		switch (w->op) {
		case OP_GET:
			w->rc = fringe_stack_pool_get(w->pool, &w->stack);
			break;
		case OP_PUT:
			w->rc = fringe_stack_pool_put(w->pool, w->stack);
			break;
		case OP_STACK_DESTROY:
			w->rc = fringe_stack_destroy(w->stack);
			break;
		default:
			w->rc = 0;
			quit = 1;
			break;
		}
		w->op = OP_NONE;
		pthread_cond_broadcast(&w->cond);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

/* Have the worker make one call; its result. */
static int on_worker(struct worker *w, enum op op, fringe_stack_pool *pool,
		     fringe_stack **stack)
{
	int rc;

	pthread_mutex_lock(&w->lock);
	w->op = op;
	w->pool = pool;
	w->stack = *stack;
	pthread_cond_broadcast(&w->cond);
	while (w->op != OP_NONE)
		pthread_cond_wait(&w->cond, &w->lock);
	*stack = w->stack;
	rc = w->rc;
	pthread_mutex_unlock(&w->lock);
	return rc;
}

/* The worker gets a stack from `pool`, gives one back, destroys one. */
static fringe_stack *t_get(struct worker *w, fringe_stack_pool *pool)
{
	fringe_stack *stack = NULL;

	ck_assert_int_eq(on_worker(w, OP_GET, pool, &stack), 0);
	ck_assert_ptr_nonnull(stack);
	return stack;
}

static void t_put(struct worker *w, fringe_stack_pool *pool,
		  fringe_stack *stack)
{
	ck_assert_int_eq(on_worker(w, OP_PUT, pool, &stack), 0);
}

static void t_stack_destroy(struct worker *w, fringe_stack *stack)
{
	ck_assert_int_eq(on_worker(w, OP_STACK_DESTROY, NULL, &stack), 0);
}

/* A generator on `stack` echoes `value`: 0 if it did. */
static int one_life(fringe_stack *stack, uintptr_t value)
{
	fringe_generator *g;
	void *out = NULL;

	if (fringe_generator_create(&g, stack, echo_fn, NULL) != 0)
		return 1;
	if (fringe_generator_resume(g, V(value), &out) != FRINGE_YIELDED ||
	    U(out) != value)
		return 2;
	return fringe_generator_destroy(g) != 0 ? 3 : 0;
}

/* This thread (the pool's creator) gets a stack. */
static fringe_stack *get(fringe_stack_pool *pool)
{
	fringe_stack *stack = NULL;

	ck_assert_int_eq(fringe_stack_pool_get(pool, &stack), 0);
	ck_assert_ptr_nonnull(stack);
	return stack;
}

static void put(fringe_stack_pool *pool, fringe_stack *stack)
{
	ck_assert_int_eq(fringe_stack_pool_put(pool, stack), 0);
}

/* Start the worker, and let it and this thread set themselves up (their
 * malloc arenas, their first stacks) on a pool that keeps nothing. */
static void worker_start(struct worker *w)
{
	fringe_stack_pool *none;
	fringe_stack *stack;

	w->op = OP_NONE;
	ck_assert_int_eq(pthread_mutex_init(&w->lock, NULL), 0);
	ck_assert_int_eq(pthread_cond_init(&w->cond, NULL), 0);
	ck_assert_int_eq(pthread_create(&w->thread, NULL, worker_main, w), 0);
	ck_assert_int_eq(fringe_stack_pool_create(&none, STACK_SIZE, 0), 0);
	stack = t_get(w, none);
	t_put(w, none, stack);
	/* This thread's side too. */
	put(none, get(none));
	ck_assert_int_eq(fringe_stack_pool_destroy(none), 0);
}

static void worker_stop(struct worker *w)
{
	fringe_stack *none = NULL;

	on_worker(w, OP_QUIT, NULL, &none);
	ck_assert_int_eq(pthread_join(w->thread, NULL), 0);
	pthread_cond_destroy(&w->cond);
	pthread_mutex_destroy(&w->lock);
}

/*
 * What the memory mappings show, on Linux.  Whether one stack is mapped
 * does not depend on how the kernel merges neighbouring mappings:
 * mincore(2) fails with ENOMEM on an unmapped page.  It is asked of a
 * stack just after the stack was given back, before anything else can be
 * mapped at its address; not under an emulator, which may keep the pages
 * a program unmaps reserved.  The mappings are counted only where all of
 * them are the program's: not under Valgrind, an emulator or a sanitizer
 * (the conditions under which check_pool.c skips its system-call test).
 */
#ifdef __linux__
static int sees_mappings(void)
{
	return !fringe_emulated();
}

static int counts_mappings(void)
{
	return !fringe_under_valgrind() && !fringe_emulated() &&
	       !FRINGE_TEST_SANITIZED;
}

/* A stack's lowest and highest usable pages, kept to ask about it after it
 * was given back. */
struct area {
	char *lo, *hi;
};

static struct area area_of(fringe_stack *stack)
{
	struct area a;

	a.lo = fringe_stack_base(stack);
	a.hi = (char *)fringe_stack_limit(stack) - fringe_page_size();
	return a;
}

static int page_mapped(char *page)
{
	unsigned char resident;

	if (mincore(page, fringe_page_size(), &resident) == 0)
		return 1;
	ck_assert_int_eq(errno, ENOMEM);
	return 0;
}

/* The stack of area `a` is mapped (1) or not (0), or that cannot be
 * seen. */
static int mapped_as(struct area a, int mapped)
{
	return !sees_mappings() ||
	       (page_mapped(a.lo) == mapped && page_mapped(a.hi) == mapped);
}

/* The process's mappings, or 0 where they are not counted. */
static long count(void)
{
	return counts_mappings() ? fringe_count_mappings() : 0;
}

/* `n` guarded stacks more at `to` than at `from`: two mappings each, or
 * one where the kernel merged a stack with a neighbour; or they are not
 * counted. */
static int stacks_between(long from, long to, long n)
{
	return !counts_mappings() || (to - from >= n && to - from <= 2 * n);
}
#else
struct area {
	int unused;
};

static struct area area_of(fringe_stack *stack)
{
	struct area a = { 0 };

	(void)stack;
	return a;
}

static int mapped_as(struct area a, int mapped)
{
	(void)a;
	(void)mapped;
	return 1;
}

static long count(void)
{
	return 0;
}

static int stacks_between(long from, long to, long n)
{
	(void)from;
	(void)to;
	(void)n;
	return 1;
}
#endif

#define ASSERT_MAPPED(area, name, mapped)                                    \
	ck_assert_msg(mapped_as(area, mapped), "stack %s is %s", name,       \
		      (mapped) ? "unmapped, expected it kept"                \
			       : "mapped, expected it unmapped")
#define ASSERT_STACKS(from, to, n, what)                                     \
	ck_assert_msg(stacks_between(from, to, n),                           \
		      "%s: %ld mappings more, expected %d stacks' (%d)", what, \
		      (to) - (from), n, 2 * (n))

/*
 * Last returned, first handed out, on each side: the creator's own cache,
 * the other threads' shared one, and across them.
 */
START_TEST(test_pool_threads_lifo)
{
	struct worker w;
	fringe_stack_pool *pool;
	fringe_stack *a, *b, *c, *d;

	worker_start(&w);
	ck_assert_int_eq(fringe_stack_pool_create(&pool, STACK_SIZE, 4), 0);
	/* The creator. */
	a = get(pool);
	b = get(pool);
	ck_assert_ptr_ne(a, b);
	put(pool, a);
	put(pool, b);
	ck_assert_ptr_eq(get(pool), b);
	ck_assert_ptr_eq(get(pool), a);
	/* Another thread, the shared cache empty: new stacks, which come
	 * back to it. */
	c = t_get(&w, pool);
	d = t_get(&w, pool);
	ck_assert_ptr_ne(c, d);
	ck_assert_ptr_ne(c, a);
	ck_assert_ptr_ne(c, b);
	ck_assert_ptr_ne(d, a);
	ck_assert_ptr_ne(d, b);
	t_put(&w, pool, c);
	t_put(&w, pool, d);
	ck_assert_ptr_eq(t_get(&w, pool), d);
	ck_assert_ptr_eq(t_get(&w, pool), c);
	/* A stack the creator got, given back by the other thread: the other
	 * thread gets it again... */
	t_put(&w, pool, a);
	ck_assert_ptr_eq(t_get(&w, pool), a);
	t_put(&w, pool, a);
	/* ...and so does the creator, whose own cache is empty. */
	ck_assert_ptr_eq(get(pool), a);
	/* A stack the other thread got, given back by the creator. */
	put(pool, c);
	ck_assert_ptr_eq(get(pool), c);
	/* Each works. */
	ck_assert_int_eq(one_life(a, 1), 0);
	ck_assert_int_eq(one_life(c, 2), 0);

	put(pool, a);
	put(pool, b);
	t_put(&w, pool, c);
	t_put(&w, pool, d);
	ck_assert_int_eq(fringe_stack_pool_destroy(pool), 0);
	worker_stop(&w);
}
END_TEST

/*
 * A pool counts the stacks it handed out, whichever thread got them and
 * whichever gave them back or destroyed them: it cannot be destroyed while
 * one is out, and can once all are back.
 */
START_TEST(test_pool_threads_accounting)
{
	struct worker w;
	fringe_stack_pool *pool;
	fringe_stack *a, *b;

	worker_start(&w);
	ck_assert_int_eq(fringe_stack_pool_create(&pool, STACK_SIZE, 2), 0);

	/* Got by the creator, given back by the other thread, and the
	 * other way round. */
	a = get(pool);
	b = t_get(&w, pool);
	ck_assert_int_eq(fringe_stack_pool_destroy(pool), -EBUSY);
	t_put(&w, pool, a);
	ck_assert_int_eq(fringe_stack_pool_destroy(pool), -EBUSY);
	put(pool, b);
	ck_assert_int_eq(fringe_stack_pool_destroy(pool), 0);

	/* One stack out, back through the other thread: nothing is out. */
	ck_assert_int_eq(fringe_stack_pool_create(&pool, STACK_SIZE, 2), 0);
	a = get(pool);
	ck_assert_int_eq(fringe_stack_pool_destroy(pool), -EBUSY);
	t_put(&w, pool, a);
	ck_assert_int_eq(fringe_stack_pool_destroy(pool), 0);
	ck_assert_int_eq(fringe_stack_pool_create(&pool, STACK_SIZE, 2), 0);
	b = t_get(&w, pool);
	ck_assert_int_eq(fringe_stack_pool_destroy(pool), -EBUSY);
	put(pool, b);
	ck_assert_int_eq(fringe_stack_pool_destroy(pool), 0);

	/* Destroyed instead of given back: by the thread that got it or by
	 * another, the pool forgets it. */
	ck_assert_int_eq(fringe_stack_pool_create(&pool, STACK_SIZE, 2), 0);
	a = get(pool);
	ck_assert_int_eq(fringe_stack_pool_destroy(pool), -EBUSY);
	ck_assert_int_eq(fringe_stack_destroy(a), 0);
	ck_assert_int_eq(fringe_stack_pool_destroy(pool), 0);
	ck_assert_int_eq(fringe_stack_pool_create(&pool, STACK_SIZE, 2), 0);
	a = get(pool);
	b = t_get(&w, pool);
	t_stack_destroy(&w, a);
	ck_assert_int_eq(fringe_stack_pool_destroy(pool), -EBUSY);
	ck_assert_int_eq(fringe_stack_destroy(b), 0);
	/* Still working after the refusals, on both sides. */
	a = get(pool);
	b = t_get(&w, pool);
	ck_assert_int_eq(one_life(a, 3), 0);
	ck_assert_int_eq(one_life(b, 4), 0);
	t_put(&w, pool, a);
	ck_assert_int_eq(fringe_stack_pool_destroy(pool), -EBUSY);
	put(pool, b);
	ck_assert_int_eq(fringe_stack_pool_destroy(pool), 0);
	worker_stop(&w);
}
END_TEST

/*
 * max_cached bounds the stacks kept by both caches together.  The creator
 * keeps the stacks it gives back in free slots of the other threads' cache,
 * which then has fewer; it gives its slots back when it finds its own
 * cache empty.
 */
START_TEST(test_pool_threads_max_cached)
{
	struct worker w;
	fringe_stack_pool *pool;
	fringe_stack *a, *b, *c, *d;
	struct area aa, ab, ac, ad;
	long before, out, kept, after;

	worker_start(&w);
	before = count();

	/* Three slots, four stacks out. */
	ck_assert_int_eq(fringe_stack_pool_create(&pool, STACK_SIZE, 3), 0);
	a = get(pool);
	b = get(pool);
	c = t_get(&w, pool);
	d = t_get(&w, pool);
	aa = area_of(a);
	ab = area_of(b);
	ac = area_of(c);
	ad = area_of(d);
	out = count();
	ASSERT_STACKS(before, out, 4, "4 stacks out");
	/* The creator keeps two, in two of the three slots... */
	put(pool, a);
	put(pool, b);
	ASSERT_MAPPED(aa, "A", 1);
	ASSERT_MAPPED(ab, "B", 1);
	/* ...so the other thread's cache keeps one and unmaps the next. */
	t_put(&w, pool, c);
	ASSERT_MAPPED(ac, "C", 1);
	t_put(&w, pool, d);
	ASSERT_MAPPED(ad, "D", 0);
	kept = count();
	ASSERT_STACKS(before, kept, 3, "3 stacks kept of 4");
	ASSERT_STACKS(kept, out, 1, "1 stack unmapped of 4");
	/* The creator's own, last returned first; then, its cache empty,
	 * the other thread's. */
	ck_assert_ptr_eq(get(pool), b);
	ck_assert_ptr_eq(get(pool), a);
	ck_assert_ptr_eq(get(pool), c);
	put(pool, a);
	put(pool, b);
	put(pool, c);
	ck_assert_int_eq(count(), kept);
	ck_assert_int_eq(fringe_stack_pool_destroy(pool), 0);
	after = count();
	ck_assert_msg(after <= before,
		      "%ld mappings before the pool, %ld after destroying it",
		      before, after);

	/* One slot, which moves. */
	ck_assert_int_eq(fringe_stack_pool_create(&pool, STACK_SIZE, 1), 0);
	a = get(pool);
	aa = area_of(a);
	put(pool, a); /* the creator takes the slot */
	ASSERT_MAPPED(aa, "A", 1);
	ck_assert_ptr_eq(get(pool), a);
	/* Its cache empty, the creator gives the slot back; none is kept. */
	b = get(pool);
	ck_assert_ptr_ne(b, a);
	ab = area_of(b);
	/* The other thread's stack takes the slot. */
	c = t_get(&w, pool);
	ck_assert_ptr_ne(c, a);
	ck_assert_ptr_ne(c, b);
	ac = area_of(c);
	t_put(&w, pool, c);
	ASSERT_MAPPED(ac, "C", 1);
	out = count();
	ASSERT_STACKS(before, out, 3, "2 stacks out, 1 kept");
	/* No slot is left for the creator's. */
	put(pool, a);
	ASSERT_MAPPED(aa, "A", 0);
	put(pool, b);
	ASSERT_MAPPED(ab, "B", 0);
	kept = count();
	ASSERT_STACKS(before, kept, 1, "1 stack kept of 3");
	ASSERT_STACKS(kept, out, 2, "2 stacks unmapped of 3");
	/* The creator gets the other thread's, and keeps it when it gives it
	 * back: the other thread's next is unmapped. */
	ck_assert_ptr_eq(get(pool), c);
	d = t_get(&w, pool);
	ck_assert_ptr_ne(d, c);
	ad = area_of(d);
	put(pool, c);
	ASSERT_MAPPED(ac, "C", 1);
	t_put(&w, pool, d);
	ASSERT_MAPPED(ad, "D", 0);
	ck_assert_int_eq(count(), kept);
	ck_assert_ptr_eq(get(pool), c);
	put(pool, c);
	ck_assert_int_eq(fringe_stack_pool_destroy(pool), 0);
	after = count();
	ck_assert_msg(after <= before,
		      "%ld mappings before the pool, %ld after destroying it",
		      before, after);
	worker_stop(&w);
}
END_TEST

/* ---- many threads and the creator ---------------------------------------------------- */

#define HAMMER_THREADS 4
#define HAMMER_ROUNDS 3000
#define HAMMER_SLOTS 4
#define HAMMER_CACHED 6

/* A stack's first word while it is passed between threads. */
#define PASSED ((uintptr_t)1)

struct hammer {
	fringe_stack_pool *pool;
	/* Stacks left by one thread for another to give back. */
	fringe_stack *slots[HAMMER_SLOTS];
	/* The threads wait here, set up, until the pool exists; and then,
	 * done, until it is destroyed and the mappings are counted. */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int ready, go, done, quit;
};

struct hammerer {
	struct hammer *h;
	uintptr_t mark; /* written on each stack it holds */
	uint32_t rng;
	long errors;
};

static uint32_t next_random(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

/*
 * Take a stack and mark it as this thread's: its first word, 0 while no
 * thread holds it, becomes the thread's mark (`from` is what it must hold
 * before: 0, or PASSED for a stack left by another thread).  Two threads
 * given the same stack cannot both succeed.
 */
static int take(fringe_stack *stack, uintptr_t from, uintptr_t mark)
{
	uintptr_t *word = fringe_stack_base(stack);

	return __atomic_compare_exchange_n(word, &from, mark, 0,
					   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

static int release(fringe_stack *stack, uintptr_t mark, uintptr_t to)
{
	return take(stack, mark, to);
}

/* One round: get a stack, use it, and give it back, pass it to another
 * thread (giving back the one passed before), or destroy it. */
static void hammer_round(struct hammerer *u)
{
	struct hammer *h = u->h;
	uint32_t r = next_random(&u->rng);
	fringe_stack *stack, *other;

	if (fringe_stack_pool_get(h->pool, &stack) != 0) {
		u->errors++;
		return;
	}
	if (!take(stack, 0, u->mark))
		u->errors++;
	if (r % 16 == 0 && one_life(stack, u->mark) != 0)
		u->errors++;
	switch ((r >> 4) % 8) {
	case 0:
	case 1:
	case 2:
		/* Passed to another thread. */
		if (!release(stack, u->mark, PASSED))
			u->errors++;
		other = __atomic_exchange_n(&h->slots[(r >> 8) % HAMMER_SLOTS],
					    stack, __ATOMIC_ACQ_REL);
		if (other == NULL)
			return;
		stack = other;
		if (!take(stack, PASSED, u->mark))
			u->errors++;
		break;
	case 3:
		if ((r >> 8) % 4 == 0) {
			/* Destroyed: the pool forgets it. */
			if (!release(stack, u->mark, 0) ||
			    fringe_stack_destroy(stack) != 0)
				u->errors++;
			return;
		}
		break;
	default:
		break;
	}
	if (!release(stack, u->mark, 0) ||
	    fringe_stack_pool_put(h->pool, stack) != 0)
		u->errors++;
}

static void hammer_wait(struct hammer *h, int *flag)
{
	pthread_mutex_lock(&h->lock);
	while (!*flag)
		pthread_cond_wait(&h->cond, &h->lock);
	pthread_mutex_unlock(&h->lock);
}

static void hammer_count(struct hammer *h, int *counter)
{
	pthread_mutex_lock(&h->lock);
	++*counter;
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);
}

static void *hammer_thread(void *arg)
{
	struct hammerer *u = arg;
	struct hammer *h = u->h;
	fringe_stack_pool *none;
	fringe_stack *stack;

	/* Set up (malloc arena, first generator) before the counting. */
	if (fringe_stack_pool_create(&none, STACK_SIZE, 0) != 0 ||
	    fringe_stack_pool_get(none, &stack) != 0 ||
	    one_life(stack, 1) != 0 ||
	    fringe_stack_pool_put(none, stack) != 0 ||
	    fringe_stack_pool_destroy(none) != 0)
		u->errors++;
	hammer_count(h, &h->ready);
	hammer_wait(h, &h->go);
	for (int i = 0; i < HAMMER_ROUNDS; i++)
		hammer_round(u);
	hammer_count(h, &h->done);
	hammer_wait(h, &h->quit);
	return NULL;
}

static void hammer_set(struct hammer *h, int *flag)
{
	pthread_mutex_lock(&h->lock);
	*flag = 1;
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);
}

static void hammer_wait_for(struct hammer *h, int *counter, int n)
{
	pthread_mutex_lock(&h->lock);
	while (*counter < n)
		pthread_cond_wait(&h->cond, &h->lock);
	pthread_mutex_unlock(&h->lock);
}

/*
 * Threads and the creator get, use, give back, pass each other and destroy
 * stacks of one pool: no stack is held by two threads at once, and at the
 * end the pool can be destroyed and nothing of it stays mapped.
 */
START_TEST(test_pool_threads_hammer)
{
	struct hammer h = { 0 };
	struct hammerer users[HAMMER_THREADS + 1];
	pthread_t threads[HAMMER_THREADS];
	long before, after;

	ck_assert_int_eq(pthread_mutex_init(&h.lock, NULL), 0);
	ck_assert_int_eq(pthread_cond_init(&h.cond, NULL), 0);
	for (int i = 0; i <= HAMMER_THREADS; i++) {
		users[i].h = &h;
		users[i].mark = 0x1000 + (uintptr_t)i;
		users[i].rng = 0x9e3779b9u * (uint32_t)(i + 1);
		users[i].errors = 0;
	}
	for (int i = 0; i < HAMMER_THREADS; i++)
		ck_assert_int_eq(pthread_create(&threads[i], NULL,
						hammer_thread, &users[i]),
				 0);
	hammer_wait_for(&h, &h.ready, HAMMER_THREADS);
	/* This thread sets up too. */
	{
		fringe_stack_pool *none;
		fringe_stack *stack;

		ck_assert_int_eq(fringe_stack_pool_create(&none, STACK_SIZE, 0),
				 0);
		ck_assert_int_eq(fringe_stack_pool_get(none, &stack), 0);
		ck_assert_int_eq(one_life(stack, 1), 0);
		ck_assert_int_eq(fringe_stack_pool_put(none, stack), 0);
		ck_assert_int_eq(fringe_stack_pool_destroy(none), 0);
	}
	before = count();

	ck_assert_int_eq(fringe_stack_pool_create(&h.pool, STACK_SIZE,
						  HAMMER_CACHED),
			 0);
	hammer_set(&h, &h.go);
	/* This thread, the creator, takes part. */
	for (int i = 0; i < HAMMER_ROUNDS; i++)
		hammer_round(&users[HAMMER_THREADS]);
	hammer_wait_for(&h, &h.done, HAMMER_THREADS);
	/* Give back what was left passed. */
	for (int i = 0; i < HAMMER_SLOTS; i++) {
		fringe_stack *stack = h.slots[i];

		if (stack == NULL)
			continue;
		ck_assert(take(stack, PASSED, 0));
		ck_assert_int_eq(fringe_stack_pool_put(h.pool, stack), 0);
	}
	ck_assert_int_eq(fringe_stack_pool_destroy(h.pool), 0);
	after = count();

	hammer_set(&h, &h.quit);
	for (int i = 0; i < HAMMER_THREADS; i++)
		ck_assert_int_eq(pthread_join(threads[i], NULL), 0);
	for (int i = 0; i <= HAMMER_THREADS; i++)
		ck_assert_msg(users[i].errors == 0, "user %d: %ld errors", i,
			      users[i].errors);
	ck_assert_msg(after <= before,
		      "%ld mappings before the pool, %ld after destroying it",
		      before, after);
	pthread_cond_destroy(&h.cond);
	pthread_mutex_destroy(&h.lock);
}
END_TEST

Suite *make_pool_threads_suite(void)
{
	Suite *suite = suite_create("pool threads");
	TCase *tc = tcase_create("threads");

	tcase_add_test(tc, test_generator_moves_between_threads);
	tcase_add_test(tc, test_pool_shared_by_threads);
	tcase_add_test(tc, test_pool_threads_lifo);
	tcase_add_test(tc, test_pool_threads_accounting);
	tcase_add_test(tc, test_pool_threads_max_cached);
	tcase_add_test(tc, test_pool_threads_hammer);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(suite, tc);
	return suite;
}

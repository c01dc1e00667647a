/*
 * ops_fringe.c - what the benchmark times of libfringe-c itself.
 *
 *   ctx_rt          fringe_context_switch() there and back
 *   gen_rt          fringe_generator_resume() + fringe_generator_yield()
 *   gen_rt_handover fringe_generator_release() before each resume: the
 *                   round trip of a generator that changes hands
 *   gen_rt_shared   the same, generator created with
 *                   FRINGE_GENERATOR_SHARE_FPENV | FRINGE_GENERATOR_SHARE_EH:
 *                   it shares the thread's floating-point environment and
 *                   C++ exception state, as Boost's switches do (in a C
 *                   program SHARE_EH changes nothing; in a C++ program
 *                   ops_cxx.cc times SHARE_FPENV alone)
 *   gen_life_pool   pool get + generator create + first resume (the
 *                   function returns at once) + destroy + pool put
 *   gen_life_reuse  the same on one stack kept by the caller, no pool
 *   gen_life_fresh  the same on a stack mapped and unmapped each time
 *   pool_getput     fringe_stack_pool_get() + fringe_stack_pool_put()
 *   pool_getput_mt  the same while a second thread does it on the same pool
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#include <fringe.h>

#include "bench.h"

#define V(x) ((void *)(uintptr_t)(x))
#define U(p) ((uintptr_t)(p))

/* ---- context round trip ------------------------------------------------------ */

static fringe_stack *ctx_stack;
static void *ctx_sp;

/* Switches back at once, with the value plus one, for ever. */
static void ctx_entry(void *value, void *from_sp, void *userdata)
{
	(void)userdata;
	for (;;) {
		fringe_transfer t = fringe_context_switch(from_sp, V(U(value) + 1));

		from_sp = t.sp;
		value = t.value;
	}
}

static int ctx_setup(void)
{
	bench_check(fringe_stack_create(&ctx_stack, BENCH_STACK_SIZE),
		    "fringe_stack_create");
	bench_check(fringe_context_init(ctx_stack, ctx_entry, NULL, &ctx_sp),
		    "fringe_context_init");
	return 0;
}

static void ctx_run(uint64_t n)
{
	void *sp = ctx_sp;

	for (uint64_t i = 0; i < n; i++) {
		fringe_transfer t = fringe_context_switch(sp, V(i));

		if (U(t.value) != i + 1)
			bench_die("context: wrong value back");
		sp = t.sp;
	}
	ctx_sp = sp;
}

static void ctx_teardown(void)
{
	/* The context is abandoned where it stands. */
	bench_check(fringe_stack_destroy(ctx_stack), "fringe_stack_destroy");
}

/* ---- generator round trip ---------------------------------------------------- */

/* The plain generator and the one created with FRINGE_GENERATOR_SHARE_FPENV:
 * every op is set up before any is timed, so each has its own. */
static fringe_stack *gen_stacks[3];
static fringe_generator *gens[3];

/* Yields its input plus one until it is cancelled (by the destroy). */
static void *echo_fn(fringe_yielder *y, void *input, void *userdata)
{
	int rc;

	(void)userdata;
	while ((rc = fringe_generator_yield(y, V(U(input) + 1), &input)) == 0)
		;
	if (rc != -ECANCELED)
		bench_die("fringe_generator_yield failed");
	return NULL;
}

static int gen_setup_one(int k, unsigned int flags)
{
	bench_check(fringe_stack_create(&gen_stacks[k], BENCH_STACK_SIZE),
		    "fringe_stack_create");
	bench_check(fringe_generator_create_flags(&gens[k], gen_stacks[k],
						  echo_fn, NULL, flags),
		    "fringe_generator_create_flags");
	return 0;
}

static void gen_run_one(int k, uint64_t n)
{
	fringe_generator *g = gens[k];

	for (uint64_t i = 0; i < n; i++) {
		void *out;

		if (fringe_generator_resume(g, V(i), &out) != FRINGE_YIELDED ||
		    U(out) != i + 1)
			bench_die("generator: wrong result");
	}
}

static void gen_teardown_one(int k)
{
	bench_check(fringe_generator_destroy(gens[k]),
		    "fringe_generator_destroy");
	bench_check(fringe_stack_destroy(gen_stacks[k]),
		    "fringe_stack_destroy");
}

static int gen_setup(void) { return gen_setup_one(0, 0); }
static void gen_run(uint64_t n) { gen_run_one(0, n); }
static void gen_teardown(void) { gen_teardown_one(0); }

static int gen_shared_setup(void)
{
	return gen_setup_one(1, FRINGE_GENERATOR_SHARE_FPENV |
				       FRINGE_GENERATOR_SHARE_EH);
}
static void gen_shared_run(uint64_t n) { gen_run_one(1, n); }
static void gen_shared_teardown(void) { gen_teardown_one(1); }

/* A hand-over before every resume: what moving a generator to another
 * thread costs the library (release, then a claim by compare-and-swap),
 * without the cost of the other thread's caches. */
static int gen_handover_setup(void) { return gen_setup_one(2, 0); }
static void gen_handover_run(uint64_t n)
{
	fringe_generator *g = gens[2];

	for (uint64_t i = 0; i < n; i++) {
		void *out;

		if (fringe_generator_release(g) != 0 ||
		    fringe_generator_resume(g, V(i), &out) != FRINGE_YIELDED ||
		    U(out) != i + 1)
			bench_die("generator hand-over: wrong result");
	}
}
static void gen_handover_teardown(void) { gen_teardown_one(2); }

/* ---- a generator's whole life -------------------------------------------------- */

/* Returns its input at once. */
static void *return_fn(fringe_yielder *y, void *input, void *userdata)
{
	(void)y;
	(void)userdata;
	return input;
}

/* Create a generator on `stack`, run it to the end, destroy it. */
static inline void one_life(fringe_stack *stack, uint64_t i)
{
	fringe_generator *g;
	void *out;

	if (fringe_generator_create(&g, stack, return_fn, NULL) != 0 ||
	    fringe_generator_resume(g, V(i), &out) != FRINGE_FINISHED ||
	    U(out) != i || fringe_generator_destroy(g) != 0)
		bench_die("generator life: unexpected result");
}

/* Each op that uses a pool has its own: every op is set up before any
 * is timed, and they run in turns. */
static fringe_stack_pool *life_pool, *getput_pool, *mt_pool;

static int make_pool(fringe_stack_pool **pool)
{
	bench_check(fringe_stack_pool_create(pool, BENCH_STACK_SIZE, 16),
		    "fringe_stack_pool_create");
	return 0;
}

static void end_pool(fringe_stack_pool *pool)
{
	bench_check(fringe_stack_pool_destroy(pool),
		    "fringe_stack_pool_destroy");
}

static int life_pool_setup(void)
{
	return make_pool(&life_pool);
}

static void life_pool_teardown(void)
{
	end_pool(life_pool);
}

static void life_pool_run(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		fringe_stack *stack;

		bench_check(fringe_stack_pool_get(life_pool, &stack),
			    "fringe_stack_pool_get");
		one_life(stack, i);
		bench_check(fringe_stack_pool_put(life_pool, stack),
			    "fringe_stack_pool_put");
	}
}

static fringe_stack *reuse_stack;

static int reuse_setup(void)
{
	bench_check(fringe_stack_create(&reuse_stack, BENCH_STACK_SIZE),
		    "fringe_stack_create");
	return 0;
}

static void reuse_run(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		one_life(reuse_stack, i);
}

static void reuse_teardown(void)
{
	bench_check(fringe_stack_destroy(reuse_stack), "fringe_stack_destroy");
}

static void life_fresh_run(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		fringe_stack *stack;

		bench_check(fringe_stack_create(&stack, BENCH_STACK_SIZE),
			    "fringe_stack_create");
		one_life(stack, i);
		bench_check(fringe_stack_destroy(stack), "fringe_stack_destroy");
	}
}

/* ---- the pool alone ---------------------------------------------------------- */

static void getput(fringe_stack_pool *pool, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		fringe_stack *stack;

		bench_check(fringe_stack_pool_get(pool, &stack),
			    "fringe_stack_pool_get");
		BENCH_KEEP(stack);
		bench_check(fringe_stack_pool_put(pool, stack),
			    "fringe_stack_pool_put");
	}
}

static int getput_setup(void)
{
	return make_pool(&getput_pool);
}

static void getput_teardown(void)
{
	end_pool(getput_pool);
}

static void getput_run(uint64_t n)
{
	getput(getput_pool, n);
}

/* A second thread hammering the same pool until told to stop. */
static int other_stop, other_running;

static void *other_thread(void *arg)
{
	(void)arg;
	__atomic_store_n(&other_running, 1, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&other_stop, __ATOMIC_ACQUIRE))
		getput(mt_pool, 64);
	return NULL;
}

static int getput_mt_setup(void)
{
	return make_pool(&mt_pool);
}

static void getput_mt_teardown(void)
{
	end_pool(mt_pool);
}

static void getput_mt_run(uint64_t n)
{
	pthread_t thread;

	__atomic_store_n(&other_stop, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&other_running, 0, __ATOMIC_RELAXED);
	if (pthread_create(&thread, NULL, other_thread, NULL) != 0)
		bench_die("pthread_create failed");
	while (!__atomic_load_n(&other_running, __ATOMIC_ACQUIRE))
		;
	bench_restart_clock();
	getput(mt_pool, n);
	__atomic_store_n(&other_stop, 1, __ATOMIC_RELEASE);
	pthread_join(thread, NULL);
}

const struct bench_op bench_fringe_ops[] = {
	{ "ctx_rt", "fringe: context switch, round trip", NULL, ctx_setup,
	  ctx_run, ctx_teardown, 0 },
	{ "gen_rt", "fringe: generator resume + yield", NULL, gen_setup,
	  gen_run, gen_teardown, 0 },
	{ "gen_rt_shared", "fringe: resume + yield, SHARE_FPENV|SHARE_EH",
	  NULL, gen_shared_setup, gen_shared_run, gen_shared_teardown, 0 },
	{ "gen_rt_handover", "fringe: release + resume + yield",
	  NULL, gen_handover_setup, gen_handover_run, gen_handover_teardown,
	  0 },
	{ "gen_life_pool", "fringe: generator life, pooled stack", NULL,
	  life_pool_setup, life_pool_run, life_pool_teardown, 0 },
	{ "gen_life_reuse", "fringe: generator life, same stack", NULL,
	  reuse_setup, reuse_run, reuse_teardown, 0 },
	{ "gen_life_fresh", "fringe: generator life, fresh mmap", NULL, NULL,
	  life_fresh_run, NULL, 0 },
	{ "pool_getput", "fringe: pool get + put", NULL, getput_setup,
	  getput_run, getput_teardown, 0 },
	{ "pool_getput_mt", "fringe: pool get + put, 2 threads", NULL,
	  getput_mt_setup, getput_mt_run, getput_mt_teardown,
	  BENCH_OP_NO_CALLGRIND | BENCH_OP_BLOCKS },
	{ NULL, NULL, NULL, NULL, NULL, NULL, 0 }
};

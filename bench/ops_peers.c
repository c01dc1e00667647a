/*
 * ops_peers.c - the same operations done by other libraries:
 *
 *   uc_rt, uc_life_cached, uc_life_fresh
 *       glibc's swapcontext() / makecontext(): a round trip, and a context
 *       made, run to the end (its function returns to uc_link) on a stack
 *       kept by the caller or mapped (with a guard page) each time;
 *   boost_rt, boost_life_cached, boost_life_fresh
 *       Boost.Context's jump_fcontext() / make_fcontext(), linked from C,
 *       the same way; its contexts end by jumping back for the last time.
 *
 * A peer that is not available at build time is listed with the reason.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#ifdef HAVE_SWAPCONTEXT
#include <ucontext.h>
#endif

#include "bench.h"

#define V(x) ((void *)(uintptr_t)(x))
#define U(p) ((uintptr_t)(p))

/* ---- glibc ucontext -------------------------------------------------------------- */

#if defined(HAVE_GETCONTEXT) && defined(HAVE_MAKECONTEXT) &&                \
	defined(HAVE_SWAPCONTEXT)

static ucontext_t uc_main, uc_coro;
static void *uc_map, *uc_top;
static volatile uint64_t uc_value;

/* Increments the shared value and switches back, for ever. */
static void uc_loop(void)
{
	for (;;) {
		uc_value++;
		if (swapcontext(&uc_coro, &uc_main) != 0)
			abort();
	}
}

/* Make uc_coro run fn on the stack below uc_top, returning to uc_main. */
static void uc_make(void (*fn)(void))
{
	if (getcontext(&uc_coro) != 0)
		bench_die("getcontext failed");
	uc_coro.uc_stack.ss_sp = (char *)uc_top - BENCH_STACK_SIZE;
	uc_coro.uc_stack.ss_size = BENCH_STACK_SIZE;
	uc_coro.uc_link = &uc_main;
	makecontext(&uc_coro, fn, 0);
}

static int uc_setup(void)
{
	uc_map = bench_map_stack(BENCH_STACK_SIZE, &uc_top);
	return uc_map == NULL ? -1 : 0;
}

static void uc_teardown(void)
{
	bench_unmap_stack(uc_map, BENCH_STACK_SIZE);
}

static int uc_rt_setup(void)
{
	if (uc_setup() < 0)
		return -1;
	uc_make(uc_loop);
	return 0;
}

static void uc_rt_run(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		uint64_t before = uc_value;

		if (swapcontext(&uc_main, &uc_coro) != 0 ||
		    uc_value != before + 1)
			bench_die("swapcontext round trip failed");
	}
}

/* Counts one and returns: the context ends through uc_link. */
static void uc_once(void)
{
	uc_value++;
}

static void uc_life(uint64_t i)
{
	uc_make(uc_once);
	if (swapcontext(&uc_main, &uc_coro) != 0 || uc_value != i + 1)
		bench_die("ucontext life failed");
}

static void uc_life_cached_run(uint64_t n)
{
	uc_value = 0;
	for (uint64_t i = 0; i < n; i++)
		uc_life(i);
}

static void uc_life_fresh_run(uint64_t n)
{
	uc_value = 0;
	for (uint64_t i = 0; i < n; i++) {
		uc_map = bench_map_stack(BENCH_STACK_SIZE, &uc_top);
		if (uc_map == NULL)
			bench_die("mmap failed");
		uc_life(i);
		bench_unmap_stack(uc_map, BENCH_STACK_SIZE);
	}
}

#define UC_MISSING NULL

#else

#define UC_MISSING "this C library has no getcontext/makecontext/swapcontext"
#define uc_rt_setup NULL
#define uc_setup NULL
#define uc_teardown NULL
static void uc_none(uint64_t n)
{
	(void)n;
}
#define uc_rt_run uc_none
#define uc_life_cached_run uc_none
#define uc_life_fresh_run uc_none

#endif

/* ---- Boost.Context ------------------------------------------------------------- */

#ifdef HAVE_BOOST_CONTEXT

/* The extern "C" interface of libboost_context (fcontext.hpp). */
typedef void *fcontext_t;
typedef struct {
	fcontext_t fctx;
	void *data;
} transfer_t;
extern transfer_t jump_fcontext(fcontext_t const to, void *vp);
extern fcontext_t make_fcontext(void *sp, size_t size, void (*fn)(transfer_t));

static void *boost_map, *boost_top;
static fcontext_t boost_ctx;

/* Jumps back with the value plus one, for ever. */
static void boost_loop(transfer_t t)
{
	for (;;)
		t = jump_fcontext(t.fctx, V(U(t.data) + 1));
}

static int boost_setup(void)
{
	boost_map = bench_map_stack(BENCH_STACK_SIZE, &boost_top);
	return boost_map == NULL ? -1 : 0;
}

static void boost_teardown(void)
{
	bench_unmap_stack(boost_map, BENCH_STACK_SIZE);
}

static int boost_rt_setup(void)
{
	if (boost_setup() < 0)
		return -1;
	boost_ctx = make_fcontext(boost_top, BENCH_STACK_SIZE, boost_loop);
	return 0;
}

static void boost_rt_run(uint64_t n)
{
	fcontext_t ctx = boost_ctx;

	for (uint64_t i = 0; i < n; i++) {
		transfer_t t = jump_fcontext(ctx, V(i));

		if (U(t.data) != i + 1)
			bench_die("jump_fcontext: wrong value back");
		ctx = t.fctx;
	}
	boost_ctx = ctx;
}

/* Jumps back once with its value, never to be resumed: the end. */
static void boost_once(transfer_t t)
{
	jump_fcontext(t.fctx, t.data);
	abort();
}

static void boost_life(uint64_t i)
{
	fcontext_t ctx = make_fcontext(boost_top, BENCH_STACK_SIZE, boost_once);
	transfer_t t = jump_fcontext(ctx, V(i));

	if (U(t.data) != i)
		bench_die("Boost.Context life: wrong value back");
}

static void boost_life_cached_run(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		boost_life(i);
}

static void boost_life_fresh_run(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		boost_map = bench_map_stack(BENCH_STACK_SIZE, &boost_top);
		if (boost_map == NULL)
			bench_die("mmap failed");
		boost_life(i);
		bench_unmap_stack(boost_map, BENCH_STACK_SIZE);
	}
}

#define BOOST_MISSING NULL

#else

#define BOOST_MISSING                                                        \
	"libboost_context was not found at configure time "                  \
	"(Debian: libboost-context-dev; then re-run configure)"
#define boost_rt_setup NULL
#define boost_setup NULL
#define boost_teardown NULL
static void boost_none(uint64_t n)
{
	(void)n;
}
#define boost_rt_run boost_none
#define boost_life_cached_run boost_none
#define boost_life_fresh_run boost_none

#endif

const struct bench_op bench_peer_ops[] = {
	{ "uc_rt", "glibc: swapcontext, round trip", UC_MISSING, uc_rt_setup,
	  uc_rt_run, uc_teardown, 0 },
	{ "uc_life_cached", "glibc: makecontext life, same stack", UC_MISSING,
	  uc_setup, uc_life_cached_run, uc_teardown, 0 },
	{ "uc_life_fresh", "glibc: makecontext life, fresh mmap", UC_MISSING,
	  NULL, uc_life_fresh_run, NULL, 0 },
	{ "boost_rt", "boost: jump_fcontext, round trip", BOOST_MISSING,
	  boost_rt_setup, boost_rt_run, boost_teardown, 0 },
	{ "boost_life_cached", "boost: make_fcontext life, same stack",
	  BOOST_MISSING, boost_setup, boost_life_cached_run, boost_teardown,
	  0 },
	{ "boost_life_fresh", "boost: make_fcontext life, fresh mmap",
	  BOOST_MISSING, NULL, boost_life_fresh_run, NULL, 0 },
	{ NULL, NULL, NULL, NULL, NULL, NULL, 0 }
};

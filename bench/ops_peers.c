/*
 * ops_peers.c - the same operations done by other libraries:
 *
 *   uc_rt, uc_life_cached, uc_life_fresh
 *       glibc's swapcontext() / makecontext(): a round trip, and a context
 *       made, run to the end (its function returns to uc_link) on a stack
 *       kept by the caller or mapped (with a guard page) each time;
 *   boost_rt, boost_life_cached, boost_life_fresh
 *       Boost.Context's jump_fcontext() / make_fcontext(), called from C,
 *       the same way; its contexts end by jumping back for the last time.
 *       libboost_context is loaded by dlopen() on first use: linked, it
 *       would bring the C++ runtime into the process before libfringe-c,
 *       whose generators would then keep C++ exception state, and the
 *       C program's rows would no longer show what a C program pays;
 *   boost_rt_fpflags
 *       the jump_fcontext() round trip again, its context made with the
 *       floating-point exception flags clear while the resumer's inexact
 *       flag is set: each jump loads an MXCSR that differs from the
 *       current one (see boost_make_loop()).
 *
 * A peer that is not available at build time is listed with the reason.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_BOOST_CONTEXT
#include <dlfcn.h>
#endif

#ifdef HAVE_SWAPCONTEXT
#include <ucontext.h>
#endif

#include "arch.h"
#include "bench.h"

#define V(x) ((void *)(uintptr_t)(x))
#define U(p) ((uintptr_t)(p))

/* ---- glibc ucontext -------------------------------------------------------------- */

#if defined(HAVE_GETCONTEXT) && defined(HAVE_MAKECONTEXT) &&                \
	defined(HAVE_SWAPCONTEXT)

/*
 * Each op has its own contexts and stack: the benchmark sets every op up
 * before timing any, and runs them in turns.
 */
struct uc_op {
	ucontext_t main, coro;
	void *map, *top;
	uint64_t value;
};

static struct uc_op uc_rt_op, uc_cached_op;

/* Make op->coro run fn on the stack below `top`, returning to op->main. */
static void uc_make(struct uc_op *op, void *top, void (*fn)(void))
{
	if (getcontext(&op->coro) != 0)
		bench_die("getcontext failed");
	op->coro.uc_stack.ss_sp = (char *)top - BENCH_STACK_SIZE;
	op->coro.uc_stack.ss_size = BENCH_STACK_SIZE;
	op->coro.uc_link = &op->main;
	makecontext(&op->coro, fn, 0);
}

/* Increments the value and switches back, for ever. */
static void uc_loop(void)
{
	for (;;) {
		uc_rt_op.value++;
		if (swapcontext(&uc_rt_op.coro, &uc_rt_op.main) != 0)
			abort();
	}
}

static int uc_rt_setup(void)
{
	uc_rt_op.map = bench_map_stack(BENCH_STACK_SIZE, &uc_rt_op.top);
	if (uc_rt_op.map == NULL)
		return -1;
	uc_make(&uc_rt_op, uc_rt_op.top, uc_loop);
	return 0;
}

static void uc_rt_run(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		uint64_t before = uc_rt_op.value;

		if (swapcontext(&uc_rt_op.main, &uc_rt_op.coro) != 0 ||
		    uc_rt_op.value != before + 1)
			bench_die("swapcontext round trip failed");
	}
}

static void uc_rt_teardown(void)
{
	bench_unmap_stack(uc_rt_op.map, BENCH_STACK_SIZE);
}

/* Counts one and returns: the context ends through uc_link. */
static void uc_once(void)
{
	uc_cached_op.value++;
}

/* A context made, run to its end and forgotten, on the stack below top. */
static void uc_life(void *top)
{
	uint64_t before = uc_cached_op.value;

	uc_make(&uc_cached_op, top, uc_once);
	if (swapcontext(&uc_cached_op.main, &uc_cached_op.coro) != 0 ||
	    uc_cached_op.value != before + 1)
		bench_die("ucontext life failed");
}

static int uc_cached_setup(void)
{
	uc_cached_op.map = bench_map_stack(BENCH_STACK_SIZE, &uc_cached_op.top);
	return uc_cached_op.map == NULL ? -1 : 0;
}

static void uc_life_cached_run(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		uc_life(uc_cached_op.top);
}

static void uc_cached_teardown(void)
{
	bench_unmap_stack(uc_cached_op.map, BENCH_STACK_SIZE);
}

static void uc_life_fresh_run(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		void *top, *map = bench_map_stack(BENCH_STACK_SIZE, &top);

		if (map == NULL)
			bench_die("mmap failed");
		uc_life(top);
		bench_unmap_stack(map, BENCH_STACK_SIZE);
	}
}

#define UC_MISSING NULL

#else

#define UC_MISSING "this C library has no getcontext/makecontext/swapcontext"
#define uc_rt_setup NULL
#define uc_rt_teardown NULL
#define uc_cached_setup NULL
#define uc_cached_teardown NULL
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
static transfer_t (*jump_fcontext_p)(fcontext_t const to, void *vp);
static fcontext_t (*make_fcontext_p)(void *sp, size_t size,
				     void (*fn)(transfer_t));
#define jump_fcontext (*jump_fcontext_p)
#define make_fcontext (*make_fcontext_p)

/* Load libboost_context once.  0, or -1 after saying why not. */
static int boost_load(void)
{
	void *lib, *jump, *make;

	if (jump_fcontext_p != NULL)
		return 0;
	lib = dlopen(BOOST_CONTEXT_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (lib == NULL) {
		fprintf(stderr, "bench: %s\n", dlerror());
		return -1;
	}
	jump = dlsym(lib, "jump_fcontext");
	make = dlsym(lib, "make_fcontext");
	if (jump == NULL || make == NULL) {
		fprintf(stderr, "bench: %s lacks jump_fcontext/make_fcontext\n",
			BOOST_CONTEXT_SONAME);
		return -1;
	}
	/* POSIX: dlsym()'s result converts to a function pointer. */
	memcpy(&jump_fcontext_p, &jump, sizeof jump_fcontext_p);
	memcpy(&make_fcontext_p, &make, sizeof make_fcontext_p);
	return 0;
}

struct boost_op {
	void *map, *top;
	fcontext_t ctx;
};

static struct boost_op boost_rt_op, boost_flags_op, boost_cached_op;

/* Jumps back with the value plus one, for ever. */
static void boost_loop(transfer_t t)
{
	for (;;)
		t = jump_fcontext(t.fctx, V(U(t.data) + 1));
}

/*
 * make_fcontext() records the running thread's MXCSR and x87 control
 * word as the new context's, and every jump_fcontext() saves and loads
 * them whole, exception flags included.  boost_rt makes its context with
 * the inexact flag set, as the resumer's is (bench_fp_inexact()), so
 * that both sides carry the same flags; boost_rt_fpflags makes it with
 * the flags clear, so that every jump loads different flags.
 */
static int boost_make_loop(struct boost_op *op, int clear_flags)
{
	if (boost_load() < 0)
		return -1;
	op->map = bench_map_stack(BENCH_STACK_SIZE, &op->top);
	if (op->map == NULL)
		return -1;
#if BENCH_HAVE_FP_FLAGS_CLEAR
	if (clear_flags)
		bench_fp_flags_clear();
#else
	(void)clear_flags;
#endif
	if (!clear_flags)
		bench_fp_inexact();
	op->ctx = make_fcontext(op->top, BENCH_STACK_SIZE, boost_loop);
	bench_fp_inexact();
	return 0;
}

static void boost_loop_run(struct boost_op *op, uint64_t n)
{
	fcontext_t ctx = op->ctx;

	bench_fp_inexact();
	for (uint64_t i = 0; i < n; i++) {
		transfer_t t = jump_fcontext(ctx, V(i));

		if (U(t.data) != i + 1)
			bench_die("jump_fcontext: wrong value back");
		ctx = t.fctx;
	}
	op->ctx = ctx;
}

static int boost_rt_setup(void)
{
	return boost_make_loop(&boost_rt_op, 0);
}

static void boost_rt_run(uint64_t n)
{
	boost_loop_run(&boost_rt_op, n);
}

static void boost_rt_teardown(void)
{
	bench_unmap_stack(boost_rt_op.map, BENCH_STACK_SIZE);
}

static int boost_flags_setup(void)
{
	return boost_make_loop(&boost_flags_op, 1);
}

static void boost_flags_run(uint64_t n)
{
	boost_loop_run(&boost_flags_op, n);
}

static void boost_flags_teardown(void)
{
	bench_unmap_stack(boost_flags_op.map, BENCH_STACK_SIZE);
}

#if BENCH_HAVE_FP_FLAGS_CLEAR
#define BOOST_FLAGS_MISSING NULL
#else
#define BOOST_FLAGS_MISSING                                                  \
	"no way to clear the FP flags was written for this CPU (bench/arch.h)"
#endif

/* Jumps back once with its value, never to be resumed: the end. */
static void boost_once(transfer_t t)
{
	jump_fcontext(t.fctx, t.data);
	abort();
}

static void boost_life(void *top, uint64_t i)
{
	fcontext_t ctx;

	bench_fp_inexact();
	ctx = make_fcontext(top, BENCH_STACK_SIZE, boost_once);
	transfer_t t = jump_fcontext(ctx, V(i));

	if (U(t.data) != i)
		bench_die("Boost.Context life: wrong value back");
}

static int boost_cached_setup(void)
{
	if (boost_load() < 0)
		return -1;
	boost_cached_op.map = bench_map_stack(BENCH_STACK_SIZE,
					      &boost_cached_op.top);
	return boost_cached_op.map == NULL ? -1 : 0;
}

static void boost_life_cached_run(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		boost_life(boost_cached_op.top, i);
}

static void boost_cached_teardown(void)
{
	bench_unmap_stack(boost_cached_op.map, BENCH_STACK_SIZE);
}

static void boost_life_fresh_run(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		void *top, *map = bench_map_stack(BENCH_STACK_SIZE, &top);

		if (map == NULL)
			bench_die("mmap failed");
		boost_life(top, i);
		bench_unmap_stack(map, BENCH_STACK_SIZE);
	}
}

static int boost_fresh_setup(void)
{
	return boost_load();
}

#define BOOST_MISSING NULL

#else

#define BOOST_MISSING                                                        \
	"libboost_context was not found at configure time "                  \
	"(Debian: libboost-context-dev; then re-run configure)"
#define BOOST_FLAGS_MISSING BOOST_MISSING
#define boost_rt_setup NULL
#define boost_rt_teardown NULL
#define boost_flags_setup NULL
#define boost_flags_teardown NULL
#define boost_cached_setup NULL
#define boost_cached_teardown NULL
#define boost_fresh_setup NULL
static void boost_none(uint64_t n)
{
	(void)n;
}
#define boost_rt_run boost_none
#define boost_flags_run boost_none
#define boost_life_cached_run boost_none
#define boost_life_fresh_run boost_none

#endif

const struct bench_op bench_peer_ops[] = {
	{ "uc_rt", "glibc: swapcontext, round trip", UC_MISSING, uc_rt_setup,
	  uc_rt_run, uc_rt_teardown, 0 },
	{ "uc_life_cached", "glibc: makecontext life, same stack", UC_MISSING,
	  uc_cached_setup, uc_life_cached_run, uc_cached_teardown, 0 },
	{ "uc_life_fresh", "glibc: makecontext life, fresh mmap", UC_MISSING,
	  NULL, uc_life_fresh_run, NULL, 0 },
	{ "boost_rt", "boost: jump_fcontext, round trip", BOOST_MISSING,
	  boost_rt_setup, boost_rt_run, boost_rt_teardown, 0 },
	{ "boost_rt_fpflags", "boost: jump_fcontext, FP flags differ",
	  BOOST_FLAGS_MISSING, boost_flags_setup, boost_flags_run,
	  boost_flags_teardown, 0 },
	{ "boost_life_cached", "boost: make_fcontext life, same stack",
	  BOOST_MISSING, boost_cached_setup, boost_life_cached_run,
	  boost_cached_teardown, 0 },
	{ "boost_life_fresh", "boost: make_fcontext life, fresh mmap",
	  BOOST_MISSING, boost_fresh_setup, boost_life_fresh_run, NULL, 0 },
	{ NULL, NULL, NULL, NULL, NULL, NULL, 0 }
};

/*
 * ops_boost.cc - peers written against Boost's C++ interfaces, in the
 * one C++ translation unit of the benchmark (built only when configure
 * found a C++ compiler, the Boost.Context headers and libboost_context):
 *
 *   fiber_rt          boost::context::fiber: resume it, and it resumes
 *                     the caller back; a pointer-sized value goes each
 *                     way through a variable both sides capture
 *   coro2_rt          boost::coroutines2::coroutine<intptr_t>::pull_type:
 *                     call it, it yields its input plus one (the input in
 *                     a captured variable), get() the value
 *   fiber_life_pool   a fiber created on a pooled_fixedsize_stack,
 *                     resumed once (its function returns at once) and
 *                     destroyed, its stack going back to the pool
 *   fiber_life_fresh  the same on a protected_fixedsize_stack: a stack
 *                     with a guard page, mapped and unmapped each time
 *
 * Round-trip stacks are protected_fixedsize_stack (mmap with a guard
 * page), like every other stack the benchmark switches to.  Every
 * context is made with the resumer's floating-point flags, as in
 * ops_peers.c (bench_fp_inexact() in bench.h says why).
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <utility>

#include <boost/context/fiber.hpp>
#include <boost/context/pooled_fixedsize_stack.hpp>
#include <boost/context/protected_fixedsize_stack.hpp>
#include <boost/version.hpp>
#ifdef HAVE_BOOST_COROUTINE2
#include <boost/coroutine2/coroutine.hpp>
#endif

#include "bench.h"

namespace ctx = boost::context;

namespace {

/* ---- fiber round trip ------------------------------------------------------ */

struct fiber_rt_state {
	ctx::fiber fiber;
	std::uintptr_t value; /* both ways */
};

fiber_rt_state *fiber_rt_op;

/* Adds one to the value and resumes its resumer, until it is unwound
 * (destroying a suspended fiber unwinds its stack). */
ctx::fiber fiber_rt_body(ctx::fiber &&caller, fiber_rt_state *s)
{
	for (;;) {
		s->value++;
		caller = std::move(caller).resume();
	}
}

int fiber_rt_setup(void)
{
	fiber_rt_state *s = new fiber_rt_state();

	bench_fp_inexact(); /* the fiber's MXCSR: as the resumer's */
	s->fiber = ctx::fiber(std::allocator_arg,
			      ctx::protected_fixedsize_stack(BENCH_STACK_SIZE),
			      [s](ctx::fiber &&caller) {
				      return fiber_rt_body(std::move(caller), s);
			      });
	fiber_rt_op = s;
	return 0;
}

void fiber_rt_run(uint64_t n)
{
	fiber_rt_state *s = fiber_rt_op;

	bench_fp_inexact();
	for (uint64_t i = 0; i < n; i++) {
		s->value = i;
		s->fiber = std::move(s->fiber).resume();
		if (s->value != i + 1)
			bench_die("boost fiber: wrong value back");
	}
}

void fiber_rt_teardown(void)
{
	delete fiber_rt_op; /* unwinds the suspended fiber */
	fiber_rt_op = nullptr;
}

/* ---- Coroutine2 pull_type round trip -------------------------------------- */

#ifdef HAVE_BOOST_COROUTINE2

typedef boost::coroutines2::coroutine<std::intptr_t> coro2;

struct coro2_state {
	std::intptr_t input;
	std::unique_ptr<coro2::pull_type> source;
};

coro2_state *coro2_op;

int coro2_setup(void)
{
	coro2_state *s = new coro2_state();

	s->input = 0;
	bench_fp_inexact(); /* the coroutine's MXCSR: as the resumer's */
	/* The constructor runs the coroutine up to its first yield. */
	s->source.reset(new coro2::pull_type(
		ctx::protected_fixedsize_stack(BENCH_STACK_SIZE),
		[s](coro2::push_type &sink) {
			for (;;)
				sink(s->input + 1);
		}));
	coro2_op = s;
	return 0;
}

void coro2_run(uint64_t n)
{
	coro2_state *s = coro2_op;
	coro2::pull_type &source = *s->source;

	bench_fp_inexact();
	for (uint64_t i = 0; i < n; i++) {
		s->input = static_cast<std::intptr_t>(i);
		source();
		if (source.get() != static_cast<std::intptr_t>(i + 1))
			bench_die("boost coroutine2: wrong value back");
	}
}

void coro2_teardown(void)
{
	delete coro2_op; /* unwinds the suspended coroutine */
	coro2_op = nullptr;
}

#define CORO2_MISSING nullptr

#else

#define CORO2_MISSING                                                        \
	"boost/coroutine2/coroutine.hpp was not found at configure time "    \
	"(Debian: libboost-dev; then re-run configure)"
#define coro2_setup nullptr
#define coro2_teardown nullptr
void coro2_run(uint64_t) {}

#endif

/* ---- fiber life -------------------------------------------------------------- */

/* Create a fiber on `salloc`, resume it once (it returns at once, which
 * ends it and gives its stack back), check its value. */
template <typename StackAlloc>
inline void fiber_life(StackAlloc &salloc, uint64_t i)
{
	std::uintptr_t value = i;
	ctx::fiber f(std::allocator_arg, salloc,
		     [&value](ctx::fiber &&caller) {
			     value++;
			     return std::move(caller);
		     });

	f = std::move(f).resume();
	if (value != i + 1 || f)
		bench_die("boost fiber life: unexpected result");
}

ctx::pooled_fixedsize_stack *life_pool;

int life_pool_setup(void)
{
	life_pool = new ctx::pooled_fixedsize_stack(BENCH_STACK_SIZE);
	return 0;
}

void life_pool_run(uint64_t n)
{
	bench_fp_inexact();
	for (uint64_t i = 0; i < n; i++)
		fiber_life(*life_pool, i);
}

void life_pool_teardown(void)
{
	delete life_pool;
	life_pool = nullptr;
}

void life_fresh_run(uint64_t n)
{
	ctx::protected_fixedsize_stack salloc(BENCH_STACK_SIZE);

	bench_fp_inexact();
	for (uint64_t i = 0; i < n; i++)
		fiber_life(salloc, i);
}

#define STR2(x) #x
#define STR(x) STR2(x)

} // namespace

extern "C" {

/* The C++ compiler and Boost version, for the table's header. */
const char *const bench_boost_build =
#if defined(__clang__)
	"C++: clang " __clang_version__
#elif defined(__GNUC__)
	"C++: g++ " __VERSION__
#else
	"C++: unknown compiler"
#endif
	"; Boost " STR(BOOST_VERSION) " (" BOOST_LIB_VERSION ")";

const struct bench_op bench_boost_ops[] = {
	{ "fiber_rt", "boost: fiber resume, round trip", nullptr,
	  fiber_rt_setup, fiber_rt_run, fiber_rt_teardown, 0 },
	{ "coro2_rt", "boost: coroutine2 pull_type, round trip", CORO2_MISSING,
	  coro2_setup, coro2_run, coro2_teardown, 0 },
	{ "fiber_life_pool", "boost: fiber life, pooled_fixedsize_stack",
	  nullptr, life_pool_setup, life_pool_run, life_pool_teardown, 0 },
	{ "fiber_life_fresh", "boost: fiber life, protected stack (mmap)",
	  nullptr, nullptr, life_fresh_run, nullptr, 0 },
	{ nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, 0 }
};

} /* extern "C" */

/*
 * ops_boost_none.c - the rows of ops_boost.cc where it is not built: in
 * bench/bench, the C program, and in bench/bench-cxx when configure found
 * no C++ compiler, or not the Boost.Context headers and library; each row
 * says which (BENCH_BOOST_CXX_MISSING, from configure).
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdint.h>

#include "bench.h"

/* bench/bench is the C program: the C++ peers run in bench/bench-cxx. */
#ifdef BENCH_C_PROGRAM
#undef BENCH_BOOST_CXX_MISSING
#define BENCH_BOOST_CXX_MISSING "a C++ peer: timed by bench/bench-cxx"
#endif
#ifndef BENCH_BOOST_CXX_MISSING
#define BENCH_BOOST_CXX_MISSING "configure did not check for Boost's C++ side"
#endif

const char *const bench_boost_build =
	"C++: none: " BENCH_BOOST_CXX_MISSING;

static void none(uint64_t n)
{
	(void)n;
}

const struct bench_op bench_boost_ops[] = {
	{ "fiber_rt", "boost: fiber resume, round trip",
	  BENCH_BOOST_CXX_MISSING, NULL, none, NULL, 0 },
	{ "coro2_rt", "boost: coroutine2 pull_type, round trip",
	  BENCH_BOOST_CXX_MISSING, NULL, none, NULL, 0 },
	{ "fiber_life_pool", "boost: fiber life, pooled_fixedsize_stack",
	  BENCH_BOOST_CXX_MISSING, NULL, none, NULL, 0 },
	{ "fiber_life_fresh", "boost: fiber life, protected stack (mmap)",
	  BENCH_BOOST_CXX_MISSING, NULL, none, NULL, 0 },
	{ NULL, NULL, NULL, NULL, NULL, NULL, 0 }
};

/*
 * ops_cxx.cc - what bench/bench-cxx, a C++ program, times besides the
 * ops of bench/bench: the C++ runtime is loaded, so every generator
 * keeps C++ exception-handling state of its own unless created with
 * FRINGE_GENERATOR_SHARE_EH.
 *
 *   cxx_gen_rt           resume + yield, generator with its own state
 *   cxx_gen_rt_share_eh  the same, created with FRINGE_GENERATOR_SHARE_EH
 *                        (what every round trip costs in a C program)
 *   cxx_gen_rt_catch     resume + yield from inside a catch handler, the
 *                        case the state is kept for
 *   cxx_gen_rt_shared_own  resume + yield, created with
 *                        FRINGE_GENERATOR_SHARE_FPENV only: C++ state of its
 *                        own, the thread's floating-point environment
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <cerrno>
#include <cstdint>
#include <stdexcept>

#include <fringe.h>

#include "bench.h"

namespace {

#define V(x) reinterpret_cast<void *>(static_cast<uintptr_t>(x))
#define U(p) reinterpret_cast<uintptr_t>(p)

fringe_stack *stacks[4];
fringe_generator *gens[4];

/* Yields its input plus one until it is cancelled (by the destroy). */
void *echo_fn(fringe_yielder *y, void *input, void *)
{
	int rc;

	while ((rc = fringe_generator_yield(y, V(U(input) + 1), &input)) == 0)
		;
	if (rc != -ECANCELED)
		bench_die("fringe_generator_yield failed");
	return nullptr;
}

/* The same from inside a catch handler. */
void *catch_echo_fn(fringe_yielder *y, void *input, void *userdata)
{
	try {
		throw std::runtime_error("bench");
	} catch (const std::exception &) {
		return echo_fn(y, input, userdata);
	}
}

int setup_one(int k, fringe_generator_fn fn, unsigned int flags)
{
	bench_check(fringe_stack_create(&stacks[k], BENCH_STACK_SIZE),
		    "fringe_stack_create");
	bench_check(fringe_generator_create_flags(&gens[k], stacks[k], fn,
						  nullptr, flags),
		    "fringe_generator_create_flags");
	return 0;
}

void run_one(int k, uint64_t n)
{
	fringe_generator *g = gens[k];

	for (uint64_t i = 0; i < n; i++) {
		void *out;

		if (fringe_generator_resume(g, V(i), &out) != FRINGE_YIELDED ||
		    U(out) != i + 1)
			bench_die("generator: wrong result");
	}
}

void teardown_one(int k)
{
	bench_check(fringe_generator_destroy(gens[k]),
		    "fringe_generator_destroy");
	bench_check(fringe_stack_destroy(stacks[k]), "fringe_stack_destroy");
}

int own_setup() { return setup_one(0, echo_fn, 0); }
void own_run(uint64_t n) { run_one(0, n); }
void own_teardown() { teardown_one(0); }

int share_setup()
{
	return setup_one(1, echo_fn, FRINGE_GENERATOR_SHARE_EH);
}
void share_run(uint64_t n) { run_one(1, n); }
void share_teardown() { teardown_one(1); }

int catch_setup() { return setup_one(2, catch_echo_fn, 0); }
void catch_run(uint64_t n) { run_one(2, n); }
void catch_teardown() { teardown_one(2); }

int shared_own_setup()
{
	return setup_one(3, echo_fn, FRINGE_GENERATOR_SHARE_FPENV);
}
void shared_own_run(uint64_t n) { run_one(3, n); }
void shared_own_teardown() { teardown_one(3); }

} // namespace

extern "C" const struct bench_op bench_extra_ops[] = {
	{ "cxx_gen_rt", "C++: generator resume + yield", nullptr, own_setup,
	  own_run, own_teardown, 0 },
	{ "cxx_gen_rt_share_eh", "C++: resume + yield with SHARE_EH", nullptr,
	  share_setup, share_run, share_teardown, 0 },
	{ "cxx_gen_rt_catch", "C++: resume + yield in a catch handler",
	  nullptr, catch_setup, catch_run, catch_teardown, 0 },
	{ "cxx_gen_rt_shared_own", "C++: resume + yield, SHARE_FPENV only",
	  nullptr, shared_own_setup, shared_own_run, shared_own_teardown, 0 },
	{ nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, 0 }
};

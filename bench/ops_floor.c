/*
 * ops_floor.c - the floor: a round trip through the minimal inline-asm
 * switch of bench/arch.h, on CPUs that have one.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "arch.h"
#include "bench.h"

#if BENCH_HAVE_FLOOR

/* Both contexts' saved stack pointers. */
static struct {
	void *main_sp;
	void *coro_sp;
	void *map;
} floor_pair;

/* The other side: hands every value back plus one, for ever. */
static void floor_entry(void *value)
{
	for (;;)
		value = bench_floor_switch((void *)((uintptr_t)value + 1),
					   &floor_pair.coro_sp,
					   floor_pair.main_sp);
}

static int floor_setup(void)
{
	void *top;

	floor_pair.map = bench_map_stack(BENCH_STACK_SIZE, &top);
	if (floor_pair.map == NULL)
		return -1;
	floor_pair.coro_sp = bench_floor_make(top, floor_entry);
	return 0;
}

static void floor_run(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		void *back = bench_floor_switch((void *)(uintptr_t)i,
						&floor_pair.main_sp,
						floor_pair.coro_sp);

		if ((uintptr_t)back != i + 1)
			bench_die("floor: wrong value back");
	}
}

static void floor_teardown(void)
{
	bench_unmap_stack(floor_pair.map, BENCH_STACK_SIZE);
}

const struct bench_op bench_floor_ops[] = {
	{ "floor_rt", "floor: inline-asm switch, round trip", NULL,
	  floor_setup, floor_run, floor_teardown, 0 },
	{ NULL, NULL, NULL, NULL, NULL, NULL, 0 }
};

#else /* no floor for this CPU */

static void no_run(uint64_t n)
{
	(void)n;
}

const struct bench_op bench_floor_ops[] = {
	{ "floor_rt", "floor: inline-asm switch, round trip",
	  "no floor switch was written for this CPU (see bench/arch.h)", NULL,
	  no_run, NULL, 0 },
	{ NULL, NULL, NULL, NULL, NULL, NULL, 0 }
};

#endif

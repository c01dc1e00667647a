/*
 * ops_none.c - bench/bench, the C program, has no ops beyond the tables
 * of the other files (see bench/ops_cxx.cc for the C++ build's).
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include "bench.h"

const struct bench_op bench_extra_ops[] = {
	{ NULL, NULL, NULL, NULL, NULL, NULL, 0 }
};

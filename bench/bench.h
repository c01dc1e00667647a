/*
 * bench.h - what the parts of the benchmark share.
 *
 * An operation ("op") is one thing the benchmark times: a context round
 * trip, a generator's create-to-destroy cycle, the same thing done by a
 * peer library.  Each op file (ops_*.c) defines a table of them; bench.c
 * times every op, prints the table and the ratios, and runs ops under
 * callgrind; scale.c is the --scale mode.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef FRINGE_BENCH_H
#define FRINGE_BENCH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct bench_op {
	const char *id;    /* short name: --only, JSON, callgrind runs */
	const char *label; /* what the table prints */
	/* NULL when the op can run, else why it cannot ("not found ..."). */
	const char *missing;
	/* Prepare (may be NULL).  Returns 0, or prints why not and -1. */
	int (*setup)(void);
	/* Do the operation n times.  Must not fail: abort instead. */
	void (*run)(uint64_t n);
	/* Undo setup (may be NULL). */
	void (*teardown)(void);
	/* Not meaningful under callgrind (threads, system calls only). */
	int no_callgrind;
};

/* The op tables, each ended by an entry with id == NULL. */
extern const struct bench_op bench_fringe_ops[];
extern const struct bench_op bench_peer_ops[];
extern const struct bench_op bench_floor_ops[];
/* Ops of one build of the benchmark only: none in bench/bench (C,
 * ops_none.c), the C++ ones in bench/bench-cxx (ops_cxx.cc). */
extern const struct bench_op bench_extra_ops[];

/*
 * Restart the clock of the run in progress: an op calls it after
 * preparation that must not be timed (starting a thread).
 */
void bench_restart_clock(void);

/* Print "bench: <what>: <strerror(-rc)>" and exit if rc < 0. */
void bench_check(int rc, const char *what);
/* Print "bench: <what>" and exit. */
void bench_die(const char *what);

/*
 * mmap a stack of `size` usable bytes with a PROT_NONE guard page below
 * it, as every library compared here does for a fresh stack; NULL on
 * failure.  bench_unmap_stack() undoes it.  `*top` receives the
 * 16-aligned top.
 */
void *bench_map_stack(size_t size, void **top);
void bench_unmap_stack(void *map, size_t size);

/* The usable size of every stack the ops use, except where noted. */
#define BENCH_STACK_SIZE (64u * 1024u)

/* --scale mode (scale.c): returns the exit status. */
struct bench_scale_options {
	unsigned long count;   /* generators alive at once */
	size_t stack_size;     /* usable bytes per stack */
	int guarded;           /* mmap'd stacks from a pool instead of one
				  region of caller memory */
	int json;
};
int bench_scale(const struct bench_scale_options *options);

/* Prevent the compiler from optimizing a value away. */
#define BENCH_KEEP(x) __asm__ volatile("" : : "r"(x) : "memory")

#ifdef __cplusplus
}
#endif

#endif /* FRINGE_BENCH_H */

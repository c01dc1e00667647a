/*
 * bench.h - what the parts of the benchmark share.
 *
 * An operation ("op") is one thing the benchmark times: a context round
 * trip, a generator's create-to-destroy cycle, the same thing done by a
 * peer library.  Each op file (ops_*.c, ops_*.cc) defines one table of
 * them, declared below and listed in main.c's bench_op_tables; a new
 * row is one more entry in a table.
 *
 *   main.c       options, which ops run, the order of the steps
 *   timing.c     rounds of short samples, dropping preempted samples,
 *                per-round ratios
 *   callgrind.c  instructions per operation under valgrind's callgrind
 *   machine.c    the CPU, the compilers, the kernel, the load average
 *   report.c     the table, the JSON, the targets
 *   util.c       helpers for the op files; bookkeeping per generator
 *   scale.c      the --scale mode
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

/* ---- operations ---------------------------------------------------------------- */

/* bench_op.flags */
/* Not meaningful under callgrind (threads, system calls only). */
#define BENCH_OP_NO_CALLGRIND 1u
/*
 * Blocks by design (a second thread, a contended mutex): its samples are
 * timed in one piece and not dropped for voluntary context switches;
 * involuntary ones still drop them.
 */
#define BENCH_OP_BLOCKS 2u

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
	unsigned int flags; /* BENCH_OP_* */
};

/* The op tables, each ended by an entry with id == NULL. */
extern const struct bench_op bench_fringe_ops[]; /* ops_fringe.c */
extern const struct bench_op bench_peer_ops[];   /* ops_peers.c */
extern const struct bench_op bench_boost_ops[];  /* ops_boost.cc, or
						    ops_boost_none.c */
extern const struct bench_op bench_floor_ops[];  /* ops_floor.c */
/* Ops of one build of the benchmark only: none in bench/bench (the C
 * program, ops_none.c), the C++ ones in bench/bench-cxx (ops_cxx.cc). */
extern const struct bench_op bench_extra_ops[];

/* Every table, in the order of the report; ended by NULL (main.c). */
extern const struct bench_op *const bench_op_tables[];

/* The op with this id in any table, or NULL. */
const struct bench_op *bench_find_op(const char *id);

/* The C++ compiler and Boost version of ops_boost.cc, or why there is
 * no such build. */
extern const char *const bench_boost_build;

/*
 * Restart the clock of the sample in progress: an op calls it after
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

/*
 * Set the inexact flag of the running thread's floating-point status, as
 * nearly any floating-point arithmetic does (the benchmark's own does).
 * Peers whose switch saves and loads the whole MXCSR (Boost.Context)
 * make their contexts after this, so that both sides of their switches
 * carry the same flags: loading an MXCSR whose flags differ from the
 * current ones is far slower on some CPUs (the jump_fcontext row with
 * "FP flags differ" shows it).  Ops that need it call it in setup and
 * at the start of run.
 */
void bench_fp_inexact(void);

/* The usable size of every stack the ops use, except where noted. */
#define BENCH_STACK_SIZE (64u * 1024u)

/* Prevent the compiler from optimizing a value away. */
#define BENCH_KEEP(x) __asm__ volatile("" : : "r"(x) : "memory")

/* ---- results ------------------------------------------------------------------- */

/* A median with its spread. */
struct bench_spread {
	double median, q1, q3; /* quartiles (linear interpolation) */
	double min, max;
	int n;                 /* values; 0: none */
};

struct bench_result {
	const struct bench_op *op;
	int ran;              /* timed */
	uint64_t iterations;  /* per sample */
	/* Per round: ns and cycles per operation, or a negative value where
	 * the round has no sample of this op (dropped, or none taken). */
	double *round_ns, *round_cycles;
	int kept;             /* samples kept */
	int dropped_switch;   /* dropped: a context switch during the sample */
	int dropped_jump;     /* dropped: a stall seen by the cycle counter */
	struct bench_spread ns, cycles;
	int have_ir;
	double ir;            /* instructions per operation */
	const char *ir_note;  /* why there is no count */
};

struct bench_options {
	int json;
	int rounds;           /* --rounds (--runs) */
	double sample_ms;     /* --time: length of one sample */
	const char *only;
	int callgrind;
	const char *valgrind;
	int progress;         /* say on stderr what is being measured */
	const char *argv0;    /* how the benchmark was started */
};
extern struct bench_options bench_opt;

/* Every op of every table that --only selected, in table order. */
extern struct bench_result bench_results[];
extern int bench_nresults;
struct bench_result *bench_find_result(const char *id);

/* timing.c */
void bench_measure_all(void);
/* Median and quartiles of the per-round ratios num/den over the rounds
 * where both have a sample; n = 0 when there is none. */
struct bench_spread bench_ratio(const struct bench_result *num,
				const struct bench_result *den);
struct bench_spread bench_summarize(double *v, int n); /* sorts v */
/* What the drop rule was, for the report. */
extern const char bench_drop_rule[];

/* callgrind.c */
void bench_count_instructions(void);
int bench_callgrind_child(const char *id, const char *count);
/* Set when valgrind could not be started. */
extern int bench_valgrind_missing;

/* machine.c */
struct bench_machine {
	char cpu[320];        /* vendor, family, model, name */
	char hypervisor[64];  /* "" when none is announced */
	char kernel[256];
	char compiler[160];   /* the C compiler of the benchmark */
	long cpus_online;
	char load_start[64], load_end[64]; /* /proc/loadavg's first three */
};
extern struct bench_machine bench_machine;
void bench_describe_machine(void);
void bench_load_average(char *buf, size_t size);

/* util.c: bookkeeping per generator */
struct bench_bookkeeping {
	long control_block; /* bytes from the generator's handle to its
			       stack's limit: carved out of the stack top */
	long descriptor;    /* bytes of a caller-memory stack's descriptor
			       and alignment, above the usable area */
	long heap;          /* heap bytes per generator (-1: unknown) */
};
extern struct bench_bookkeeping bench_book;
void bench_measure_bookkeeping(void);

/* report.c */
void bench_compute_targets(void);
void bench_print_table(void);
void bench_print_json(void);

/* Progress on stderr when it is a terminal; what = "" clears it. */
void bench_progress(const char *what, const char *id);

/* --scale mode (scale.c): returns the exit status. */
struct bench_scale_options {
	unsigned long count;   /* generators alive at once */
	size_t stack_size;     /* usable bytes per stack */
	int guarded;           /* mmap'd stacks from a pool instead of one
				  region of caller memory */
	int json;
};
int bench_scale(const struct bench_scale_options *options);

#ifdef __cplusplus
}
#endif

#endif /* FRINGE_BENCH_H */

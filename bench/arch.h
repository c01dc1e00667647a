/*
 * arch.h - the only place in the benchmark that knows the CPU.
 *
 * Provides, where this CPU has them:
 *
 *   BENCH_CYCLES_NAME / bench_cycles()
 *       a cycle counter readable from user space (x86: the time-stamp
 *       counter, which counts reference cycles at a constant rate on
 *       current CPUs).  Without one, BENCH_CYCLES_NAME is NULL and the
 *       table has no cycle columns.
 *
 *   BENCH_HAVE_CPUID / bench_cpuid_describe()
 *       the CPU's vendor, family, model and name as CPUID reports them,
 *       and the hypervisor's signature.  Without CPUID, BENCH_HAVE_CPUID
 *       is 0 and machine.c reads /proc/cpuinfo.
 *
 *   BENCH_HAVE_FP_FLAGS_CLEAR / bench_fp_flags_clear()
 *       clear the floating-point exception flags where a context switch
 *       of a peer saves and restores them with the control bits (x86_64:
 *       MXCSR).  Without it, the row that needs it says so.
 *
 *   BENCH_HAVE_FLOOR, BENCH_FLOOR_NAME and the floor switch
 *   (bench_floor_make(), bench_floor_switch(): see arch/x86_64/bench-cpu.h)
 *       a minimal context switch written as an inline-asm statement that
 *       clobbers every register, so that the compiler saves only the
 *       values live across it: the lower bound the library's switches
 *       are compared with.  Without one, BENCH_HAVE_FLOOR is 0.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef FRINGE_BENCH_ARCH_H
#define FRINGE_BENCH_ARCH_H

#include <stdint.h>

/* This CPU's helpers: bench/arch/<cpu>/bench-cpu.h, or the generic one,
 * whichever the include path (FRINGE_ARCH_DIR, from configure) finds
 * first.  A new CPU adds its directory and edits nothing here. */
#include "bench-cpu.h"

#ifndef BENCH_CYCLES_NAME
#define BENCH_CYCLES_NAME ((const char *)0)
static inline uint64_t bench_cycles(void)
{
	return 0;
}
#endif

#ifndef BENCH_HAVE_CPUID
#define BENCH_HAVE_CPUID 0
#endif

#ifndef BENCH_HAVE_FP_FLAGS_CLEAR
#define BENCH_HAVE_FP_FLAGS_CLEAR 0
#endif

#ifndef BENCH_HAVE_FLOOR
#define BENCH_HAVE_FLOOR 0
#define BENCH_FLOOR_NAME ((const char *)0)
#endif

#endif /* FRINGE_BENCH_ARCH_H */

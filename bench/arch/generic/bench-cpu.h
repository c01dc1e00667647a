/*
 * bench-cpu.h - the benchmark's view of a CPU it has no helpers for: no
 * cycle counter, no CPUID, no floor switch.  bench/arch.h supplies the
 * defaults; a CPU with helpers has its own bench/arch/<cpu>/bench-cpu.h,
 * found first on the include path (FRINGE_ARCH_DIR, from configure).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef FRINGE_BENCH_CPU_H
#define FRINGE_BENCH_CPU_H
#endif /* FRINGE_BENCH_CPU_H */

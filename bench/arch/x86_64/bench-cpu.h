/*
 * bench-cpu.h - the benchmark's cycle counter, CPUID and floor switch
 * for x86_64 (System V ABI).  Included by bench/arch.h only.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef FRINGE_BENCH_CPU_H
#define FRINGE_BENCH_CPU_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cpuid.h>

/* ---- the CPU, by CPUID ------------------------------------------------------- */

#define BENCH_HAVE_CPUID 1

/*
 * "VENDOR family F (0xF) model M (0xM) stepping S: BRAND" into cpu, and
 * the hypervisor's CPUID signature (leaf 0x40000000) into hv, or "" when
 * CPUID announces no hypervisor.  Family and model are the displayed
 * ones: the extended fields added as the vendors document.
 */
static inline void bench_cpuid_describe(char *cpu, size_t size, char *hv,
					size_t hvsize)
{
	unsigned int a, b, c, d, max, family, model, stepping;
	char vendor[13], brand[49] = "";

	hv[0] = '\0';
	if (!__get_cpuid(0, &max, &b, &c, &d)) {
		snprintf(cpu, size, "x86_64 without CPUID");
		return;
	}
	memcpy(vendor, &b, 4);
	memcpy(vendor + 4, &d, 4);
	memcpy(vendor + 8, &c, 4);
	vendor[12] = '\0';
	__cpuid(1, a, b, c, d);
	stepping = a & 0xf;
	family = (a >> 8) & 0xf;
	model = (a >> 4) & 0xf;
	if (family == 0xf)
		family += (a >> 20) & 0xff;
	if (family == 0x6 || family >= 0xf)
		model |= ((a >> 16) & 0xf) << 4;
	if (c & (1u << 31)) { /* a hypervisor is present */
		unsigned int sig[3];

		__cpuid(0x40000000, a, sig[0], sig[1], sig[2]);
		memcpy(hv, sig, hvsize < 13 ? hvsize - 1 : 12);
		hv[hvsize < 13 ? hvsize - 1 : 12] = '\0';
		if (hv[0] == '\0')
			snprintf(hv, hvsize, "unnamed");
	}
	if (__get_cpuid_max(0x80000000, NULL) >= 0x80000004) {
		unsigned int w[12];

		for (unsigned int leaf = 0; leaf < 3; leaf++)
			__cpuid(0x80000002 + leaf, w[4 * leaf], w[4 * leaf + 1],
				w[4 * leaf + 2], w[4 * leaf + 3]);
		memcpy(brand, w, 48);
		brand[48] = '\0';
	}
	{
		char *p = brand;

		while (*p == ' ')
			p++;
		snprintf(cpu, size,
			 "%s family %u (0x%x) model %u (0x%x) stepping %u%s%s",
			 vendor, family, family, model, model, stepping,
			 *p != '\0' ? ": " : "", p);
	}
}

/* ---- floating-point status flags -------------------------------------------- */

#define BENCH_HAVE_FP_FLAGS_CLEAR 1

/*
 * Clear the exception flags of MXCSR (and of the x87 status word), the
 * control bits staying as they are: for the peer row whose two sides
 * run with different flags.
 */
static inline void bench_fp_flags_clear(void)
{
	uint32_t mxcsr;

	__asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
	mxcsr &= ~UINT32_C(0x3f);
	__asm__ volatile("ldmxcsr %0\n\tfnclex" : : "m"(mxcsr));
}

/* ---- cycle counter ----------------------------------------------------------- */

#define BENCH_CYCLES_NAME "TSC"

static inline uint64_t bench_cycles(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* ---- the floor: a switch the compiler helps with ---------------------------- */

#define BENCH_HAVE_FLOOR 1
#define BENCH_FLOOR_NAME "x86_64 inline asm, clobbers every register"

/*
 * A suspended floor context is a stack pointer S:
 *
 *     S + 8    rbp  (the frame pointer cannot be named as clobbered)
 *     S + 0    where to continue
 *     above:   the 128-byte red zone of the suspended code, stepped over
 *
 * Every other register is declared clobbered, so the compiler keeps only
 * the values it still needs across the switch, on the stack, and nothing
 * else is saved.  MXCSR and the x87 control word are neither saved nor
 * restored (both sides share them): this is a lower bound, not a switch
 * a library could offer for arbitrary code.
 */

#if defined(__CET__) && (__CET__ & 1)
#define BENCH_FLOOR_LANDING "endbr64\n\t"
#else
#define BENCH_FLOOR_LANDING ""
#endif

#ifdef __AVX512F__
#define BENCH_FLOOR_AVX512_CLOBBERS                                          \
	, "xmm16", "xmm17", "xmm18", "xmm19", "xmm20", "xmm21", "xmm22",     \
	"xmm23", "xmm24", "xmm25", "xmm26", "xmm27", "xmm28", "xmm29",       \
	"xmm30", "xmm31", "k1", "k2", "k3", "k4", "k5", "k6", "k7"
#else
#define BENCH_FLOOR_AVX512_CLOBBERS
#endif

/*
 * Save the running context's stack pointer in *save and continue the
 * context `to`, handing it `value`; return the value handed back by
 * whoever continues this one.
 */
static inline __attribute__((always_inline)) void *
bench_floor_switch(void *value, void **save, void *to)
{
	register void *rdi __asm__("rdi") = value;
	register void **rsi __asm__("rsi") = save;
	register void *rdx __asm__("rdx") = to;

	__asm__ volatile(
		"leaq	-128(%%rsp), %%rsp\n\t" /* keep out of the red zone */
		"pushq	%%rbp\n\t"
		"leaq	1f(%%rip), %%rax\n\t"
		"pushq	%%rax\n\t"
		"movq	%%rsp, (%%rsi)\n\t"
		"movq	%%rdx, %%rsp\n\t"
		"popq	%%rax\n\t"
		"jmpq	*%%rax\n"
		"1:\n\t"
		BENCH_FLOOR_LANDING
		"popq	%%rbp\n\t"
		"leaq	128(%%rsp), %%rsp"
		: "+r"(rdi), "+r"(rsi), "+r"(rdx)
		:
		: "rax", "rbx", "rcx", "r8", "r9", "r10", "r11", "r12", "r13",
		  "r14", "r15", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5",
		  "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12",
		  "xmm13", "xmm14", "xmm15", "st", "st(1)", "st(2)", "st(3)",
		  "st(4)", "st(5)", "st(6)", "st(7)", "mm0", "mm1", "mm2", "mm3",
		  "mm4", "mm5", "mm6", "mm7", "memory",
		  "cc" BENCH_FLOOR_AVX512_CLOBBERS);
	return rdi;
}

/*
 * Prepare the stack below `top` (16-aligned) so that the first switch to
 * the returned stack pointer calls entry(value) there, with the stack
 * aligned as after a call.  `entry` must never return.
 */
static inline void *bench_floor_make(void *top, void (*entry)(void *value))
{
	uintptr_t *sp = (uintptr_t *)top - 2;

	sp[0] = (uintptr_t)entry; /* popped and jumped to */
	sp[1] = 0;                /* entry's "return address": none */
	return sp;
}

#endif /* FRINGE_BENCH_CPU_H */

/*
 * fpctl.h - the floating-point control state that <fenv.h> does not
 * reach, for the floating-point environment test (check_fpenv.c).
 *
 * FRINGE_TEST_HAVE_FTZ is 1 where double arithmetic has a flush-to-zero
 * mode (results that would be subnormal become zero); fpctl_ftz_get() and
 * fpctl_ftz_set() read and change it:
 *
 *   x86 (SSE2 arithmetic)  MXCSR.FZ, bit 15
 *   aarch64                FPCR.FZ, bit 24
 *   arm (VFP, hard float)  FPSCR.FZ, bit 24
 *   mips (hard float)      FCSR.FS, bit 24
 *
 * ppc64le (FPSCR.NI is implementation-defined), riscv64 and s390x have no
 * flush-to-zero mode for scalar arithmetic: only the rounding mode is
 * tested there.
 *
 * FRINGE_TEST_SOFT_FLOAT, where defined, says why the floating-point
 * environment cannot be tested at all: on soft-float ARM (armel) the
 * arithmetic is done by libgcc's routines, which always round to nearest
 * and raise no exception flags, whatever fesetround() says.
 *
 * FRINGE_TEST_X87_LONG_DOUBLE is 1 where long double arithmetic runs on
 * the x87 unit, whose control word is separate from MXCSR.
 */
#ifndef FRINGE_TEST_FPCTL_H
#define FRINGE_TEST_FPCTL_H

#if (defined(__x86_64__) || defined(__i386__)) && defined(__SSE2_MATH__)
#define FRINGE_TEST_HAVE_FTZ 1
#define FPCTL_FZ (1u << 15)
static inline int fpctl_ftz_get(void)
{
	unsigned int csr;

	__asm__ volatile("stmxcsr %0" : "=m"(csr));
	return (csr & FPCTL_FZ) != 0;
}

static inline void fpctl_ftz_set(int on)
{
	unsigned int csr;

	__asm__ volatile("stmxcsr %0" : "=m"(csr));
	csr = on ? csr | FPCTL_FZ : csr & ~FPCTL_FZ;
	__asm__ volatile("ldmxcsr %0" : : "m"(csr));
}
#elif defined(__aarch64__)
#define FRINGE_TEST_HAVE_FTZ 1
#define FPCTL_FZ (1ul << 24)
static inline int fpctl_ftz_get(void)
{
	unsigned long fpcr;

	__asm__ volatile("mrs %0, fpcr" : "=r"(fpcr));
	return (fpcr & FPCTL_FZ) != 0;
}

static inline void fpctl_ftz_set(int on)
{
	unsigned long fpcr;

	__asm__ volatile("mrs %0, fpcr" : "=r"(fpcr));
	fpcr = on ? fpcr | FPCTL_FZ : fpcr & ~FPCTL_FZ;
	__asm__ volatile("msr fpcr, %0" : : "r"(fpcr));
}
#elif defined(__arm__) && defined(__ARM_PCS_VFP)
#define FRINGE_TEST_HAVE_FTZ 1
#define FPCTL_FZ (1u << 24)
static inline int fpctl_ftz_get(void)
{
	unsigned int fpscr;

	__asm__ volatile("vmrs %0, fpscr" : "=r"(fpscr));
	return (fpscr & FPCTL_FZ) != 0;
}

static inline void fpctl_ftz_set(int on)
{
	unsigned int fpscr;

	__asm__ volatile("vmrs %0, fpscr" : "=r"(fpscr));
	fpscr = on ? fpscr | FPCTL_FZ : fpscr & ~FPCTL_FZ;
	__asm__ volatile("vmsr fpscr, %0" : : "r"(fpscr));
}
#elif defined(__mips__) && defined(__mips_hard_float)
#define FRINGE_TEST_HAVE_FTZ 1
#define FPCTL_FS (1u << 24)
static inline int fpctl_ftz_get(void)
{
	unsigned int fcsr;

	__asm__ volatile("cfc1 %0, $31" : "=r"(fcsr));
	return (fcsr & FPCTL_FS) != 0;
}

static inline void fpctl_ftz_set(int on)
{
	unsigned int fcsr;

	__asm__ volatile("cfc1 %0, $31" : "=r"(fcsr));
	fcsr = on ? fcsr | FPCTL_FS : fcsr & ~FPCTL_FS;
	__asm__ volatile("ctc1 %0, $31" : : "r"(fcsr));
}
#else
#define FRINGE_TEST_HAVE_FTZ 0
#endif

#if defined(__arm__) && !defined(__ARM_FP)
#define FRINGE_TEST_SOFT_FLOAT "soft-float arithmetic (libgcc) has no " \
			       "rounding modes and no exception flags"
#endif

#if defined(__x86_64__) || defined(__i386__)
#define FRINGE_TEST_X87_LONG_DOUBLE 1
#else
#define FRINGE_TEST_X87_LONG_DOUBLE 0
#endif

#endif /* FRINGE_TEST_FPCTL_H */

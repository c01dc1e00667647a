/*
 * 32-bit ARM: with VFP hard float (armhf), flush-to-zero is FPSCR.FZ,
 * bit 24.  On soft-float ARM (armel) the arithmetic is done by libgcc's
 * routines, which always round to nearest and raise no exception flags,
 * whatever fesetround() says: nothing can be tested there.
 */
#ifdef __ARM_PCS_VFP
#define FRINGE_TEST_HAVE_FTZ 1
#define FPCTL_WORD unsigned int
#define FPCTL_FZ (1u << 24)
#define FPCTL_READ(w) __asm__ volatile("vmrs %0, fpscr" : "=r"(w))
#define FPCTL_WRITE(w) __asm__ volatile("vmsr fpscr, %0" : : "r"(w))
#else
#define FRINGE_TEST_HAVE_FTZ 0
#endif

#ifndef __ARM_FP
#define FRINGE_TEST_SOFT_FLOAT "soft-float arithmetic (libgcc) has no " \
			       "rounding modes and no exception flags"
#endif

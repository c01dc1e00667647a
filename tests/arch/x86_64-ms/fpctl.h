/*
 * x86 (x86_64, and i386 through i386/fpctl.h): flush-to-zero is MXCSR.FZ,
 * bit 15, where double arithmetic uses SSE2 (not on i386 built without
 * it); long double arithmetic runs on the x87 unit, whose control word is
 * separate from MXCSR.
 */
#ifdef __SSE2_MATH__
#define FRINGE_TEST_HAVE_FTZ 1
#define FPCTL_WORD unsigned int
#define FPCTL_FZ (1u << 15)
#define FPCTL_READ(w) __asm__ volatile("stmxcsr %0" : "=m"(w))
#define FPCTL_WRITE(w) __asm__ volatile("ldmxcsr %0" : : "m"(w))
#else
#define FRINGE_TEST_HAVE_FTZ 0
#endif

#define FRINGE_TEST_X87_LONG_DOUBLE 1

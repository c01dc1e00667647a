/*
 * fpctl.h - the floating-point control state that <fenv.h> does not
 * reach, for the floating-point environment test (check_fpenv.c).
 *
 * The CPU's part is tests/arch/<cpu>/fpctl.h, found through the include
 * path that tests/Makefile.inc sets for the CPU the tests are built for;
 * tests/arch/generic/fpctl.h stands in where the CPU has none.  It
 * defines:
 *
 *   FRINGE_TEST_HAVE_FTZ         1 where double arithmetic has a
 *                                flush-to-zero mode (results that would be
 *                                subnormal become zero), else 0; where 1,
 *                                with the control register that holds it:
 *                                its type FPCTL_WORD, its bit FPCTL_FZ,
 *                                and FPCTL_READ(w) and FPCTL_WRITE(w),
 *                                which this header makes fpctl_ftz_get()
 *                                and fpctl_ftz_set() of
 *   FRINGE_TEST_SOFT_FLOAT       where defined, why the floating-point
 *                                environment cannot be tested at all
 *   FRINGE_TEST_X87_LONG_DOUBLE  1 where long double arithmetic runs on a
 *                                unit with a control word of its own (x87);
 *                                0 when left undefined
 */
#ifndef FRINGE_TEST_FPCTL_H
#define FRINGE_TEST_FPCTL_H

#include <fpctl.h>

#ifndef FRINGE_TEST_X87_LONG_DOUBLE
#define FRINGE_TEST_X87_LONG_DOUBLE 0
#endif

#if FRINGE_TEST_HAVE_FTZ
static inline int fpctl_ftz_get(void)
{
	FPCTL_WORD w;

	FPCTL_READ(w);
	return (w & FPCTL_FZ) != 0;
}

static inline void fpctl_ftz_set(int on)
{
	FPCTL_WORD w;

	FPCTL_READ(w);
	w = on ? w | FPCTL_FZ : w & ~FPCTL_FZ;
	FPCTL_WRITE(w);
}
#endif

#endif /* FRINGE_TEST_FPCTL_H */

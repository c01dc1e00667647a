/* No flush-to-zero mode known for this CPU (tests/arch/fpctl.h): only
 * the rounding modes are tested.  ppc64le (FPSCR.NI is
 * implementation-defined), riscv64 and s390x have none for scalar
 * arithmetic. */
#define FRINGE_TEST_HAVE_FTZ 0

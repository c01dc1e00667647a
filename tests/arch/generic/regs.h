/*
 * No register test helper for this CPU: the registers suite reports its
 * tests as skipped.  A CPU gets one by adding tests/arch/<cpu>/regs.h
 * and tests/arch/<cpu>/regs.S (tests/arch/regs.h says what they define).
 */
#define FRINGE_TEST_NREGS 0

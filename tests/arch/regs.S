/*
 * regs.S - fringe_test_with_regs() (regs.h) for the CPU the tests are
 * built for: tests/arch/<cpu>/regs.S, found through the same include path
 * as its regs.h; tests/arch/generic/regs.S, empty, where the CPU has
 * none.
 */
#include <regs.S>

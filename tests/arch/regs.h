/*
 * regs.h - the register-preservation test's view of the CPU.
 *
 * The CPU's part is tests/arch/<cpu>/regs.h with its assembly helper
 * tests/arch/<cpu>/regs.S, found through the include path that
 * tests/Makefile.inc sets for the CPU the tests are built for;
 * tests/arch/generic/ stands in where the CPU has none.  The CPU's
 * header defines FRINGE_TEST_NREGS (0: no helper) and, where that is not
 * 0, FRINGE_TEST_REG_INFO: the register names, two valid patterns for
 * each register (A for one side of a switch, B for the other) and the
 * bits of each register that a switch must preserve.  Its helper
 * fringe_test_with_regs() loads `in` into those registers, calls
 * fn(arg), and stores what the registers hold when fn returns into
 * `out`.
 */
#ifndef FRINGE_TEST_REGS_H
#define FRINGE_TEST_REGS_H

#include <stdint.h>

#include <regs.h>

#if FRINGE_TEST_NREGS > 0
struct fringe_test_regs {
	uint64_t r[FRINGE_TEST_NREGS];
};

struct fringe_test_reg_info {
	const char *name;
	uint64_t a, b, mask;
};

void fringe_test_with_regs(const struct fringe_test_regs *in,
			   void (*fn)(void *), void *arg,
			   struct fringe_test_regs *out);
#endif

#endif /* FRINGE_TEST_REGS_H */

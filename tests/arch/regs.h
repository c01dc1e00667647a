/*
 * regs.h - the register-preservation test's view of the CPU.
 *
 * For the CPU the tests are built for, the included header defines
 * FRINGE_TEST_NREGS, the register names, two valid patterns for each
 * register (A for one side of a switch, B for the other) and the bits of
 * each register that a switch must preserve.  The assembly helper
 * fringe_test_with_regs() loads `in` into those registers, calls fn(arg),
 * and stores what the registers hold when fn returns into `out`.
 */
#ifndef FRINGE_TEST_REGS_H
#define FRINGE_TEST_REGS_H

#include <stdint.h>

#if defined(__x86_64__) && !defined(__ILP32__)
#include "x86_64/regs.h"
#elif defined(__i386__)
#include "i386/regs.h"
#elif defined(__aarch64__)
#include "aarch64/regs.h"
#elif defined(__arm__)
#include "arm/regs.h"
#elif defined(__mips__) && defined(__mips_hard_float) &&                   \
	defined(_ABIO32) && _MIPS_SIM == _ABIO32
#include "mips/regs.h"
#elif defined(__mips64) && defined(__mips_hard_float) &&                  \
	defined(_ABI64) && _MIPS_SIM == _ABI64
#include "mips64/regs.h"
#elif defined(__riscv) && __riscv_xlen == 64
#include "riscv64/regs.h"
#elif defined(__powerpc64__) && defined(_CALL_ELF) && _CALL_ELF == 2
#include "ppc64le/regs.h"
#elif defined(__s390x__)
#include "s390x/regs.h"
#else
#define FRINGE_TEST_NREGS 0
#endif

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

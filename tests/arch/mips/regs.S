/*
 * void fringe_test_with_regs(const struct fringe_test_regs *in,
 *                            void (*fn)(void *), void *arg,
 *                            struct fringe_test_regs *out)
 *
 * 32-bit MIPS, o32, hard float.  Load s0-s7, fp, $f20-$f30 (even) and
 * the FCSR from `in` (8-byte steps, core registers from the low word),
 * call fn(arg), store the same registers into `out` (core registers and
 * the FCSR with a zero high word), then restore the caller's values.
 *
 * Frame (after the prologue, 8-aligned; CFA = sp + 120):
 *     sp + 116        caller's ra
 *     sp + 112        caller's fp
 *     sp +  80 .. 108 caller's s0 .. s7
 *     sp +  32 .. 79  caller's $f20 .. $f30 (even, as doubles)
 *     sp +  24        caller's gp
 *     sp +  20        out
 *     sp +  16        caller's FCSR
 *     sp +   0 .. 15  fn's argument area
 */
#if defined(__mips__) && defined(_ABIO32) && _MIPS_SIM == _ABIO32
#include "arch/fringe-asm.h"

#define FRAME 120
#define RA_SLOT 116
#define FP_SLOT 112
#define S_SLOT(n) (80 + 4 * (n))
#define F_SLOT(k) (32 + 8 * (k))	/* $f<20 + 2k> */
#define GP_SLOT 24
#define OUT_SLOT 20
#define FCSR_SLOT 16
#define CFA_REL(slot) ((slot) - FRAME)

/* Words of struct fringe_test_regs, in regs.h order; a core register is
 * the low half of its word. */
#ifdef __MIPSEB__
#define LOW 4
#define HIGH 0
#else
#define LOW 0
#define HIGH 4
#endif
#define IN_S(n) (8 * (n))
#define IN_FP 64
#define IN_F(k) (72 + 8 * (k))
#define IN_FCSR 120

	.set	noreorder
	.set	nomips16
	.set	nomicromips

FUNC(fringe_test_with_regs)
	addiu	$sp, $sp, -FRAME
	.cfi_adjust_cfa_offset FRAME
	sw	$ra, RA_SLOT($sp)
	.cfi_offset $ra, CFA_REL(RA_SLOT)
	sw	$fp, FP_SLOT($sp)
	.cfi_offset $fp, CFA_REL(FP_SLOT)
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7
	sw	$s\n, S_SLOT(\n)($sp)
	.cfi_offset $s\n, CFA_REL(S_SLOT(\n))
	.endr
	sdc1	$f20, F_SLOT(0)($sp)
	sdc1	$f22, F_SLOT(1)($sp)
	sdc1	$f24, F_SLOT(2)($sp)
	sdc1	$f26, F_SLOT(3)($sp)
	sdc1	$f28, F_SLOT(4)($sp)
	sdc1	$f30, F_SLOT(5)($sp)
	sw	$gp, GP_SLOT($sp)
	sw	$a3, OUT_SLOT($sp)
	cfc1	$t0, $31
	sw	$t0, FCSR_SLOT($sp)

	lw	$t0, IN_FCSR + LOW($a0)
	ctc1	$t0, $31		/* mode and flags from the pattern */
	ldc1	$f20, IN_F(0)($a0)
	ldc1	$f22, IN_F(1)($a0)
	ldc1	$f24, IN_F(2)($a0)
	ldc1	$f26, IN_F(3)($a0)
	ldc1	$f28, IN_F(4)($a0)
	ldc1	$f30, IN_F(5)($a0)
	/* fp is the frame pointer: from here to the reload below, this
	 * frame has only its CFI. */
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7
	lw	$s\n, IN_S(\n) + LOW($a0)
	.endr
	lw	$fp, IN_FP + LOW($a0)
	move	$t9, $a1		/* fn, as PIC calls need */
	jalr	$t9
	move	$a0, $a2		/* (delay slot) arg */

	lw	$t0, OUT_SLOT($sp)
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7
	sw	$s\n, IN_S(\n) + LOW($t0)
	sw	$zero, IN_S(\n) + HIGH($t0)
	.endr
	sw	$fp, IN_FP + LOW($t0)
	sw	$zero, IN_FP + HIGH($t0)
	sdc1	$f20, IN_F(0)($t0)
	sdc1	$f22, IN_F(1)($t0)
	sdc1	$f24, IN_F(2)($t0)
	sdc1	$f26, IN_F(3)($t0)
	sdc1	$f28, IN_F(4)($t0)
	sdc1	$f30, IN_F(5)($t0)
	cfc1	$t1, $31
	sw	$t1, IN_FCSR + LOW($t0)
	sw	$zero, IN_FCSR + HIGH($t0)

	lw	$t0, FCSR_SLOT($sp)
	ctc1	$t0, $31		/* the caller's FCSR, flags included */
	ldc1	$f20, F_SLOT(0)($sp)
	ldc1	$f22, F_SLOT(1)($sp)
	ldc1	$f24, F_SLOT(2)($sp)
	ldc1	$f26, F_SLOT(3)($sp)
	ldc1	$f28, F_SLOT(4)($sp)
	ldc1	$f30, F_SLOT(5)($sp)
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7
	lw	$s\n, S_SLOT(\n)($sp)
	.cfi_restore $s\n
	.endr
	lw	$gp, GP_SLOT($sp)
	lw	$fp, FP_SLOT($sp)
	.cfi_restore $fp
	lw	$ra, RA_SLOT($sp)
	.cfi_restore $ra
	jr	$ra
	addiu	$sp, $sp, FRAME		/* (delay slot) */
	.cfi_adjust_cfa_offset -FRAME
END(fringe_test_with_regs)

FRINGE_ASM_FOOTER
#else
/* Not this CPU: an empty object, marked non-executable-stack. */
	.section .note.GNU-stack, "", %progbits
#endif

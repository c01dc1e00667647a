/*
 * void fringe_test_with_regs(const struct fringe_test_regs *in,
 *                            void (*fn)(void *), void *arg,
 *                            struct fringe_test_regs *out)
 *
 * 64-bit MIPS, n64, hard float.  Load s0-s7, fp, gp, $f24-$f31 and the
 * FCSR from `in` (8-byte steps), call fn(arg), store the same registers
 * into `out`, then restore the caller's values.
 *
 * Frame (after the prologue, 16-aligned; CFA = sp + 176):
 *     sp + 160        caller's ra
 *     sp + 152        caller's gp
 *     sp + 144        caller's fp
 *     sp +  80 .. 136 caller's s0 .. s7
 *     sp +  16 .. 72  caller's $f24 .. $f31
 *     sp +   8        out
 *     sp +   0        caller's FCSR
 */
#if defined(__mips64) && defined(_ABI64) && _MIPS_SIM == _ABI64
#include "arch/fringe-asm.h"

#define FRAME 176
#define RA_SLOT 160
#define GP_SLOT 152
#define FP_SLOT 144
#define S_SLOT(n) (80 + 8 * (n))
#define F_SLOT(n) (16 + 8 * ((n) - 24))	/* $f<n>, n = 24 .. 31 */
#define OUT_SLOT 8
#define FCSR_SLOT 0
#define CFA_REL(slot) ((slot) - FRAME)

/* Words of struct fringe_test_regs, in regs.h order. */
#define IN_S(n) (8 * (n))
#define IN_FP 64
#define IN_GP 72
#define IN_F(n) (80 + 8 * ((n) - 24))
#define IN_FCSR 144

	.set	noreorder
	.set	nomips16
	.set	nomicromips

FUNC(fringe_test_with_regs)
	daddiu	$sp, $sp, -FRAME
	.cfi_adjust_cfa_offset FRAME
	sd	$ra, RA_SLOT($sp)
	.cfi_offset $ra, CFA_REL(RA_SLOT)
	sd	$gp, GP_SLOT($sp)
	.cfi_offset $gp, CFA_REL(GP_SLOT)
	sd	$fp, FP_SLOT($sp)
	.cfi_offset $fp, CFA_REL(FP_SLOT)
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7
	sd	$s\n, S_SLOT(\n)($sp)
	.cfi_offset $s\n, CFA_REL(S_SLOT(\n))
	.endr
	.irp n, 24, 25, 26, 27, 28, 29, 30, 31
	sdc1	$f\n, F_SLOT(\n)($sp)
	.endr
	sd	$a3, OUT_SLOT($sp)
	cfc1	$t0, $31
	sd	$t0, FCSR_SLOT($sp)

	ld	$t0, IN_FCSR($a0)
	ctc1	$t0, $31		/* mode and flags from the pattern */
	.irp n, 24, 25, 26, 27, 28, 29, 30, 31
	ldc1	$f\n, IN_F(\n)($a0)
	.endr
	/* fp is the frame pointer: from here to the reload below, this
	 * frame has only its CFI. */
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7
	ld	$s\n, IN_S(\n)($a0)
	.endr
	ld	$fp, IN_FP($a0)
	ld	$gp, IN_GP($a0)
	move	$t9, $a1		/* fn, as PIC calls need */
	jalr	$t9
	move	$a0, $a2		/* (delay slot) arg */

	ld	$t0, OUT_SLOT($sp)
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7
	sd	$s\n, IN_S(\n)($t0)
	.endr
	sd	$fp, IN_FP($t0)
	sd	$gp, IN_GP($t0)
	.irp n, 24, 25, 26, 27, 28, 29, 30, 31
	sdc1	$f\n, IN_F(\n)($t0)
	.endr
	cfc1	$t1, $31
	dsll32	$t1, $t1, 0		/* zero-extended */
	dsrl32	$t1, $t1, 0
	sd	$t1, IN_FCSR($t0)

	ld	$t0, FCSR_SLOT($sp)
	ctc1	$t0, $31		/* the caller's FCSR, flags included */
	.irp n, 24, 25, 26, 27, 28, 29, 30, 31
	ldc1	$f\n, F_SLOT(\n)($sp)
	.endr
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7
	ld	$s\n, S_SLOT(\n)($sp)
	.cfi_restore $s\n
	.endr
	ld	$fp, FP_SLOT($sp)
	.cfi_restore $fp
	ld	$gp, GP_SLOT($sp)
	.cfi_restore $gp
	ld	$ra, RA_SLOT($sp)
	.cfi_restore $ra
	jr	$ra
	daddiu	$sp, $sp, FRAME		/* (delay slot) */
	.cfi_adjust_cfa_offset -FRAME
END(fringe_test_with_regs)

FRINGE_ASM_FOOTER
#else
/* Not this CPU: an empty object, marked non-executable-stack. */
	.section .note.GNU-stack, "", %progbits
#endif

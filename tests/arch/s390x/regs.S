/*
 * void fringe_test_with_regs(const struct fringe_test_regs *in,
 *                            void (*fn)(void *), void *arg,
 *                            struct fringe_test_regs *out)
 *
 * Load every callee-saved register and the FPC from `in` (r6-r13, f8-f15,
 * FPC at 8-byte steps; the FPC is the low, i.e. second, word of its
 * big-endian doubleword), call fn(arg), store the same registers into
 * `out` (the FPC zero-extended to 64 bits), then restore the caller's
 * values.
 *
 * Frame (r15 after the prologue; the caller's r6-r15 are in the caller's
 * register save area at their standard slots):
 *     r15 + 232      out
 *     r15 + 224      caller's FPC (4 bytes)
 *     r15 + 160..216 caller's f8..f15
 *     r15 +   0..159 register save area for fn, back chain at 0
 */
#if defined(__s390x__)
#include "arch/fringe-asm.h"

/* DWARF numbers of f8-f15 in the ABI's order (not 16 + n). */
#define DW_F8 24
#define DW_F9 28
#define DW_F10 25
#define DW_F11 29
#define DW_F12 26
#define DW_F13 30
#define DW_F14 27
#define DW_F15 31

#define F_F8 160
#define F_FPC 224
#define F_OUT 232
#define F_SIZE 240

FUNC(fringe_test_with_regs)
	stmg	%r6,%r15,48(%r15)
	.cfi_offset %r6, -112
	.cfi_offset %r7, -104
	.cfi_offset %r8, -96
	.cfi_offset %r9, -88
	.cfi_offset %r10, -80
	.cfi_offset %r11, -72
	.cfi_offset %r12, -64
	.cfi_offset %r13, -56
	.cfi_offset %r14, -48
	.cfi_offset %r15, -40
	lgr	%r1,%r15
	lay	%r15,-F_SIZE(%r15)
	.cfi_adjust_cfa_offset F_SIZE
	stg	%r1,0(%r15)		/* back chain */
	std	%f8,F_F8(%r15)
	.cfi_offset DW_F8, F_F8 - F_SIZE - 160
	std	%f9,F_F8+8(%r15)
	.cfi_offset DW_F9, F_F8 + 8 - F_SIZE - 160
	std	%f10,F_F8+16(%r15)
	.cfi_offset DW_F10, F_F8 + 16 - F_SIZE - 160
	std	%f11,F_F8+24(%r15)
	.cfi_offset DW_F11, F_F8 + 24 - F_SIZE - 160
	std	%f12,F_F8+32(%r15)
	.cfi_offset DW_F12, F_F8 + 32 - F_SIZE - 160
	std	%f13,F_F8+40(%r15)
	.cfi_offset DW_F13, F_F8 + 40 - F_SIZE - 160
	std	%f14,F_F8+48(%r15)
	.cfi_offset DW_F14, F_F8 + 48 - F_SIZE - 160
	std	%f15,F_F8+56(%r15)
	.cfi_offset DW_F15, F_F8 + 56 - F_SIZE - 160
	stfpc	F_FPC(%r15)
	stg	%r5,F_OUT(%r15)

	lgr	%r1,%r3			/* fn */
	lfpc	132(%r2)		/* low word of in->r[16] */
	ld	%f8,64(%r2)
	ld	%f9,72(%r2)
	ld	%f10,80(%r2)
	ld	%f11,88(%r2)
	ld	%f12,96(%r2)
	ld	%f13,104(%r2)
	ld	%f14,112(%r2)
	ld	%f15,120(%r2)
	lmg	%r6,%r13,0(%r2)
	lgr	%r2,%r4			/* arg */
	basr	%r14,%r1

	lg	%r1,F_OUT(%r15)
	stmg	%r6,%r13,0(%r1)
	std	%f8,64(%r1)
	std	%f9,72(%r1)
	std	%f10,80(%r1)
	std	%f11,88(%r1)
	std	%f12,96(%r1)
	std	%f13,104(%r1)
	std	%f14,112(%r1)
	std	%f15,120(%r1)
	efpc	%r0
	llgfr	%r0,%r0			/* zero-extended to the 64-bit slot */
	stg	%r0,128(%r1)

	lfpc	F_FPC(%r15)
	ld	%f8,F_F8(%r15)
	ld	%f9,F_F8+8(%r15)
	ld	%f10,F_F8+16(%r15)
	ld	%f11,F_F8+24(%r15)
	ld	%f12,F_F8+32(%r15)
	ld	%f13,F_F8+40(%r15)
	ld	%f14,F_F8+48(%r15)
	ld	%f15,F_F8+56(%r15)
	lmg	%r6,%r15,F_SIZE+48(%r15)
	.cfi_def_cfa_offset 160
	.cfi_restore %r6
	.cfi_restore %r7
	.cfi_restore %r8
	.cfi_restore %r9
	.cfi_restore %r10
	.cfi_restore %r11
	.cfi_restore %r12
	.cfi_restore %r13
	.cfi_restore %r14
	.cfi_restore %r15
	.cfi_restore DW_F8
	.cfi_restore DW_F9
	.cfi_restore DW_F10
	.cfi_restore DW_F11
	.cfi_restore DW_F12
	.cfi_restore DW_F13
	.cfi_restore DW_F14
	.cfi_restore DW_F15
	br	%r14
END(fringe_test_with_regs)

FRINGE_ASM_FOOTER
#else
/* Not this CPU: an empty object, marked non-executable-stack. */
	.section .note.GNU-stack, "", %progbits
#endif

/*
 * void fringe_test_with_regs(const struct fringe_test_regs *in,
 *                            void (*fn)(void *), void *arg,
 *                            struct fringe_test_regs *out)
 *
 * 32-bit ARM, AAPCS.  Load every callee-saved register and the FPSCR
 * from `in` (r4-r11, d8-d15, FPSCR at 8-byte steps), call fn(arg), store
 * the same registers into `out` (core registers and the FPSCR with a zero
 * high word), then restore the caller's values.  Soft float: r4-r11 only,
 * with the frame below reduced to out and r4-r11, lr (sp + 0 .. 36).
 *
 * Frame (after the prologue, 8-aligned):
 *     sp + 76 .. 112  caller's r4 .. r11, lr
 *     sp + 72         out
 *     sp +  8 .. 71   caller's d8 .. d15
 *     sp +  4         caller's FPSCR
 *     sp +  0         unused
 */
#if defined(__arm__) && !defined(__aarch64__)
#include "arch/fringe-asm.h"

	.syntax unified
	.cfi_sections .debug_frame	/* unwinding uses .ARM.exidx */
#ifdef __thumb__
	.thumb
#else
	.arm
#endif

#ifndef __ARM_FP
FUNC(fringe_test_with_regs)
	.fnstart
	.save	{r3, r4-r11, lr}
	push	{r3, r4-r11, lr}	/* out, callee-saved, return address */
	.cfi_adjust_cfa_offset 40
	.cfi_rel_offset r4, 4
	.cfi_rel_offset r5, 8
	.cfi_rel_offset r6, 12
	.cfi_rel_offset r7, 16
	.cfi_rel_offset r8, 20
	.cfi_rel_offset r9, 24
	.cfi_rel_offset r10, 28
	.cfi_rel_offset r11, 32
	.cfi_rel_offset lr, 36
	ldr	r4, [r0, #0]
	ldr	r5, [r0, #8]
	ldr	r6, [r0, #16]
	ldr	r7, [r0, #24]
	ldr	r8, [r0, #32]
	ldr	r9, [r0, #40]
	ldr	r10, [r0, #48]
	ldr	r11, [r0, #56]
	mov	ip, r1			/* fn */
	mov	r0, r2			/* arg */
	blx	ip

	ldr	ip, [sp, #0]		/* out */
	mov	r0, #0			/* the high words */
	str	r4, [ip, #0]
	str	r0, [ip, #4]
	str	r5, [ip, #8]
	str	r0, [ip, #12]
	str	r6, [ip, #16]
	str	r0, [ip, #20]
	str	r7, [ip, #24]
	str	r0, [ip, #28]
	str	r8, [ip, #32]
	str	r0, [ip, #36]
	str	r9, [ip, #40]
	str	r0, [ip, #44]
	str	r10, [ip, #48]
	str	r0, [ip, #52]
	str	r11, [ip, #56]
	str	r0, [ip, #60]
	pop	{r3, r4-r11, lr}
	.cfi_adjust_cfa_offset -40
	.cfi_restore r4
	.cfi_restore r5
	.cfi_restore r6
	.cfi_restore r7
	.cfi_restore r8
	.cfi_restore r9
	.cfi_restore r10
	.cfi_restore r11
	.cfi_restore lr
	bx	lr
	.fnend
END(fringe_test_with_regs)
#else /* with a VFP unit */
FUNC(fringe_test_with_regs)
	.fnstart
	.save	{r3, r4-r11, lr}
	push	{r3, r4-r11, lr}	/* out, callee-saved, return address */
	.cfi_adjust_cfa_offset 40
	.cfi_rel_offset r4, 4
	.cfi_rel_offset r5, 8
	.cfi_rel_offset r6, 12
	.cfi_rel_offset r7, 16
	.cfi_rel_offset r8, 20
	.cfi_rel_offset r9, 24
	.cfi_rel_offset r10, 28
	.cfi_rel_offset r11, 32
	.cfi_rel_offset lr, 36
	.vsave	{d8-d15}
	vpush	{d8-d15}
	.cfi_adjust_cfa_offset 64
	.cfi_rel_offset d8, 0
	.cfi_rel_offset d9, 8
	.cfi_rel_offset d10, 16
	.cfi_rel_offset d11, 24
	.cfi_rel_offset d12, 32
	.cfi_rel_offset d13, 40
	.cfi_rel_offset d14, 48
	.cfi_rel_offset d15, 56
	vmrs	ip, fpscr
	.pad	#8
	push	{r0, ip}		/* caller's FPSCR at sp + 4 */
	.cfi_adjust_cfa_offset 8

	ldr	ip, [r0, #128]
	vmsr	fpscr, ip
	add	ip, r0, #64
	vldmia	ip, {d8-d15}
	ldr	r4, [r0, #0]
	ldr	r5, [r0, #8]
	ldr	r6, [r0, #16]
	ldr	r7, [r0, #24]
	ldr	r8, [r0, #32]
	ldr	r9, [r0, #40]
	ldr	r10, [r0, #48]
	ldr	r11, [r0, #56]
	mov	ip, r1			/* fn */
	mov	r0, r2			/* arg */
	blx	ip

	ldr	ip, [sp, #72]		/* out */
	mov	r0, #0			/* the high words */
	str	r4, [ip, #0]
	str	r0, [ip, #4]
	str	r5, [ip, #8]
	str	r0, [ip, #12]
	str	r6, [ip, #16]
	str	r0, [ip, #20]
	str	r7, [ip, #24]
	str	r0, [ip, #28]
	str	r8, [ip, #32]
	str	r0, [ip, #36]
	str	r9, [ip, #40]
	str	r0, [ip, #44]
	str	r10, [ip, #48]
	str	r0, [ip, #52]
	str	r11, [ip, #56]
	str	r0, [ip, #60]
	add	r1, ip, #64
	vstmia	r1, {d8-d15}
	vmrs	r1, fpscr
	str	r1, [ip, #128]
	str	r0, [ip, #132]

	ldr	r1, [sp, #4]
	vmsr	fpscr, r1		/* the caller's FPSCR */
	add	sp, sp, #8
	.cfi_adjust_cfa_offset -8
	vpop	{d8-d15}
	.cfi_adjust_cfa_offset -64
	.cfi_restore d8
	.cfi_restore d9
	.cfi_restore d10
	.cfi_restore d11
	.cfi_restore d12
	.cfi_restore d13
	.cfi_restore d14
	.cfi_restore d15
	pop	{r3, r4-r11, lr}
	.cfi_adjust_cfa_offset -40
	.cfi_restore r4
	.cfi_restore r5
	.cfi_restore r6
	.cfi_restore r7
	.cfi_restore r8
	.cfi_restore r9
	.cfi_restore r10
	.cfi_restore r11
	.cfi_restore lr
	bx	lr
	.fnend
END(fringe_test_with_regs)
#endif

FRINGE_ASM_FOOTER
#else
/* Not this CPU: an empty object, marked non-executable-stack. */
	.section .note.GNU-stack, "", %progbits
#endif

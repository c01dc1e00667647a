/*
 * void fringe_test_with_regs(const struct fringe_test_regs *in,
 *                            void (*fn)(void *), void *arg,
 *                            struct fringe_test_regs *out)
 *
 * Load every callee-saved register and control field from `in` (r14-r31,
 * f14-f31, v20-v31 as two doublewords each, CR, FPSCR, VSCR at 8-byte
 * steps, see regs.h), call fn(arg), store the same registers into `out`,
 * then restore the caller's values.
 *
 * Frame (after the prologue, r1 16-aligned):
 *     r1 + 400 .. 543  caller's f14 .. f31
 *     r1 + 256 .. 399  caller's r14 .. r31
 *     r1 +  64 .. 255  caller's v20 .. v31
 *     r1 +  48         caller's VSCR
 *     r1 +  40         caller's FPSCR
 *     r1 +  32         out
 *     r1 +   0 ..  31  frame header (back chain, CR, LR, TOC save)
 * and the caller's LR and CR in the caller's frame header.
 */
#if defined(__powerpc64__) && defined(_CALL_ELF) && _CALL_ELF == 2
#include "arch/fringe-asm.h"

	.abiversion 2

#define FRAME_SIZE	544
#define OUT_SAVE	32
#define FPSCR_SAVE	40
#define VSCR_SAVE	48
#define VR_SAVE(n)	(64 + 16 * ((n) - 20))
#define GPR_SAVE(n)	(256 + 8 * ((n) - 14))
#define FPR_SAVE(n)	(400 + 8 * ((n) - 14))

/* Register numbers for .irp: r14-r31 and f14-f31, v20-v31 */
#define NV_14_31	14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, \
			27, 28, 29, 30, 31
#define NV_20_31	20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31

/* Offsets in struct fringe_test_regs */
#define IN_GPR(n)	(8 * ((n) - 14))
#define IN_FPR(n)	(8 * (18 + (n) - 14))
#define IN_VR(n)	(8 * (36 + 2 * ((n) - 20)))
#define IN_CR		(8 * 60)
#define IN_FPSCR	(8 * 61)
#define IN_VSCR		(8 * 62)

FUNC(fringe_test_with_regs)
0:	addis	%r2, %r12, .TOC.-0b@ha
	addi	%r2, %r2, .TOC.-0b@l
	.localentry fringe_test_with_regs, .-fringe_test_with_regs
	mflr	%r0
	mfcr	%r12
	std	%r0, 16(%r1)
	.cfi_offset 65, 16
	stw	%r12, 8(%r1)
	.cfi_offset 70, 8
	.cfi_offset 71, 8
	.cfi_offset 72, 8
	stdu	%r1, -FRAME_SIZE(%r1)
	.cfi_def_cfa_offset FRAME_SIZE
	.irp n, NV_14_31
	std	%r\n, GPR_SAVE(\n)(%r1)
	.cfi_rel_offset \n, GPR_SAVE(\n)
	stfd	%f\n, FPR_SAVE(\n)(%r1)
	.cfi_rel_offset 32 + \n, FPR_SAVE(\n)
	.endr
	.irp n, NV_20_31
	li	%r0, VR_SAVE(\n)
	stvx	%v\n, %r1, %r0
	.cfi_rel_offset 77 + \n, VR_SAVE(\n)
	.endr
	std	%r6, OUT_SAVE(%r1)
	mffs	%f0
	stfd	%f0, FPSCR_SAVE(%r1)
	mfvscr	%v0			/* VSCR in the low word of v0 ... */
	xxswapd	%vs32, %vs32		/* ... moved to where mfvsrwz reads */
	mfvsrwz	%r0, %vs32
	std	%r0, VSCR_SAVE(%r1)
	std	%r2, 24(%r1)		/* TOC save doubleword for the call */

	/* load the patterns; r11 = in, r12 = fn (its global entry wants it) */
	mr	%r11, %r3
	mr	%r12, %r4
	mtctr	%r12
	mr	%r3, %r5		/* arg */
	lfd	%f0, IN_FPSCR(%r11)
	mtfsf	0x03, %f0		/* VE OE UE ZE XE NI RN */
	mtfsf	0x01, %f0, 0, 1		/* DRN */
	ld	%r0, IN_VSCR(%r11)
	mtvsrwz	%vs32, %r0
	xxswapd	%vs32, %vs32		/* to the word mtvscr reads */
	mtvscr	%v0
	ld	%r0, IN_CR(%r11)
	mtocrf	0x20, %r0		/* CR2 */
	mtocrf	0x10, %r0		/* CR3 */
	mtocrf	0x08, %r0		/* CR4 */
	.irp n, NV_20_31
	li	%r0, IN_VR(\n)
	lxvd2x	32 + \n, %r11, %r0	/* VSX register 32 + n is v<n>; */
	.endr				/* no alignment needed */
	.irp n, NV_14_31
	ld	%r\n, IN_GPR(\n)(%r11)
	lfd	%f\n, IN_FPR(\n)(%r11)
	.endr
	bctrl
	ld	%r2, 24(%r1)

	ld	%r11, OUT_SAVE(%r1)
	.irp n, NV_14_31
	std	%r\n, IN_GPR(\n)(%r11)
	stfd	%f\n, IN_FPR(\n)(%r11)
	.endr
	.irp n, NV_20_31
	li	%r0, IN_VR(\n)
	stxvd2x	32 + \n, %r11, %r0
	.endr
	mfcr	%r0			/* zero-extended */
	std	%r0, IN_CR(%r11)
	mffs	%f0
	stfd	%f0, IN_FPSCR(%r11)
	mfvscr	%v0
	xxswapd	%vs32, %vs32
	mfvsrwz	%r0, %vs32
	std	%r0, IN_VSCR(%r11)

	/* restore the caller's registers */
	lfd	%f0, FPSCR_SAVE(%r1)
	mtfsf	0xff, %f0, 1, 0		/* L = 1: the whole FPSCR */
	ld	%r0, VSCR_SAVE(%r1)
	mtvsrwz	%vs32, %r0
	xxswapd	%vs32, %vs32
	mtvscr	%v0
	.irp n, NV_14_31
	ld	%r\n, GPR_SAVE(\n)(%r1)
	.cfi_restore \n
	lfd	%f\n, FPR_SAVE(\n)(%r1)
	.cfi_restore 32 + \n
	.endr
	.irp n, NV_20_31
	li	%r0, VR_SAVE(\n)
	lvx	%v\n, %r1, %r0
	.cfi_restore 77 + \n
	.endr
	ld	%r0, FRAME_SIZE+16(%r1)
	lwz	%r12, FRAME_SIZE+8(%r1)
	mtlr	%r0
	.cfi_restore 65
	mtocrf	0x20, %r12
	.cfi_restore 70
	mtocrf	0x10, %r12
	.cfi_restore 71
	mtocrf	0x08, %r12
	.cfi_restore 72
	addi	%r1, %r1, FRAME_SIZE
	.cfi_def_cfa_offset 0
	blr
END(fringe_test_with_regs)

FRINGE_ASM_FOOTER
#else
/* Not this CPU: an empty object, marked non-executable-stack. */
	.section .note.GNU-stack, "", %progbits
#endif

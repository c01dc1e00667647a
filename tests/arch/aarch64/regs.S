/*
 * void fringe_test_with_regs(const struct fringe_test_regs *in,
 *                            void (*fn)(void *), void *arg,
 *                            struct fringe_test_regs *out)
 *
 * Load every callee-saved register and the FPCR from `in` (x19-x28, x29,
 * d8-d15, FPCR at 8-byte steps), call fn(arg), store the same registers
 * into `out`, then restore the caller's values.
 *
 * Frame (176 bytes, 16-aligned):
 *     sp + 168        out
 *     sp + 160        caller's FPCR
 *     sp +  96 .. 159 caller's d8 .. d15
 *     sp +  16 ..  95 caller's x19 .. x28
 *     sp +   0        frame record: caller's x29, x30
 */
#if defined(__aarch64__)
#include "arch/fringe-asm.h"

/* offsets in struct fringe_test_regs */
#define IN_X19 0
#define IN_X29 80
#define IN_D8 88
#define IN_FPCR 152

FUNC(fringe_test_with_regs)
	stp	x29, x30, [sp, #-176]!
	.cfi_def_cfa_offset 176
	.cfi_offset x29, -176
	.cfi_offset x30, -168
	mov	x29, sp
	stp	x19, x20, [sp, #16]
	.cfi_offset x19, -160
	.cfi_offset x20, -152
	stp	x21, x22, [sp, #32]
	.cfi_offset x21, -144
	.cfi_offset x22, -136
	stp	x23, x24, [sp, #48]
	.cfi_offset x23, -128
	.cfi_offset x24, -120
	stp	x25, x26, [sp, #64]
	.cfi_offset x25, -112
	.cfi_offset x26, -104
	stp	x27, x28, [sp, #80]
	.cfi_offset x27, -96
	.cfi_offset x28, -88
	stp	d8, d9, [sp, #96]
	.cfi_offset 72, -80
	.cfi_offset 73, -72
	stp	d10, d11, [sp, #112]
	.cfi_offset 74, -64
	.cfi_offset 75, -56
	stp	d12, d13, [sp, #128]
	.cfi_offset 76, -48
	.cfi_offset 77, -40
	stp	d14, d15, [sp, #144]
	.cfi_offset 78, -32
	.cfi_offset 79, -24
	mrs	x9, fpcr
	stp	x9, x3, [sp, #160]		/* caller's FPCR, out */

	mov	x9, x1				/* fn */
	ldr	x10, [x0, #IN_FPCR]
	msr	fpcr, x10
	ldp	x19, x20, [x0, #IN_X19]
	ldp	x21, x22, [x0, #IN_X19 + 16]
	ldp	x23, x24, [x0, #IN_X19 + 32]
	ldp	x25, x26, [x0, #IN_X19 + 48]
	ldp	x27, x28, [x0, #IN_X19 + 64]
	ldp	d8, d9, [x0, #IN_D8]
	ldp	d10, d11, [x0, #IN_D8 + 16]
	ldp	d12, d13, [x0, #IN_D8 + 32]
	ldp	d14, d15, [x0, #IN_D8 + 48]
	ldr	x29, [x0, #IN_X29]		/* a pattern, not a frame */
	mov	x0, x2				/* arg */
	blr	x9

	ldr	x9, [sp, #168]			/* out */
	stp	x19, x20, [x9, #IN_X19]
	stp	x21, x22, [x9, #IN_X19 + 16]
	stp	x23, x24, [x9, #IN_X19 + 32]
	stp	x25, x26, [x9, #IN_X19 + 48]
	stp	x27, x28, [x9, #IN_X19 + 64]
	str	x29, [x9, #IN_X29]
	stp	d8, d9, [x9, #IN_D8]
	stp	d10, d11, [x9, #IN_D8 + 16]
	stp	d12, d13, [x9, #IN_D8 + 32]
	stp	d14, d15, [x9, #IN_D8 + 48]
	mrs	x10, fpcr
	str	x10, [x9, #IN_FPCR]

	ldr	x10, [sp, #160]
	msr	fpcr, x10			/* caller's FPCR */
	ldp	d8, d9, [sp, #96]
	ldp	d10, d11, [sp, #112]
	ldp	d12, d13, [sp, #128]
	ldp	d14, d15, [sp, #144]
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #176
	.cfi_def_cfa_offset 0
	.cfi_restore x19
	.cfi_restore x20
	.cfi_restore x21
	.cfi_restore x22
	.cfi_restore x23
	.cfi_restore x24
	.cfi_restore x25
	.cfi_restore x26
	.cfi_restore x27
	.cfi_restore x28
	.cfi_restore x29
	.cfi_restore x30
	.cfi_restore 72
	.cfi_restore 73
	.cfi_restore 74
	.cfi_restore 75
	.cfi_restore 76
	.cfi_restore 77
	.cfi_restore 78
	.cfi_restore 79
	ret
END(fringe_test_with_regs)

FRINGE_ASM_FOOTER
#else
/* Not this CPU: an empty object, marked non-executable-stack. */
	.section .note.GNU-stack, "", %progbits
#endif

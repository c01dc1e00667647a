/*
 * Context switch for AArch64, AAPCS64 (LP64), ELF, GNU assembler.
 *
 * A suspended context is a stack pointer S pointing at this save area
 * (176 bytes, so S stays 16-aligned):
 *
 *     S + 168  x30 (lr)        return address: where the context continues
 *     S + 160  x29 (fp)        <- S + 160 is a frame record: [x29, x30]
 *     S + 152  x28
 *     S + 144  x27
 *       ...    ...             (x19 + n at S + 80 + 8n)
 *     S +  88  x20
 *     S +  80  x19
 *     S +  72  d15
 *       ...    ...             (d8 + n at S + 16 + 8n)
 *     S +  16  d8
 *     S +   8  unused
 *     S +   0  FPCR
 *
 * These are exactly what AAPCS64 makes callee-saved: x19-x29, sp, the
 * return address in x30, and the low 64 bits of v8-v15 (d8-d15).  x18 is
 * the platform register and is never touched.  The FPSR (cumulative
 * exception flags) is not preserved across calls by AAPCS64 and stays the
 * running thread's.
 *
 * FPCR: AAPCS64 calls it a "global register" whose exception-control bits
 * (8-12), rounding mode (22-23), flush-to-zero (24) and AH/FIZ (0-1) "may
 * be modified by calls to specific support functions" (fesetround() and
 * friends); NEP (2) must be zero at a public interface; all other bits are
 * reserved and must not be modified.  So, to its caller, every other
 * function - a switch included - returns with those control fields as they
 * were at the call.  Each context therefore keeps its own control fields
 * (mask 0x01c01f03), exactly like MXCSR on x86_64: the switch takes over
 * only those bits from the target's save area, keeps every other FPCR bit
 * of the running thread, and writes FPCR only when the control fields
 * differ (an FPCR write is slow, even serializing, on some cores; a read
 * is cheap).
 *
 * Control transfer: the switch returns into the target with `ret x30`.
 * `ret` is never checked by BTI, while a `br` would need a `bti j` (or
 * `bti jc`) landing pad at its target, and the return addresses we jump
 * to are call sites inside compiled code, which have none: with BTI
 * enforced on the caller's pages - whether or not this library was built
 * with BTI, the check is made at the target - a `br` there faults.  The
 * cost is the return-stack predictor: `ret` predicts the address pushed by
 * our caller's `bl`, which is never the target's, so every switch pays one
 * full branch mispredict, where a `br` (the x86 "pop; jmp" idiom) would be
 * predicted by the indirect-branch predictor, which learns a switch site's
 * usual target.  Correctness under BTI wins; `ret` at least keeps the
 * predictor's push/pop pairing balanced.  The root entry (below) needs no
 * landing pad for the same reason: it is only ever reached by `ret`.
 *
 * Pointer authentication: with -mbranch-protection=pac-ret/standard,
 * compiled code signs x30 (paciasp, keyed by sp) before storing it and
 * authenticates it before `ret`.  The switch is entered by `bl` with an
 * unsigned x30 and stores that raw value in the save area; it neither
 * signs nor authenticates, and its CFI says so (no negate_ra_state).  The
 * save area's return address is therefore not PAC-protected, which is
 * why this object does not claim the PAC property in its GNU property
 * note (only BTI, under __ARM_FEATURE_BTI_DEFAULT).  Nor does it claim
 * GCS: the switch does not switch guarded control stacks.
 *
 * The top of a context made by fringe__ctx_make (T = top, 16-aligned):
 *
 *     T -   8  0               \ terminal frame record: unwinding ends here
 *     T -  16  0               /
 *     T -  24  .Llinked        \ root frame record; x29 in the root frame
 *     T -  32  link word       /   points here.  The link word holds the
 *                                  address of the resumer's frame record
 *     T -  40  userdata
 *     T -  48  fn              <- sp in the root frame (__morestack)
 *     T - 224 .. T - 49        initial save area: x30 = root entry,
 *                              x29 = T - 32, others 0, FPCR of the
 *                              creating thread
 *
 * Call-stack splicing: the root frame's CFI computes its CFA from the link
 * word (CFA = link + 16, the resumer's S + 176, i.e. its sp once the
 * switch has returned), so DWARF unwinders restore the resumer's x30,
 * x29, x19-x28 and d8-d15 from its save area and continue in its frames.
 * A frame-pointer walk goes root record -> [link, .Llinked] -> the
 * resumer's record (S + 160) -> its caller's record.  The link word
 * starts out pointing at the terminal record, where both kinds of walk
 * stop (return address 0, next record 0).  The root function is named
 * __morestack (a local symbol) because gdb accepts a frame whose caller's
 * stack lies below it only under that name.
 *
 * SPDX-License-Identifier: MIT
 */

#include "../fringe-asm.h"
/* Save area layout (see the table above): SA_FPCR, SA_D8, SA_X19, SA_FP,
 * SA_SIZE. */
#include "save-area.h"

/* Offset of a save-area slot from the CFA (the caller's sp = S + SA_SIZE). */
#define CFA_OFF(slot) ((slot) - SA_SIZE)

/* FPCR fields AAPCS64 lets support functions change: AH, FIZ (0-1),
 * IOE..IXE (8-12), RMode (22-23), FZ (24).  Not a logical immediate. */
#define FPCR_CTRL_LO 0x1f03
#define FPCR_CTRL_HI 0x01c0

/* DWARF register numbers of d8-d15 (v8-v15) */
#define DW_V8 72

/* CFI: register `reg` is saved in save-area slot `slot` */
.macro CFI_SAVED reg, slot
	.cfi_offset \reg, CFA_OFF(\slot)
.endm

/*
 * Save the callee-saved state of the running context on its own stack.
 * Afterwards sp = S, the CFA is sp + SA_SIZE and x12 holds the FPCR.
 */
.macro SAVE_CONTEXT
	sub	sp, sp, #SA_SIZE
	.cfi_adjust_cfa_offset SA_SIZE
	stp	x29, x30, [sp, #SA_FP]		/* the frame record */
	CFI_SAVED x29, SA_FP
	CFI_SAVED x30, SA_FP + 8
	stp	x19, x20, [sp, #SA_X19]
	CFI_SAVED x19, SA_X19
	CFI_SAVED x20, SA_X19 + 8
	stp	x21, x22, [sp, #SA_X19 + 16]
	CFI_SAVED x21, SA_X19 + 16
	CFI_SAVED x22, SA_X19 + 24
	stp	x23, x24, [sp, #SA_X19 + 32]
	CFI_SAVED x23, SA_X19 + 32
	CFI_SAVED x24, SA_X19 + 40
	stp	x25, x26, [sp, #SA_X19 + 48]
	CFI_SAVED x25, SA_X19 + 48
	CFI_SAVED x26, SA_X19 + 56
	stp	x27, x28, [sp, #SA_X19 + 64]
	CFI_SAVED x27, SA_X19 + 64
	CFI_SAVED x28, SA_X19 + 72
	stp	d8, d9, [sp, #SA_D8]		/* low 64 bits of v8-v15 */
	CFI_SAVED DW_V8 + 0, SA_D8
	CFI_SAVED DW_V8 + 1, SA_D8 + 8
	stp	d10, d11, [sp, #SA_D8 + 16]
	CFI_SAVED DW_V8 + 2, SA_D8 + 16
	CFI_SAVED DW_V8 + 3, SA_D8 + 24
	stp	d12, d13, [sp, #SA_D8 + 32]
	CFI_SAVED DW_V8 + 4, SA_D8 + 32
	CFI_SAVED DW_V8 + 5, SA_D8 + 40
	stp	d14, d15, [sp, #SA_D8 + 48]
	CFI_SAVED DW_V8 + 6, SA_D8 + 48
	CFI_SAVED DW_V8 + 7, SA_D8 + 56
	mrs	x12, fpcr			/* kept in x12 for the compare */
	str	x12, [sp, #SA_FPCR]
.endm

/*
 * x0 = target S, x1 = value, x12 = our FPCR.  Switch to the target and
 * resume it with x0 = our S (the "sp" of its transfer) and x1 = value.
 * The CFI needs no change at the stack switch: both sides have the same
 * save area layout, so CFA = sp + SA_SIZE stays true and from there on
 * describes the target's frame.
 */
.macro SWITCH_TO_TARGET
	mov	x9, sp				/* our S */
	mov	sp, x0				/* now on the target's stack */
	mov	x0, x9				/* transfer.sp; x1 is the value */
	/* do the FPCR control fields differ between the two contexts? */
	ldr	x10, [sp, #SA_FPCR]		/* target's FPCR */
	mov	w13, #FPCR_CTRL_LO		/* x13 = control-field mask */
	movk	w13, #FPCR_CTRL_HI, lsl #16
	eor	x11, x10, x12
	tst	x11, x13
	b.ne	9f
1:	.cfi_remember_state
	/* Reloading leaves the saved copies in place, so the CFI stays
	 * true until sp moves above them. */
	ldp	d8, d9, [sp, #SA_D8]
	ldp	d10, d11, [sp, #SA_D8 + 16]
	ldp	d12, d13, [sp, #SA_D8 + 32]
	ldp	d14, d15, [sp, #SA_D8 + 48]
	ldp	x19, x20, [sp, #SA_X19]
	ldp	x21, x22, [sp, #SA_X19 + 16]
	ldp	x23, x24, [sp, #SA_X19 + 32]
	ldp	x25, x26, [sp, #SA_X19 + 48]
	ldp	x27, x28, [sp, #SA_X19 + 64]
	ldp	x29, x30, [sp, #SA_FP]		/* x30 = where the target goes */
	add	sp, sp, #SA_SIZE		/* the save area is free now */
	.cfi_adjust_cfa_offset -SA_SIZE
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
	.cfi_restore DW_V8 + 0
	.cfi_restore DW_V8 + 1
	.cfi_restore DW_V8 + 2
	.cfi_restore DW_V8 + 3
	.cfi_restore DW_V8 + 4
	.cfi_restore DW_V8 + 5
	.cfi_restore DW_V8 + 6
	.cfi_restore DW_V8 + 7
	ret	x30				/* not br: see the header */

	/* slow path, with the CFI of the point that branched here */
	.cfi_restore_state
9:	bic	x12, x12, x13			/* keep our non-control bits */
	and	x10, x10, x13			/* take the target's controls */
	orr	x12, x12, x10
	msr	fpcr, x12
	b	1b
.endm

/*
 * fringe_transfer fringe_context_switch(void *sp, void *value)
 */
FUNC(fringe_context_switch)
	SAVE_CONTEXT
	cbz	x0, .Lnull_switch
	SWITCH_TO_TARGET
.Lnull_switch:
	add	x29, sp, #SA_FP			/* chain our frame record */
	bl	fringe__null_switch		/* sp is 16-aligned; no return */
	brk	#1000
END(fringe_context_switch)
ALIAS(fringe_context_switch, fringe__ctx_switch)

/*
 * fringe_transfer fringe_context_switch_link(void *sp, void *value,
 *                                            fringe_stack *stack)
 */
FUNC(fringe_context_switch_link)
	SAVE_CONTEXT
	cbz	x0, .Lnull_link
	cbz	x2, .Lnull_link
	ldr	x2, [x2, #FRINGE_STACK_LINK_OFFSET]	/* x2 = link word */
	cbz	x2, .Lnull_link		/* no context was made on the stack */
	add	x9, sp, #SA_FP			/* our frame record */
	str	x9, [x2]
.Llinked:				/* "return address" of the root record */
	SWITCH_TO_TARGET
.Lnull_link:
	add	x29, sp, #SA_FP
	bl	fringe__null_switch
	brk	#1000
END(fringe_context_switch_link)
ALIAS(fringe_context_switch_link, fringe__ctx_switch_link)

/*
 * void *fringe__ctx_make(void *top, fringe_context_fn fn, void *userdata,
 *                        void **link, void *base)    (base is not needed)
 * x0 = T.  The initial save area is S0 = T - 48 - SA_SIZE = T - 224.
 */
HIDDEN_FUNC(fringe__ctx_make)
	stp	xzr, xzr, [x0, #-16]		/* terminal record */
	sub	x9, x0, #16			/* link word -> terminal */
	adr	x10, .Llinked
	stp	x9, x10, [x0, #-32]		/* root record */
	stp	x1, x2, [x0, #-48]		/* fn, userdata */
	sub	x9, x0, #32			/* x29 = root record */
	adr	x10, .Lroot_entry		/* x30 = root entry */
	stp	x9, x10, [x0, #-224 + SA_FP]
	stp	xzr, xzr, [x0, #-224 + SA_X19]		/* x19-x28 */
	stp	xzr, xzr, [x0, #-224 + SA_X19 + 16]
	stp	xzr, xzr, [x0, #-224 + SA_X19 + 32]
	stp	xzr, xzr, [x0, #-224 + SA_X19 + 48]
	stp	xzr, xzr, [x0, #-224 + SA_X19 + 64]
	stp	xzr, xzr, [x0, #-224 + SA_D8]		/* d8-d15 */
	stp	xzr, xzr, [x0, #-224 + SA_D8 + 16]
	stp	xzr, xzr, [x0, #-224 + SA_D8 + 32]
	stp	xzr, xzr, [x0, #-224 + SA_D8 + 48]
	mrs	x10, fpcr			/* the creating thread's */
	stp	x10, xzr, [x0, #-224 + SA_FPCR]
	str	x9, [x3]			/* *link = the link word */
	sub	x0, x0, #224			/* S0 */
	ret
END(fringe__ctx_make)

/*
 * The root frame of every context.  Reached by the first switch's `ret`,
 * with sp = T - 48, x29 = T - 32, x0 = the switching context's S and
 * x1 = the value.
 *
 * CFA = *(sp + 16) + 16, i.e. link word + 16:
 *   DW_CFA_def_cfa_expression, 5 bytes:
 *   DW_OP_breg31 (sp) 16, DW_OP_deref, DW_OP_plus_uconst 16
 * and the resumer's registers sit below it as in its save area.
 */
	.text
	.p2align 4
	.type	__morestack, FRINGE_TYPE_FUNCTION
__morestack:
	.cfi_startproc
	.cfi_escape 0x0f, 5, 0x8f, 0x10, 0x06, 0x23, 0x10
	CFI_SAVED x30, SA_FP + 8
	CFI_SAVED x29, SA_FP
	CFI_SAVED x28, SA_X19 + 72
	CFI_SAVED x27, SA_X19 + 64
	CFI_SAVED x26, SA_X19 + 56
	CFI_SAVED x25, SA_X19 + 48
	CFI_SAVED x24, SA_X19 + 40
	CFI_SAVED x23, SA_X19 + 32
	CFI_SAVED x22, SA_X19 + 24
	CFI_SAVED x21, SA_X19 + 16
	CFI_SAVED x20, SA_X19 + 8
	CFI_SAVED x19, SA_X19
	CFI_SAVED DW_V8 + 7, SA_D8 + 56
	CFI_SAVED DW_V8 + 6, SA_D8 + 48
	CFI_SAVED DW_V8 + 5, SA_D8 + 40
	CFI_SAVED DW_V8 + 4, SA_D8 + 32
	CFI_SAVED DW_V8 + 3, SA_D8 + 24
	CFI_SAVED DW_V8 + 2, SA_D8 + 16
	CFI_SAVED DW_V8 + 1, SA_D8 + 8
	CFI_SAVED DW_V8 + 0, SA_D8
	/* Never executed: keeps .Lroot_entry - 4 (and - 1) inside this
	 * function, for unwinders that look up a return address minus one. */
	nop
.Lroot_entry:				/* reached by `ret`: no landing pad */
	ldp	x9, x2, [sp]		/* fn, userdata */
	mov	x10, x0			/* from_sp */
	mov	x0, x1			/* value */
	mov	x1, x10
	blr	x9			/* fn; sp = T - 48 is 16-aligned */
	bl	fringe__entry_returned	/* fn must not return */
	brk	#1000
	.cfi_endproc
	.size	__morestack, .-__morestack
FRINGE_ROOT_BOUNDS(__morestack)

FRINGE_ASM_FOOTER

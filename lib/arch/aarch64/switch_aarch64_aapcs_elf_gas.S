/*
 * Context switch for AArch64, AAPCS64 (LP64), ELF, GNU assembler.
 * The protocol every backend follows is in lib/arch/README.
 *
 * A suspended context is a stack pointer S pointing at this save area
 * (176 bytes, so S stays 16-aligned):
 *
 *     S + 168  x30 (lr)        return address: where the context continues
 *     S + 160  x29 (fp)        <- S + 160 is a frame record: [x29, x30]
 *     S +  80  x19 .. x28      (x19 + n at S + 80 + 8n)
 *     S +  16  d8 .. d15       (d8 + n at S + 16 + 8n)
 *     S +   8  hand-over slot
 *     S +   0  FPCR
 *
 * AAPCS64 makes callee-saved x19-x29, sp, the return address in x30 and
 * the low 64 bits of v8-v15.  x18, the platform register, is never
 * touched; FPSR (the exception flags) stays the running thread's.
 *
 * The top of a context made by fringe__ctx_make (T = top, 16-aligned):
 *
 *     T -   8  0               \ terminal frame record
 *     T -  16  0               /
 *     T -  24  .Llinked        \ root frame record, x29 in the root frame;
 *     T -  32  link word       /   T - LINK_BELOW_TOP
 *     T -  40  userdata
 *     T -  48  fn              <- sp in the root frame (__morestack)
 *     T - 224 .. T - 49        initial save area: x30 = root entry,
 *                              x29 = T - 32, others 0, FPCR of the
 *                              creating thread, hand-over slot NULL
 *
 * FPCR: AAPCS64 lets fesetround() and friends change AH/FIZ (bits 0-1),
 * the trap enables (8-12), RMode (22-23) and FZ (24), and reserves the
 * rest.  Each context keeps its own control fields (mask 0x01c01f03): a
 * switch takes them from the target, writing FPCR (slow, even serializing
 * on some cores) only when they differ.  The _shared switches leave it.
 *
 * A switch returns into its target with `ret x30`, not `br`, which BTI
 * would check against call sites that have no landing pad (the price: a
 * return-stack mispredict per switch; the root entry needs no pad either).
 * x30 is kept as received, neither signed nor authenticated: the property
 * note claims BTI, not PAC, nor GCS (guarded control stacks stay put).
 * A generator's new state is published with `stlr`, a store-release.
 *
 * SPDX-License-Identifier: MIT
 */

#include "../fringe-asm.h"
#include "save-area.h"

/* Below the top T of a context: the link word (for a generator g, made
 * with T = g: g - LINK_BELOW_TOP), the root frame's sp, the initial S. */
#define LINK_BELOW_TOP 32
#define ROOT_SP_BELOW_TOP 48
#define S0 (-ROOT_SP_BELOW_TOP - SAVE_SIZE)

/* FPCR control fields (see above); not a logical immediate. */
#define FPCR_CTRL_LO 0x1f03
#define FPCR_CTRL_HI 0x01c0

/* The callee-saved registers and their slots, in the pairs stp/ldp move:
 * \m a, slot of a, b, slot of b. */
.macro CALLEE_SAVED m
	\m x19, SAVE_X19, x20, SAVE_X20
	\m x21, SAVE_X21, x22, SAVE_X22
	\m x23, SAVE_X23, x24, SAVE_X24
	\m x25, SAVE_X25, x26, SAVE_X26
	\m x27, SAVE_X27, x28, SAVE_X28
	\m d8, SAVE_D8, d9, SAVE_D9
	\m d10, SAVE_D10, d11, SAVE_D11
	\m d12, SAVE_D12, d13, SAVE_D13
	\m d14, SAVE_D14, d15, SAVE_D15
	\m x29, SAVE_FP, x30, SAVE_LR
.endm

/* CFI: the pair is saved in its slots (the CFA is S + SAVE_SIZE). */
.macro SAVED_AT a, sa, b, sb
	.cfi_offset \a, \sa - SAVE_SIZE
	.cfi_offset \b, \sb - SAVE_SIZE
.endm
.macro SAVE_PAIR a, sa, b, sb
.if \sb != \sa + 8
	.error "save-area.h: the slots of \a and \b are not adjacent"
.endif
	stp	\a, \b, [sp, #\sa]
	SAVED_AT \a, \sa, \b, \sb
.endm
.macro LOAD_PAIR a, sa, b, sb
	ldp	\a, \b, [sp, #\sa]
.endm
.macro RESTORED a, sa, b, sb
	.cfi_restore \a
	.cfi_restore \b
.endm
.macro ZERO_PAIR a, sa, b, sb		/* in the initial save area at x0 + S0 */
	stp	xzr, xzr, [x0, #S0 + \sa]
.endm

/* Save the running context on its own stack: then sp = S, the CFA is
 * sp + SAVE_SIZE and, with \fp, x12 holds the FPCR. */
.macro SAVE_CONTEXT fp
	sub	sp, sp, #SAVE_SIZE
	.cfi_adjust_cfa_offset SAVE_SIZE
	CALLEE_SAVED SAVE_PAIR
.if \fp
	mrs	x12, fpcr
	str	x12, [sp, #SAVE_FPCTL]
.endif
.endm

/* With sp = the target's S (both sides have the same save area: the CFI
 * needs no change at the stack switch) and, with \fp, our FPCR in x12:
 * restore the target and return into it.  x0 and x1 pass through; the
 * saved copies stay in place, so the CFI holds until sp moves above them. */
.macro RESUME_TARGET fp
.if \fp
	ldr	x10, [sp, #SAVE_FPCTL]		/* the target's FPCR */
	cmp	x10, x12
	b.ne	9f				/* differs: look closer */
.endif
1:	.cfi_remember_state
	CALLEE_SAVED LOAD_PAIR
	add	sp, sp, #SAVE_SIZE
	.cfi_adjust_cfa_offset -SAVE_SIZE
	CALLEE_SAVED RESTORED
	ret	x30				/* not br: see the header */
	.cfi_restore_state
.if \fp
9:	mov	w13, #FPCR_CTRL_LO		/* x13 = control-field mask */
	movk	w13, #FPCR_CTRL_HI, lsl #16
	eor	x11, x10, x12
	tst	x11, x13
	b.eq	1b				/* same controls: keep ours */
	bic	x12, x12, x13			/* keep our non-control bits */
	and	x10, x10, x13			/* take the target's controls */
	orr	x12, x12, x10
	msr	fpcr, x12
	b	1b
.endif
.endm

/* x0 = target S, x1 = value: switch to the target and resume it with
 * x0 = our S (the "sp" of its transfer) and x1 = value. */
.macro SWITCH_TO_TARGET
	mov	x9, sp
	mov	sp, x0
	mov	x0, x9
	RESUME_TARGET 1
.endm

/* fringe_transfer fringe_context_switch(void *sp, void *value) */
FUNC(fringe_context_switch)
	SAVE_CONTEXT 1
	cbz	x0, .Lnull_switch
	SWITCH_TO_TARGET
.Lnull_switch:
	add	x29, sp, #SAVE_FP		/* chain our frame record */
	bl	fringe__null_switch		/* sp is 16-aligned; no return */
	brk	#1000
END(fringe_context_switch)
ALIAS(fringe_context_switch, fringe__ctx_switch)

/* fringe_transfer fringe_context_switch_link(void *sp, void *value,
 *                                            fringe_stack *stack) */
FUNC(fringe_context_switch_link)
	SAVE_CONTEXT 1
	cbz	x0, .Lnull_link
	cbz	x2, .Lnull_link
	ldr	x2, [x2, #FRINGE_STACK_LINK_OFFSET]	/* x2 = link word */
	cbz	x2, .Lnull_link		/* no context was made on the stack */
	add	x9, sp, #SAVE_FP		/* our frame record */
	str	x9, [x2]
.Llinked:				/* "return address" of the root record */
	SWITCH_TO_TARGET
.Lnull_link:
	add	x29, sp, #SAVE_FP
	bl	fringe__null_switch
	brk	#1000
END(fringe_context_switch_link)
ALIAS(fringe_context_switch_link, fringe__ctx_switch_link)

/* void *fringe__ctx_make(void *top, fringe_context_fn fn, void *userdata,
 *                        void **link, void *base)    (base is not needed) */
HIDDEN_FUNC(fringe__ctx_make)
	CALLEE_SAVED ZERO_PAIR
	stp	xzr, xzr, [x0, #-16]			/* terminal record */
	sub	x9, x0, #16			/* link word -> terminal */
	adr	x10, .Llinked
	stp	x9, x10, [x0, #-LINK_BELOW_TOP]		/* root record */
	stp	x1, x2, [x0, #-ROOT_SP_BELOW_TOP]	/* fn, userdata */
	sub	x9, x0, #LINK_BELOW_TOP		/* x29 = root record */
	adr	x10, .Lroot_entry		/* x30 = root entry */
	stp	x9, x10, [x0, #S0 + SAVE_FP]
	mrs	x10, fpcr			/* the creating thread's */
	str	x10, [x0, #S0 + SAVE_FPCTL]
	str	xzr, [x0, #S0 + SAVE_HANDOVER]
	str	x9, [x3]			/* *link = the link word */
	add	x0, x0, #S0
	ret
END(fringe__ctx_make)

/* int fringe__gen_resume(struct fringe_generator *g, void *input,
 *                        void **output, int code)
 * The generator's pending yield returns w0 = code; a new generator enters
 * its root frame with x1 = input (and from_sp = x0 = 0). */
.macro GEN_RESUME fp
	SAVE_CONTEXT \fp
	ldr	x11, [x0, #FRINGE_GEN_SP_OFFSET]
	str	x2, [sp, #SAVE_HANDOVER]	/* where our result goes */
	mov	x9, sp
	str	x9, [x0, #FRINGE_GEN_CALLER_SP_OFFSET]
	add	x10, sp, #SAVE_FP		/* our frame record goes */
	str	x10, [x0, #-LINK_BELOW_TOP]	/*   into the link word */
	mov	sp, x11				/* the switch */
	ldr	x9, [sp, #SAVE_HANDOVER]	/* the generator's slot */
	cbz	x9, 2f
	cbnz	w3, 2f				/* a cancelled yield's input */
	str	x1, [x9]			/*   is left alone */
2:	mov	w0, w3
	RESUME_TARGET \fp
.endm

/* The generator is saved at S = sp, g in x0, the value in x1: switch to
 * the resumer, publish \state, hand it the value and return \result.  After
 * the stlr another thread may run the generator: nothing of it is touched. */
.macro LEAVE_GENERATOR state, result, fp
	mov	x9, sp
	str	x9, [x0, #FRINGE_GEN_SP_OFFSET]
	ldr	x10, [x0, #FRINGE_GEN_CALLER_SP_OFFSET]
	ldr	w11, [x0, #FRINGE_GEN_STATE_OFFSET]
	add	x14, x0, #FRINGE_GEN_STATE_OFFSET
	add	w11, w11, #(\state - FRINGE_GEN_RUNNING)	/* owner kept */
	mov	sp, x10				/* the switch */
	stlr	w11, [x14]			/* publish */
	ldr	x9, [sp, #SAVE_HANDOVER]	/* the resumer's slot */
	cbz	x9, 2f
	str	x1, [x9]
2:	mov	w0, #\result
	RESUME_TARGET \fp
.endm

/* int fringe__gen_yield(struct fringe_generator *g, void *output,
 *                       void **input) */
.macro GEN_YIELD fp
	SAVE_CONTEXT \fp
	str	x2, [sp, #SAVE_HANDOVER]	/* where our next input goes */
	LEAVE_GENERATOR FRINGE_GEN_RUNNABLE, FRINGE_GEN_YIELDED, \fp
.endm

/* void fringe__gen_return(struct fringe_generator *g, void *result) */
.macro GEN_RETURN fp
	SAVE_CONTEXT \fp
	str	xzr, [sp, #SAVE_HANDOVER]
	LEAVE_GENERATOR FRINGE_GEN_FINISHED, FRINGE_GEN_RETURNED, \fp
.endm

FRINGE_GEN_ROUTINES

/* The root frame of every context, entered by the first switch's `ret`
 * with sp = T - 48, x29 = T - 32, x0 = the switcher's S (0 from a
 * generator's resume), x1 = the value.  CFA = *(sp + 16) + 16 = link word
 * + 16: DW_CFA_def_cfa_expression, 5 bytes: DW_OP_breg31 (sp) 16,
 * DW_OP_deref, DW_OP_plus_uconst 16; the resumer's registers below it. */
LOCAL_FUNC(__morestack)
	.cfi_escape 0x0f, 5, 0x8f, ROOT_SP_BELOW_TOP - LINK_BELOW_TOP, 0x06, \
		0x23, SAVE_SIZE - SAVE_FP
	CALLEE_SAVED SAVED_AT
	nop	/* never run: keeps .Lroot_entry - 4 in here, for unwinders */
.Lroot_entry:				/* reached by `ret`: no landing pad */
	ldp	x9, x2, [sp]		/* fn, userdata */
	mov	x10, x0			/* from_sp */
	mov	x0, x1			/* value */
	mov	x1, x10
	blr	x9			/* fn; sp = T - 48 is 16-aligned */
	bl	fringe__entry_returned	/* fn must not return */
	brk	#1000
END(__morestack)
FRINGE_ROOT_BOUNDS(__morestack)

FRINGE_ASM_FOOTER

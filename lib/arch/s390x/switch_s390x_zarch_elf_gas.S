/*
 * Context switch for s390x (z/Architecture), ELF ABI, GNU assembler.
 * The protocol every backend follows is in lib/arch/README.
 *
 * A suspended context is a stack pointer S: the switch's own 160-byte
 * frame, and above it the register save area its caller allocated for its
 * callees, where the switch stores r6-r15 at the ABI's slots (r<n> at
 * 8 * n) as a compiled prologue would:
 *
 *     S + 320                  CFA of the suspended switch call
 *     S + 280  r15 = S + 160   \  the caller's register save area; r14
 *     S + 208 .. 272  r6..r14  |  is the return address, where the
 *     S + 176  r2              /  context continues
 *     S + 112  pc of the frame record S (stored by the linking switches)
 *     S +  80  hand-over slot
 *     S +  16 .. 72   f8..f15
 *     S +   8  FPC (4 bytes), 4 bytes unused
 *     S +   0  back chain = S + 160
 *
 * Nonvolatile (ELF ABI s390x Supplement): r6-r13, r15, f8-f15 (the left
 * halves of v8-v15), r14 as the return address, and the FPC's control
 * fields (IEEE masks, DFP and BFP rounding modes), reloaded only when one
 * differs; its IEEE flags and DXC stay the running thread's.  a0/a1 (the
 * thread pointer) are never touched.  A fringe_transfer is returned in
 * memory, through the buffer r2 points to: kept in the r2 slot, it is
 * filled by the side that resumes the context.  Frame records are the
 * back chain (-mbackchain): a frame's first doubleword points to the
 * older frame, its r14 slot (offset 112) holds its owner's pc.
 *
 * The top of a context made by fringe__ctx_make (T = top, 16-aligned;
 * X = T - 320, R = T - 496, S0 = T - 656):
 *
 *     X + 272, 280 = T - 48, 40  0  \ terminal record X, shaped like a
 *     X + 112      = T - 208     0  | save area: r14, r15, pc and back
 *     X +   0      = T - 320     0  / chain 0 where unwinders look
 *     R + 168 = T - 328  userdata  \
 *     R + 160 = T - 336  fn        | root frame R (r15 in __morestack)
 *     R + 128 = T - 368  buffer    | the first switch's fringe_transfer
 *     R +  48 .. 120     r6-r15    | r6-r13 = 0, r14 = root entry, r15 = R
 *     R +  16            r2        | = R + 128
 *     R +   0 = T - 496  link word / -> X at first; root CFA = link + 320
 *     S0 = R - 160                 initial save area: back chain R, the
 *                                  creating thread's FPC, f8-f15 = 0,
 *                                  hand-over slot NULL
 *
 * SPDX-License-Identifier: MIT
 */

#include "../fringe-asm.h"
#include "save-area.h"		/* SAVE_SIZE (CFA - S) and the slots */

#define FRAME 160			/* one standard frame */
/* The top of a new context, relative to T.  A generator's context is made
 * right below its control block: g's link word is at g - LINK_BELOW_TOP. */
#define LINK_BELOW_TOP (SAVE_SIZE + FRAME + 16)
#define TERM (-SAVE_SIZE)		/* terminal record X */
#define ROOT (-LINK_BELOW_TOP)		/* root frame R, at its link word */
#define ROOT_XFER 128			/* R + 128: first fringe_transfer */
#define ROOT_FN FRAME			/* R + 160: fn */
#define ROOT_ARG (FRAME + 8)		/* R + 168: userdata */
/* FPC control fields: IEEE masks, DFP rounding mode, BFP rounding mode. */
#define FPC_CONTROL 0xfc000077

/* __morestack's CFA expression hard-codes SAVE_SIZE (uleb128 0xc0 0x02). */
.if SAVE_SIZE != 320
.error "update the DW_OP_plus_uconst operand of __morestack"
.endif

/*
 * The registers of the save area, each given to \op as (slot, DWARF
 * register, register): r6-r15, stored and loaded by one stmg / lmg, and
 * f8-f15, whose DWARF numbers (ELF ABI s390x Supplement) are 24-27 for f8,
 * f10, f12, f14 and 28-31 for f9, f11, f13, f15.  Numbers, not names:
 * some assemblers (binutils 2.40) number %f<n> as 16 + n in CFI, which is
 * wrong for the odd ones.
 */
.macro GPRS op
.irp n, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	\op SAVE_R6+8*(\n-6), %r\n, %r\n
.endr
.endm
.macro FPRS op
.irp n, 8, 9, 10, 11, 12, 13, 14, 15
	\op SAVE_F8+8*(\n-8), 24+(\n-8)/2+4*(\n&1), %f\n
.endr
.endm
.macro CFI_SAVED slot, dw, reg
	.cfi_offset \dw, \slot - SAVE_SIZE
.endm
.macro CFI_RESTORED slot, dw, reg
	.cfi_restore \dw
.endm
.macro STORE_FPR slot, dw, reg
	std	\reg,\slot(%r15)
	.cfi_offset \dw, \slot - SAVE_SIZE
.endm
.macro LOAD_FPR slot, dw, reg
	ld	\reg,\slot(%r15)
.endm

/*
 * Save the running context: r6-r15 into the caller's register save area,
 * then our own frame with the back chain, the FPC (if \fp; it stays in
 * r0) and f8-f15.  Afterwards r15 = S and the CFA is r15 + 320.
 */
.macro SAVE_CONTEXT fp=1
	stmg	%r6,%r15,SAVE_R6-FRAME(%r15)
	GPRS	CFI_SAVED
	lgr	%r1,%r15		/* the caller's frame, for the back chain */
	lay	%r15,-FRAME(%r15)	/* r15 = S; nothing is stored below r15 */
	.cfi_adjust_cfa_offset FRAME
	stg	%r1,SAVE_BACKCHAIN(%r15)
.if \fp
	efpc	%r0			/* whole FPC; only its controls are used */
	st	%r0,SAVE_FPCTL(%r15)
.endif
	FPRS	STORE_FPR
.endm

/*
 * With r15 = the target's S and our FPC in r0: take over the target's FPC
 * controls (if \fp), restore f8-f15 and r6-r15 and continue at its r14.
 * Both sides have the same save area: CFA = r15 + 320 needs no change at
 * the switch, and from there on describes the target.
 */
.macro RESUME_TARGET fp=1
.if \fp
	l	%r1,SAVE_FPCTL(%r15)	/* which control fields differ? */
	xr	%r1,%r0
	nilf	%r1,FPC_CONTROL		/* condition code 0: none */
	jnz	9f
8:	.cfi_remember_state
.endif
	FPRS	LOAD_FPR
	lmg	%r6,%r15,SAVE_R6(%r15)	/* r15 last: pops both frames at once */
	.cfi_def_cfa_offset FRAME
	GPRS	CFI_RESTORED
	FPRS	CFI_RESTORED
	br	%r14
.if \fp
	.cfi_restore_state		/* the CFI of the branch to here */
9:	xr	%r1,%r0			/* our FPC with the target's controls */
	sfpc	%r1
	j	8b
.endif
.endm

/*
 * r2 = our fringe_transfer buffer, r3 = target S, r4 = value.  Resume the
 * target with r3 = our S (from_sp) and r4 = value, stored into its buffer
 * too (for a new context a scratch one: its root entry uses r3 and r4).
 */
.macro SWITCH_TO_TARGET
	stg	%r2,SAVE_R2(%r15)
	lgr	%r1,%r15
	lgr	%r15,%r3		/* the switch */
	lgr	%r3,%r1			/* from_sp = our S */
	lg	%r2,SAVE_R2(%r15)	/* the target's buffer, also returned */
	stmg	%r3,%r4,0(%r2)		/* { from_sp, value } */
	RESUME_TARGET
.endm

/* fringe_transfer fringe_context_switch(void *sp, void *value)
 * r2 = result buffer, r3 = sp, r4 = value */
FUNC(fringe_context_switch)
	SAVE_CONTEXT
	ltgr	%r3,%r3
	jz	.Lnull_switch
	SWITCH_TO_TARGET
.Lnull_switch:
	brasl	%r14,fringe__null_switch	/* r15 = S, a full frame; no return */
	j	.+2			/* invalid opcode if it ever returns */
END(fringe_context_switch)
ALIAS(fringe_context_switch, fringe__ctx_switch)

/* fringe_transfer fringe_context_switch_link(void *sp, void *value,
 *                                            fringe_stack *stack)
 * r2 = result buffer, r3 = sp, r4 = value, r5 = stack */
FUNC(fringe_context_switch_link)
	SAVE_CONTEXT
	ltgr	%r3,%r3
	jz	.Lnull_link
	ltgr	%r5,%r5
	jz	.Lnull_link
	ltg	%r5,FRINGE_STACK_LINK_OFFSET(%r5)	/* the link word's address */
	jz	.Lnull_link		/* no context was made on the stack */
	larl	%r1,.Llinked
	stg	%r1,SAVE_PC(%r15)	/* pc of our frame record S */
	stg	%r15,0(%r5)		/* link word -> S */
.Llinked:
	SWITCH_TO_TARGET
.Lnull_link:
	brasl	%r14,fringe__null_switch
	j	.+2
END(fringe_context_switch_link)
ALIAS(fringe_context_switch_link, fringe__ctx_switch_link)

/* void *fringe__ctx_make(void *top, fringe_context_fn fn, void *userdata,
 *                        void **link, void *base)
 * r2 = top, r3 = fn, r4 = userdata, r5 = link; base (r6) is not needed. */
HIDDEN_FUNC(fringe__ctx_make)
	lghi	%r0,0
	stg	%r0,TERM+SAVE_BACKCHAIN(%r2)	/* terminal record */
	stg	%r0,TERM+SAVE_PC(%r2)
	stg	%r0,TERM+SAVE_R14(%r2)
	stg	%r0,TERM+SAVE_R15(%r2)
	lay	%r1,TERM(%r2)
	stg	%r1,ROOT(%r2)			/* link word -> terminal */
	stg	%r3,ROOT+ROOT_FN(%r2)
	stg	%r4,ROOT+ROOT_ARG(%r2)
	lay	%r1,ROOT(%r2)			/* r1 = R */
	la	%r3,ROOT_XFER(%r1)
	stg	%r3,SAVE_R2-FRAME(%r1)		/* r2: buffer of the first switch */
	xc	SAVE_R6-FRAME(64,%r1),SAVE_R6-FRAME(%r1)	/* r6-r13 = 0 */
	larl	%r3,.Lroot_entry
	stg	%r3,SAVE_R14-FRAME(%r1)		/* r14 = root entry */
	stg	%r1,SAVE_R15-FRAME(%r1)		/* r15 = R */
	stg	%r1,0(%r5)			/* *link = &link word */
	lay	%r2,-FRAME(%r1)			/* S0, returned */
	stg	%r1,SAVE_BACKCHAIN(%r2)
	stfpc	SAVE_FPCTL(%r2)			/* FPC of the creating thread */
	st	%r0,SAVE_FPCTL+4(%r2)
	xc	SAVE_F8(64,%r2),SAVE_F8(%r2)	/* f8-f15 = 0 */
	stg	%r0,SAVE_HANDOVER(%r2)		/* hand-over slot: none */
	stg	%r0,SAVE_PC(%r2)
	br	%r14
END(fringe__ctx_make)

/*
 * Generators (lib/fringe-internal.h; offsets from fringe-layout.h).
 * s390x keeps stores in order: the plain store publishing a state
 * releases everything stored before it.
 *
 * int fringe__gen_resume(struct fringe_generator *g, void *input,
 *                        void **output, int code)
 * r2 = g, r3 = input, r4 = output, r5 = code.  The generator's pending
 * yield returns r2 = code, `input` stored through its hand-over slot
 * unless that is NULL or code is not 0; a new one gets r4 = input.
 */
.macro GEN_RESUME fp
	SAVE_CONTEXT \fp
	stg	%r4,SAVE_HANDOVER(%r15)		/* where our result goes */
	stg	%r15,FRINGE_GEN_CALLER_SP_OFFSET(%r2)
	larl	%r1,1f
	stg	%r1,SAVE_PC(%r15)		/* pc of our frame record S */
	stg	%r15,-LINK_BELOW_TOP(%r2)	/* the generator's link word -> S */
1:	lg	%r15,FRINGE_GEN_SP_OFFSET(%r2)	/* the switch */
	lgr	%r2,%r5				/* what the pending yield returns */
	ltr	%r5,%r5				/* a cancelled yield's input */
	jnz	2f				/*   is left alone */
	ltg	%r1,SAVE_HANDOVER(%r15)		/* the generator's slot */
	jz	2f
	stg	%r3,0(%r1)
2:	lgr	%r4,%r3				/* a new generator's value */
	RESUME_TARGET \fp
.endm

/*
 * The end of a yield or return: the generator is saved at S = r15, r2 = g,
 * r3 = the value, our FPC in r0.  Switch to the resumer, publish \state,
 * store the value through the resumer's hand-over slot and return \result
 * from its resume.  Once published, the generator may run on another
 * thread: only the resumer's stack is read after the store.
 */
.macro LEAVE_GENERATOR state, result, fp
	stg	%r15,FRINGE_GEN_SP_OFFSET(%r2)
	lg	%r15,FRINGE_GEN_CALLER_SP_OFFSET(%r2)	/* the switch */
	l	%r1,FRINGE_GEN_STATE_OFFSET(%r2)	/* RUNNING -> \state, */
	ahi	%r1,\state - FRINGE_GEN_RUNNING		/*   owner bits kept */
	st	%r1,FRINGE_GEN_STATE_OFFSET(%r2)	/* published */
	ltg	%r1,SAVE_HANDOVER(%r15)			/* the resumer's slot */
	jz	1f
	stg	%r3,0(%r1)
1:	lghi	%r2,\result
	RESUME_TARGET \fp
.endm

/* int fringe__gen_yield(struct fringe_generator *g, void *output,
 *                       void **input)      r2 = g, r3 = output, r4 = input */
.macro GEN_YIELD fp
	SAVE_CONTEXT \fp
	stg	%r4,SAVE_HANDOVER(%r15)		/* where our next input goes */
	LEAVE_GENERATOR FRINGE_GEN_RUNNABLE, FRINGE_GEN_YIELDED, \fp
.endm

/* void fringe__gen_return(struct fringe_generator *g, void *result)
 * r2 = g, r3 = result; saved only to keep one path. */
.macro GEN_RETURN fp
	SAVE_CONTEXT \fp
	xc	SAVE_HANDOVER(8,%r15),SAVE_HANDOVER(%r15)
	LEAVE_GENERATOR FRINGE_GEN_FINISHED, FRINGE_GEN_RETURNED, \fp
.endm

/* The _shared versions (FRINGE_GENERATOR_SHARE_FPENV) leave the FPC
 * alone: its slots are neither written nor read. */
FRINGE_GEN_ROUTINES

/*
 * The root frame of every context, reached by the first switch with
 * r15 = R, r4 = the value, r3 = the switching context's S (anything for a
 * generator).  CFA = *(r15 + 0) + 320 = link word + 320:
 *   DW_CFA_def_cfa_expression, 6 bytes:
 *   DW_OP_breg15 (r15) 0, DW_OP_deref, DW_OP_plus_uconst 320
 * and the resumer's registers sit below it as in its save area.
 */
LOCAL_FUNC(__morestack)
	.cfi_escape 0x0f, 6, 0x7f, 0x00, 0x06, 0x23, 0xc0, 0x02
	GPRS	CFI_SAVED
	FPRS	CFI_SAVED
	nop		/* never run: .Lroot_entry - 1 .. - 4 stay in here */
.Lroot_entry:
	lgr	%r2,%r4			/* value; r3 = from_sp already */
	lg	%r4,ROOT_ARG(%r15)	/* userdata */
	lg	%r1,ROOT_FN(%r15)	/* fn */
	basr	%r14,%r1		/* r15 = R: 8-aligned, 160-byte area */
	brasl	%r14,fringe__entry_returned	/* fn must not return */
	j	.+2
END(__morestack)
FRINGE_ROOT_BOUNDS(__morestack)

FRINGE_ASM_FOOTER

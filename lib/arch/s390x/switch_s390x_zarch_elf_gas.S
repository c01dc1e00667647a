/*
 * Context switch for s390x (z/Architecture), ELF ABI, GNU assembler.
 *
 * A suspended context is a stack pointer S.  Its save area is two
 * standard 160-byte frames: the switch's own frame at S, and above it the
 * register save area that the switch's caller allocated for its callees,
 * where the switch stores r6-r15 at the ABI's standard slots (r<n> at 8 * n)
 * exactly as a compiled prologue would:
 *
 *     S + 320                  CFA of the suspended switch call
 *     S + 280  r15 = S + 160   \
 *     S + 272  r14             |  the caller's register save area: r14 is
 *     S + 216 .. 264  r7..r13  |  the return address, where the context
 *     S + 208  r6              |  continues
 *     S + 176  r2              |  the caller's fringe_transfer buffer
 *     S + 160  (the caller's back chain slot: never written)
 *     S + 112  pc of this frame (.Llinked, stored by the linking switch)
 *     S +  80 .. 104  unused
 *     S +  16 .. 72   f8..f15
 *     S +   8  FPC (4 bytes), 4 bytes unused
 *     S +   0  back chain = S + 160
 *
 * These are exactly what the ELF ABI s390x Supplement makes nonvolatile:
 * r6-r13, r15, f8-f15 (the left halves of v8-v15; the right halves and
 * v16-v31 are volatile), plus r14 as the return address, and the control
 * fields of the FPC (IEEE masks, DFP and BFP rounding modes; the IEEE flags
 * and the DXC are status and stay those of the running thread).  The FPC is
 * reloaded only when a control field differs.  Access registers a0/a1 hold
 * the thread pointer and are never touched.  A fringe_transfer is returned
 * in memory: r2 points to the caller's buffer, so each side keeps its own
 * r2 in its save area and the side that resumes it fills that buffer.
 * There is no return instruction distinct from an indirect branch on
 * z/Architecture, so control goes to the saved return address with the
 * ordinary `br %r14`.
 *
 * Frame records are the ABI's back chain: the doubleword at a frame's
 * lowest address points to the next (older) frame, and the r14 slot at
 * offset 112 holds the pc of the frame's owner (stored there by whatever
 * the owner called).  S is such a record: back chain -> S + 160 (the
 * caller's frame, whose r14 slot holds the return into the caller) and
 * pc = .Llinked when the linking switch made it.
 *
 * The top of a context made by fringe__ctx_make (T = top, 16-aligned;
 * X = T - 320, R = T - 496, S0 = T - 656):
 *
 *     X + 280 = T - 40   0         \ terminal record X, shaped like a save
 *     X + 272 = T - 48   0         | area: r14 = 0 and r15 = 0 where the
 *     X + 112 = T - 208  0         | root's CFI looks for them, a zero pc
 *     X +   0 = T - 320  0         / and a zero back chain
 *     R + 168 = T - 328  userdata  \
 *     R + 160 = T - 336  fn        | root frame R (r15 in __morestack):
 *     R + 128 = T - 368  buffer    | the first switch's fringe_transfer
 *     R + 120            r15 = R   | initial r6-r15 at their slots, with
 *     R + 112            r14       |   r14 = root entry
 *     R +  48 .. 104     r6-r13 = 0
 *     R +  16            r2 = R + 128
 *     R +   0 = T - 496  link word / back chain of the root, -> X at first
 *     S0 = R - 160                 initial switch frame: back chain R,
 *                                  FPC of the creating thread, f8-f15 = 0
 *
 * Call-stack splicing: the root frame's CFI computes its CFA from the link
 * word (CFA = link + 320), so DWARF unwinders restore the resumer's pc
 * (r14), r6-r15 and f8-f15 from its save area and continue in its frames.
 * A back-chain walk goes fn's frame -> R (pc in __morestack) -> link word
 * -> the resumer's S (pc .Llinked, in fringe_context_switch_link) -> the
 * resumer's own frame.  The link word starts out pointing at X, where both
 * kinds of walk stop (CFA = T with r14 = 0; back chain 0).  The root
 * function is named __morestack (a local symbol) because gdb accepts a
 * frame whose caller's stack lies below it only under that name.
 *
 * SPDX-License-Identifier: MIT
 */

#include "../fringe-asm.h"

/* Sizes and offsets of the save area (see the picture above): FRAME,
 * SW_BACKCHAIN, SW_FPC, SW_F8, SW_PC, SW_R2, SW_R6, SW_R14, SW_R15,
 * SW_CFA. */
#include "save-area.h"

/* The top of a new context, relative to T. */
#define TERM (-SW_CFA)			/* terminal record X */
#define ROOT (TERM - FRAME - 16)	/* root frame R */
#define ROOT_XFER 128			/* R + 128: first fringe_transfer */
#define ROOT_FN FRAME			/* R + 160: fn */
#define ROOT_ARG (FRAME + 8)		/* R + 168: userdata */

/*
 * DWARF numbers of f8-f15 (ELF ABI s390x Supplement, "DWARF Register
 * Numbers": 24-31 are f8, f10, f12, f14, f9, f11, f13, f15).  Numbers, not
 * names: some assemblers (binutils 2.40) number %f<n> as 16 + n in CFI
 * directives, which is wrong for the odd registers.
 */
#define DW_F8 24
#define DW_F9 28
#define DW_F10 25
#define DW_F11 29
#define DW_F12 26
#define DW_F13 30
#define DW_F14 27
#define DW_F15 31

/* FPC control fields: IEEE masks, DFP rounding mode, BFP rounding mode. */
#define FPC_CONTROL 0xfc000077

/* The root's CFA expression below hard-codes SW_CFA as uleb128 0xc0 0x02. */
.if SW_CFA != 320
.error "update the DW_OP_plus_uconst operand of __morestack"
.endif

/*
 * Save the callee-saved state of the running context: r6-r15 (with the
 * return address) into the caller's register save area, then a frame of
 * our own with the back chain, the FPC and f8-f15.  Afterwards r15 = S
 * and the CFA is r15 + 320.
 */
.macro SAVE_CONTEXT
	stmg	%r6,%r15,SW_R6-FRAME(%r15)	/* standard slots of the caller's area */
	.cfi_offset %r6, SW_R6 - SW_CFA
	.cfi_offset %r7, SW_R6 + 8 - SW_CFA
	.cfi_offset %r8, SW_R6 + 16 - SW_CFA
	.cfi_offset %r9, SW_R6 + 24 - SW_CFA
	.cfi_offset %r10, SW_R6 + 32 - SW_CFA
	.cfi_offset %r11, SW_R6 + 40 - SW_CFA
	.cfi_offset %r12, SW_R6 + 48 - SW_CFA
	.cfi_offset %r13, SW_R6 + 56 - SW_CFA
	.cfi_offset %r14, SW_R14 - SW_CFA
	.cfi_offset %r15, SW_R15 - SW_CFA
	stg	%r2,SW_R2-FRAME(%r15)	/* our fringe_transfer buffer */
	lgr	%r1,%r15		/* the caller's frame, for the back chain */
	lay	%r15,-FRAME(%r15)	/* r15 = S; nothing is stored below r15 */
	.cfi_adjust_cfa_offset FRAME
	stg	%r1,SW_BACKCHAIN(%r15)
	stfpc	SW_FPC(%r15)		/* whole FPC; only its controls are used */
	std	%f8,SW_F8(%r15)
	.cfi_offset DW_F8, SW_F8 - SW_CFA
	std	%f9,SW_F8+8(%r15)
	.cfi_offset DW_F9, SW_F8 + 8 - SW_CFA
	std	%f10,SW_F8+16(%r15)
	.cfi_offset DW_F10, SW_F8 + 16 - SW_CFA
	std	%f11,SW_F8+24(%r15)
	.cfi_offset DW_F11, SW_F8 + 24 - SW_CFA
	std	%f12,SW_F8+32(%r15)
	.cfi_offset DW_F12, SW_F8 + 32 - SW_CFA
	std	%f13,SW_F8+40(%r15)
	.cfi_offset DW_F13, SW_F8 + 40 - SW_CFA
	std	%f14,SW_F8+48(%r15)
	.cfi_offset DW_F14, SW_F8 + 48 - SW_CFA
	std	%f15,SW_F8+56(%r15)
	.cfi_offset DW_F15, SW_F8 + 56 - SW_CFA
.endm

/*
 * r3 = target S, r4 = value.  Switch to the target and resume it with
 * r3 = our S (from_sp) and r4 = value, after storing both into the
 * target's fringe_transfer buffer (for a new context, a scratch buffer in
 * its root frame; the root entry uses the registers).  The CFI needs no
 * change at the stack switch: both sides have the same save area layout,
 * so CFA = r15 + 320 stays true and from there on describes the target's
 * frame.
 */
.macro SWITCH_TO_TARGET
	lgr	%r0,%r15		/* our S */
	lgr	%r15,%r3		/* the target's S */
	lgr	%r3,%r0			/* from_sp = our S */
	/* which FPC control fields differ between the two contexts? */
	l	%r1,SW_FPC(%r15)	/* target's FPC */
	x	%r1,SW_FPC(%r3)		/* ^ ours (read before our S is handed out) */
	nilf	%r1,FPC_CONTROL		/* condition code 0: none */
	jnz	9f
1:	.cfi_remember_state
	ld	%f8,SW_F8(%r15)
	ld	%f9,SW_F8+8(%r15)
	ld	%f10,SW_F8+16(%r15)
	ld	%f11,SW_F8+24(%r15)
	ld	%f12,SW_F8+32(%r15)
	ld	%f13,SW_F8+40(%r15)
	ld	%f14,SW_F8+48(%r15)
	ld	%f15,SW_F8+56(%r15)
	lg	%r2,SW_R2(%r15)		/* the target's buffer, also returned */
	stmg	%r3,%r4,0(%r2)		/* { from_sp, value } */
	lmg	%r6,%r15,SW_R6(%r15)	/* r15 last: pops both frames at once */
	.cfi_def_cfa_offset FRAME
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

	/* slow path, with the CFI of the point that branched here */
	.cfi_restore_state
9:	x	%r1,SW_FPC(%r3)		/* our FPC with the target's controls */
	sfpc	%r1
	j	1b
.endm

/*
 * fringe_transfer fringe_context_switch(void *sp, void *value)
 * r2 = result buffer, r3 = sp, r4 = value
 */
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

/*
 * fringe_transfer fringe_context_switch_link(void *sp, void *value,
 *                                            fringe_stack *stack)
 * r2 = result buffer, r3 = sp, r4 = value, r5 = stack
 */
FUNC(fringe_context_switch_link)
	SAVE_CONTEXT
	ltgr	%r3,%r3
	jz	.Lnull_link
	ltgr	%r5,%r5
	jz	.Lnull_link
	ltg	%r5,FRINGE_STACK_LINK_OFFSET(%r5)	/* the link word's address */
	jz	.Lnull_link		/* no context was made on the stack */
	larl	%r1,.Llinked
	stg	%r1,SW_PC(%r15)		/* pc of our frame record S */
	stg	%r15,0(%r5)		/* link word -> S */
.Llinked:
	SWITCH_TO_TARGET
.Lnull_link:
	brasl	%r14,fringe__null_switch
	j	.+2
END(fringe_context_switch_link)
ALIAS(fringe_context_switch_link, fringe__ctx_switch_link)

/*
 * void *fringe__ctx_make(void *top, fringe_context_fn fn, void *userdata,
 *                        void **link, void *base)
 * r2 = top, r3 = fn, r4 = userdata, r5 = link; base (r6, which is
 * callee-saved) is not needed and not touched.
 */
HIDDEN_FUNC(fringe__ctx_make)
	lghi	%r0,0
	stg	%r0,TERM(%r2)			/* terminal record: back chain */
	stg	%r0,TERM+SW_PC(%r2)		/* pc */
	stg	%r0,TERM+SW_R14(%r2)		/* r14 for the root's CFI */
	stg	%r0,TERM+SW_R15(%r2)		/* r15 */
	lay	%r1,TERM(%r2)
	stg	%r1,ROOT(%r2)			/* link word -> terminal */
	stg	%r3,ROOT+ROOT_FN(%r2)		/* fn */
	stg	%r4,ROOT+ROOT_ARG(%r2)		/* userdata */
	lay	%r1,ROOT(%r2)			/* r1 = R */
	la	%r3,ROOT_XFER(%r1)
	stg	%r3,SW_R2-FRAME(%r1)		/* r2: buffer of the first switch */
	xc	SW_R6-FRAME(64,%r1),SW_R6-FRAME(%r1)	/* r6-r13 = 0 */
	larl	%r3,.Lroot_entry
	stg	%r3,SW_R14-FRAME(%r1)		/* r14 = root entry */
	stg	%r1,SW_R15-FRAME(%r1)		/* r15 = R */
	stg	%r1,0(%r5)			/* *link = &link word */
	lay	%r2,-FRAME(%r1)			/* S0, returned */
	stg	%r1,SW_BACKCHAIN(%r2)		/* back chain -> R */
	stfpc	SW_FPC(%r2)			/* FPC of the creating thread */
	st	%r0,SW_FPC+4(%r2)
	xc	SW_F8(64,%r2),SW_F8(%r2)	/* f8-f15 = 0 */
	stg	%r0,SW_PC(%r2)
	br	%r14
END(fringe__ctx_make)

/*
 * The root frame of every context.  Reached by the first switch, with
 * r15 = R, r3 = the switching context's S and r4 = the value.
 *
 * CFA = *(r15 + 0) + 320, i.e. link word + 320:
 *   DW_CFA_def_cfa_expression, 6 bytes:
 *   DW_OP_breg15 (r15) 0, DW_OP_deref, DW_OP_plus_uconst 320
 * and the resumer's registers sit below it as in its save area.
 */
	.text
	.p2align 4
	.type	__morestack, @function
__morestack:
	.cfi_startproc
	.cfi_escape 0x0f, 6, 0x7f, 0x00, 0x06, 0x23, 0xc0, 0x02
	.cfi_offset %r6, SW_R6 - SW_CFA
	.cfi_offset %r7, SW_R6 + 8 - SW_CFA
	.cfi_offset %r8, SW_R6 + 16 - SW_CFA
	.cfi_offset %r9, SW_R6 + 24 - SW_CFA
	.cfi_offset %r10, SW_R6 + 32 - SW_CFA
	.cfi_offset %r11, SW_R6 + 40 - SW_CFA
	.cfi_offset %r12, SW_R6 + 48 - SW_CFA
	.cfi_offset %r13, SW_R6 + 56 - SW_CFA
	.cfi_offset %r14, SW_R14 - SW_CFA
	.cfi_offset %r15, SW_R15 - SW_CFA
	.cfi_offset DW_F8, SW_F8 - SW_CFA
	.cfi_offset DW_F9, SW_F8 + 8 - SW_CFA
	.cfi_offset DW_F10, SW_F8 + 16 - SW_CFA
	.cfi_offset DW_F11, SW_F8 + 24 - SW_CFA
	.cfi_offset DW_F12, SW_F8 + 32 - SW_CFA
	.cfi_offset DW_F13, SW_F8 + 40 - SW_CFA
	.cfi_offset DW_F14, SW_F8 + 48 - SW_CFA
	.cfi_offset DW_F15, SW_F8 + 56 - SW_CFA
	/* Never executed (4 bytes): keeps .Lroot_entry - 1 .. - 4 inside this
	 * function, for unwinders that look up a return address minus one. */
	nop
.Lroot_entry:
	lgr	%r2,%r4			/* value; r3 = from_sp already */
	lg	%r4,ROOT_ARG(%r15)	/* userdata */
	lg	%r1,ROOT_FN(%r15)	/* fn */
	basr	%r14,%r1		/* r15 = R: 8-aligned, 160-byte area */
	brasl	%r14,fringe__entry_returned	/* fn must not return */
	j	.+2
	.cfi_endproc
	.size	__morestack, .-__morestack
FRINGE_ROOT_BOUNDS(__morestack)

FRINGE_ASM_FOOTER

/*
 * Context switch for 32-bit ARM, AAPCS, ELF, GNU assembler, in two builds:
 * with a VFP unit (__ARM_FP: armhf, softfp), and soft float (armel,
 * ARMv5TE and later), which keeps the core registers only, contains no VFP
 * instruction and so has one kind of generator switch.  Thumb-2 when the
 * compiler targets Thumb, ARM code otherwise; every transfer interworks.
 *
 * The protocol every backend follows is in lib/arch/README.
 *
 * Callee-saved (AAPCS32): r4-r11, sp, d8-d15 and the FPSCR's control
 * fields.  A suspended context is S (8-aligned) at this save area; soft
 * float keeps the part from the hand-over slot up, at S + 0:
 *
 *     S + 104  r11, lr       frame record (AAPCS: r11 points at it)
 *     S +  76  r4 .. r10
 *     S +  72  hand-over slot: for the context switches, the address of
 *              the fringe_transfer result (r0), which gets {our S, value}
 *     S +   8  d8 .. d15
 *     S +   0  FPSCR, 4 bytes unused
 *
 * Of the FPSCR only the control fields are taken over, when they differ;
 * the flags (bits 31-27, 7, 4-0) stay the running thread's.  Control goes
 * to the target with `bx ip`: `bx lr` would be predicted as a return.
 *
 * The top of a context made by fringe__ctx_make (T = top, 16-aligned):
 *
 *     T -   8  0, 0                terminal frame record
 *     T -  16  link word, .Llinked root frame record (r11 of the root)
 *     T -  24  fn, userdata
 *     T -  32  8 bytes where the initial hand-over slot points; root sp
 *     T - 144  initial save area: lr = root entry, r11 = T - 16, FPSCR
 *              of the creator, others 0 (soft float: T - 72)
 *
 * Stored code addresses carry the Thumb bit in Thumb builds.  libgcc's
 * unwinder (backtrace(3)) reads EHABI tables, gdb the DWARF CFI: both are
 * right at every instruction.  libgcc looks a frame up at pc - 2, so an
 * EHABI region starts AT the instruction that brings its state about, and
 * a never-executed `udf` of the right region precedes every place entered
 * with another state (function entries, slow paths).
 *
 * SPDX-License-Identifier: MIT
 */

#include "../fringe-asm.h"
#include "save-area.h"

#if defined(__thumb__) && !defined(__thumb2__)
#error "the arm backend needs Thumb-2 when built for Thumb"
#endif
/* EHABI opcodes undoing each part of the save area, from vsp upwards. */
#define UW_CORE 0x00, 0xaf	/* vsp += 4 (hand-over); pop {r4-r11, r14} */
#define UW_VFP 0xc9, 0x87	/* pop {d8-d15} */
#ifdef __ARM_FP
#if !(__ARM_FP & 8)
#error "the arm backend needs a VFP unit with double precision, or soft float"
#endif
#define VFP 1
#define SAVED_FROM SAVE_D8	/* the lowest register slot */
#define UW_SAVED UW_VFP, UW_CORE	/* from there up */
#define UW_ALL 0x01, UW_SAVED	/* vsp += 8: FPSCR, padding */
.if SAVE_FPCTL != 0 || SAVE_D8 != 8 || SAVE_HANDOVER != 72
.error "save-area.h does not match SAVE_CONTEXT"
.endif
#else
#define VFP 0
#define SAVED_FROM SAVE_HANDOVER
#define UW_SAVED UW_CORE
#define UW_ALL UW_CORE
#endif
.if SAVE_R4 != SAVE_HANDOVER + 4 || SAVE_LR != SAVE_SIZE - 4
.error "save-area.h does not match SAVE_CONTEXT"
.endif

#define CORE_REGS r4, r5, r6, r7, r8, r9, r10, r11, lr
#define VFP_REGS d8, d9, d10, d11, d12, d13, d14, d15
#define LINK_BELOW_TOP 16	/* the link word, below the top of a context */
#define ROOT_BELOW_TOP 32	/* sp in the root frame */
#define S0 (-ROOT_BELOW_TOP - SAVE_SIZE)	/* initial save area, from T */
/* FPSCR bits the AAPCS does not preserve: N Z C V QC, IDC, IXC..IOC. */
#define FPSCR_STATUS_HI 0xf8000000
#define FPSCR_STATUS_LO 0x9f

	.syntax unified
	.cfi_sections .debug_frame	/* EHABI does the work of .eh_frame */
#ifdef __thumb__
	.thumb
#define THUMB_BIT 1
#define NOP4 nop.w
#else
	.arm
#define THUMB_BIT 0
#define NOP4 nop
#endif

/* Start a new EHABI region here: no opcodes means "nothing saved". */
.macro EHABI_REGION sp_adjust=0, opcodes:vararg
	.fnend
	.fnstart
	.ifnb \opcodes
	.unwind_raw \sp_adjust, \opcodes
	.endif
.endm

/* `\directive reg, offset` for each register, \step bytes apart. */
.macro CFI_SLOTS directive, offset, step, reg, regs:vararg
	\directive \reg, \offset
	.ifnb \regs
	CFI_SLOTS \directive, (\offset + \step), \step, \regs
	.endif
.endm

/*
 * Save the running context with \slot in its hand-over slot: afterwards
 * sp = S, the CFA is sp + SAVE_SIZE and, with \fp, ip = our FPSCR (the
 * shared switches leave its slot unwritten).  Opens the first EHABI region.
 */
.macro SAVE_CONTEXT slot, fp
	.fnstart				/* state after the push: */
	.unwind_raw SAVE_SIZE - SAVE_HANDOVER, UW_CORE
	push	{\slot, r4-r11, lr}
	.cfi_adjust_cfa_offset SAVE_SIZE - SAVE_HANDOVER
	CFI_SLOTS .cfi_rel_offset, 4, 4, CORE_REGS
.if VFP
	EHABI_REGION SAVE_SIZE - SAVE_D8, UW_SAVED
	vpush	{d8-d15}
	.cfi_adjust_cfa_offset 64
	CFI_SLOTS .cfi_rel_offset, 0, 8, VFP_REGS
	.if \fp
	vmrs	ip, fpscr
	EHABI_REGION SAVE_SIZE, UW_ALL
	str	ip, [sp, #-8]!
	.else
	EHABI_REGION SAVE_SIZE, UW_ALL
	sub	sp, sp, #8
	.endif
	.cfi_adjust_cfa_offset 8
.endif
.endm

/* With ip = our FPSCR and \s = the target's S: take over its control
 * fields (rarely needed: through 9f, back at 1b).  Clobbers \tmp. */
.macro TAKE_FPSCR fp, s, tmp
.if VFP && \fp
	ldr	\tmp, [\s, #SAVE_FPCTL]
	eor	\tmp, \tmp, ip			/* bits that differ from ours */
	bic	\tmp, \tmp, #FPSCR_STATUS_HI
	bics	\tmp, \tmp, #FPSCR_STATUS_LO	/* control bits that differ */
	bne	9f
1:
.endif
.endm

/*
 * With sp = the target's S, everything saved (the CFI and EHABI state
 * need no change at the stack switch: the save areas look the same):
 * restore the target; r0 = its hand-over slot, ip = lr = where it
 * continues.  The state is "nothing saved" until the `bx ip`.
 */
.macro RESTORE_TARGET
	.cfi_remember_state
.if VFP
	EHABI_REGION SAVE_SIZE - SAVE_D8, UW_SAVED
	add	sp, sp, #8
	.cfi_adjust_cfa_offset -8
	EHABI_REGION SAVE_SIZE - SAVE_HANDOVER, UW_CORE
	vpop	{d8-d15}
	.cfi_adjust_cfa_offset -64
	.cfi_restore VFP_REGS
.endif
	EHABI_REGION
	pop	{r0, r4-r11, lr}
	.cfi_adjust_cfa_offset -(SAVE_SIZE - SAVE_HANDOVER)
	.cfi_restore CORE_REGS
	mov	ip, lr
.endm

/*
 * After a switch's `bx ip`, with everything saved: the NULL path (\null)
 * and TAKE_FPSCR's slow path; then a never-executed `udf` that makes the
 * next function's entry - 2 "nothing saved".
 */
.macro SWITCH_END fp, tmp, null=0
	.cfi_restore_state
	EHABI_REGION SAVE_SIZE, UW_ALL
	udf	#0
.if \null
8:	bl	fringe__null_switch		/* sp = S: 8-aligned; no return */
.endif
.if VFP && \fp
9:	eor	\tmp, \tmp, ip			/* ours, with the target's controls */
	vmsr	fpscr, \tmp
	b	1b
.endif
	EHABI_REGION
	udf	#0
	.fnend
.endm

/* r1 = the target's S, r2 = value, ip = our FPSCR: switch, storing
 * {our S, value} through the target's hand-over slot. */
.macro SWITCH_TO_TARGET
	TAKE_FPSCR 1, r1, r0
	mov	r3, sp
	mov	sp, r1				/* the switch */
	mov	r1, r3
	RESTORE_TARGET
	stm	r0, {r1, r2}
	bx	ip
	SWITCH_END 1, r0, null=1
.endm

	.text
	.fnstart			/* "nothing saved" before the first */
	udf	#0			/* function (see SWITCH_END) */
	.fnend

/* fringe_transfer fringe_context_switch(void *sp, void *value)
 *   r0 = result address, r1 = sp, r2 = value */
FUNC(fringe_context_switch)
	SAVE_CONTEXT r0, 1
	cmp	r1, #0
	beq	8f
	SWITCH_TO_TARGET
END(fringe_context_switch)
ALIAS(fringe_context_switch, fringe__ctx_switch)

/* fringe_transfer fringe_context_switch_link(void *sp, void *value,
 *                                            fringe_stack *stack)
 *   r0 = result address, r1 = sp, r2 = value, r3 = stack */
FUNC(fringe_context_switch_link)
	SAVE_CONTEXT r0, 1
	cmp	r1, #0
	beq	8f
	cmp	r3, #0
	beq	8f
	ldr	r3, [r3, #FRINGE_STACK_LINK_OFFSET]
	cmp	r3, #0				/* no context was made on it */
	beq	8f
	add	r0, sp, #SAVE_R11
	str	r0, [r3]			/* link word = our frame record */
.Llinked:				/* "return address" of the root record */
	SWITCH_TO_TARGET
END(fringe_context_switch_link)
ALIAS(fringe_context_switch_link, fringe__ctx_switch_link)

/* Zero [T + from, T + to), r0 = T, r2 = r3 = 0 (strd wants 8-aligned). */
.macro ZERO from, to
.if \from < \to
	.if (\from & 7) || \to - \from < 8
	str	r2, [r0, #\from]
	ZERO	(\from + 4), \to
	.else
	strd	r2, r3, [r0, #\from]
	ZERO	(\from + 8), \to
	.endif
.endif
.endm

/* void *fringe__ctx_make(void *top, fringe_context_fn fn, void *userdata,
 *                        void **link, void *base)    (base is not needed)
 *   r0 = T, r1 = fn, r2 = userdata, r3 = link */
HIDDEN_FUNC(fringe__ctx_make)
	.fnstart			/* a leaf that saves nothing */
	str	r1, [r0, #-24]			/* fn */
	str	r2, [r0, #-20]			/* userdata */
	sub	r1, r0, #LINK_BELOW_TOP
	str	r1, [r3]			/* *link */
	str	r1, [r0, #S0 + SAVE_R11]	/* r11: the root record */
	sub	r2, r0, #8
	str	r2, [r1]			/* link word -> terminal record */
	sub	r2, r0, #ROOT_BELOW_TOP
	str	r2, [r0, #S0 + SAVE_HANDOVER]	/* T - 32 */
	adr	r2, .Llinked + THUMB_BIT
	str	r2, [r0, #-LINK_BELOW_TOP + 4]	/* the root record's lr */
	adr	r2, .Lroot_entry + THUMB_BIT
	str	r2, [r0, #S0 + SAVE_LR]
	mov	r3, #0
.if VFP
	vmrs	r2, fpscr
	strd	r2, r3, [r0, #S0 + SAVE_FPCTL]	/* the creator's, padding 0 */
.endif
	mov	r2, #0
	ZERO	-8, 0				/* terminal record */
	ZERO	(S0 + SAVED_FROM), (S0 + SAVE_HANDOVER)	/* d8-d15 */
	ZERO	(S0 + SAVE_R4), (S0 + SAVE_R11)	/* r4-r10 */
	sub	r0, r0, #-S0			/* the initial stack pointer */
	bx	lr
	.fnend
END(fringe__ctx_make)

/*
 * Generators (offsets from fringe-layout.h).  A generator's context is
 * made with T = g, so its link word is g - LINK_BELOW_TOP.
 *
 * int fringe__gen_resume(g = r0, input = r1, void **output = r2, code = r3)
 * A new generator's slot points at T - 32, which takes its input; the
 * root entry gets it in r2.
 */
.macro GEN_RESUME fp
	SAVE_CONTEXT r2, \fp			/* output: where our result goes */
	str	sp, [r0, #FRINGE_GEN_CALLER_SP_OFFSET]
	add	r2, sp, #SAVE_R11		/* our frame record goes */
	str	r2, [r0, #-LINK_BELOW_TOP]	/*   into the link word */
	ldr	r2, [r0, #FRINGE_GEN_SP_OFFSET]
	TAKE_FPSCR \fp, r2, r0
	mov	sp, r2				/* the switch */
	RESTORE_TARGET				/* r0 = the generator's slot */
	cmp	r0, #1				/* C: a slot, */
	it	cs
	cmpcs	r3, #0				/* Z: and no cancellation */
	it	eq
	streq	r1, [r0]
	mov	r2, r1
	mov	r0, r3				/* what its pending yield returns */
	bx	ip
	SWITCH_END \fp, r0
.endm

/*
 * With the generator saved at S = sp (r0 = g, r1 = the value): switch to
 * the resumer, publish \state with release semantics (dmb ish; before
 * ARMv7 the CP15 barrier or the kernel's helper at 0xffff0fa0, as
 * compiled code does), then hand the resumer the value and \result,
 * touching only its stack.
 */
.macro LEAVE_GENERATOR state, result, fp
	str	sp, [r0, #FRINGE_GEN_SP_OFFSET]
	ldr	r2, [r0, #FRINGE_GEN_CALLER_SP_OFFSET]
	ldr	r3, [r0, #FRINGE_GEN_STATE_OFFSET]
	TAKE_FPSCR \fp, r2, lr
	mov	sp, r2				/* the switch */
	add	r3, r3, #(\state - FRINGE_GEN_RUNNING)
#if __ARM_ARCH >= 7
	dmb	ish
#elif __ARM_ARCH == 6
	mov	ip, #0
	mcr	p15, 0, ip, c7, c10, 5
#else
	mvn	ip, #0xf000
	sub	ip, ip, #0x5f
	blx	ip				/* clobbers lr only */
#endif
	str	r3, [r0, #FRINGE_GEN_STATE_OFFSET]
	RESTORE_TARGET				/* r0 = the resumer's slot */
	cmp	r0, #0
	it	ne
	strne	r1, [r0]
	movs	r0, #\result
	bx	ip
	SWITCH_END \fp, lr
.endm

/* int fringe__gen_yield(g = r0, output = r1, void **input = r2) */
.macro GEN_YIELD fp
	SAVE_CONTEXT r2, \fp			/* input: where our next one goes */
	LEAVE_GENERATOR FRINGE_GEN_RUNNABLE, FRINGE_GEN_YIELDED, \fp
.endm

/* void fringe__gen_return(g = r0, result = r1): saved for one code path */
.macro GEN_RETURN fp
	SAVE_CONTEXT r0, \fp
	movs	r2, #0
	str	r2, [sp, #SAVE_HANDOVER]
	LEAVE_GENERATOR FRINGE_GEN_FINISHED, FRINGE_GEN_RETURNED, \fp
.endm

/* The _shared ones leave the FPSCR alone; soft float has none. */
FRINGE_GEN_ROUTINES VFP

/*
 * The root frame of every context, entered with sp = T - ROOT_BELOW_TOP,
 * r1 = the switching context's S (anything for a generator), r2 = value.
 * DWARF: CFA = *(sp + 16) + 8 = link word + 8 (DW_CFA_def_cfa_expression:
 * DW_OP_breg13 16, DW_OP_deref, DW_OP_plus_uconst 8), the resumer's
 * registers below it as in its save area.  EHABI: vsp += 16 (0x03), pop
 * {r4} (0x80 0x01): the link word, vsp = r4 (0x94): the resumer's frame
 * record, vsp -= 96 to its d8 (0x57; soft float: 32 to its hand-over
 * slot, 0x47), then pop its save area.
 */
LOCAL_FUNC(__morestack)
	.cfi_escape 0x0f, 5, 0x7d, ROOT_BELOW_TOP - LINK_BELOW_TOP, 0x06, \
		0x23, SAVE_SIZE - SAVE_R11
	CFI_SLOTS .cfi_offset, (SAVE_R4 - SAVE_SIZE), 4, CORE_REGS
.if VFP
	CFI_SLOTS .cfi_offset, (SAVE_D8 - SAVE_SIZE), 8, VFP_REGS
.endif
	.fnstart
	.unwind_raw 0, 0x03, 0x80, 0x01, 0x94, \
		0x40 + (SAVE_R11 - SAVED_FROM) / 4 - 1, UW_SAVED
	NOP4			/* never executed: root entry - 1, 2, 4 */
.Lroot_entry:
	mov	r0, r2				/* value; r1 = from_sp */
	ldr	r2, [sp, #12]			/* userdata */
	ldr	ip, [sp, #8]			/* fn */
	blx	ip				/* sp = T - 32: 8-aligned */
	bl	fringe__entry_returned		/* fn must not return */
	udf	#0
	.fnend
END(__morestack)
FRINGE_ROOT_BOUNDS(__morestack)

FRINGE_ASM_FOOTER

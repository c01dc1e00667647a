/*
 * Context switch for 32-bit ARM, AAPCS, ELF, GNU assembler.  Two builds
 * of one file:
 *
 *  - with a VFP unit (__ARM_FP: armhf, armv7-a, hard-float or softfp
 *    calls), which has d8-d15 and the FPSCR to keep;
 *  - soft-float (armel, ARMv5TE and later, -mfloat-abi=soft), where
 *    compiled code uses no floating-point register at all and none is
 *    saved: the file then contains no VFP instruction and runs on cores
 *    without one.  A soft-float C library that finds a VFP unit at run
 *    time lets fesetround() set the FPSCR, but soft-float arithmetic never
 *    reads it, so there is nothing a switch would keep it for.
 *
 * Assembled as Thumb-2 when the compiler targets Thumb (Debian armhf's
 * default) and as ARM code with -marm (and always for ARMv5, which has
 * no Thumb-2); all control transfers interwork (bx / blx, both in ARMv5T),
 * so callers may be either.  Nothing needs ARMv6 or later (no movw/movt).
 *
 * A suspended context is a stack pointer S (8-aligned) pointing at this
 * save area (with a VFP unit; soft-float keeps only the part from the r0
 * slot up, so there the r0 slot is at S + 0, r4 at S + 4, the frame
 * record at S + 32 and the whole area is 40 bytes):
 *
 *     S + 108  lr              \ frame record [fp, lr]: S + 104 is what
 *     S + 104  r11 (fp)        /   r11 would point at (see "Frame records")
 *     S +  76  r4 .. r10       (r4 lowest)
 *     S +  72  r0: where this side's fringe_transfer result goes
 *     S +   8  d8 .. d15       (d8 lowest)
 *     S +   4  unused (keeps S 8-aligned)
 *     S +   0  FPSCR
 *
 * These are exactly the registers the AAPCS makes callee-saved (r4-r11,
 * sp, lr as the return address, d8-d15 = s16-s31) plus the FPSCR.  Of the
 * FPSCR only the control fields are taken over on a switch (rounding mode,
 * FZ, DN, AHP, Len, Stride, trap enables and the reserved bits); the
 * condition flags, QC and the cumulative exception flags (bits 31-27, 7,
 * 4-0), which the AAPCS does not preserve across calls, stay those of the
 * running thread.  The FPSCR is written only when the control fields
 * differ.
 *
 * fringe_transfer (two pointers) is returned in memory: the caller passes
 * the result address in r0 and the real arguments move to r1-r3.  Each
 * side keeps its own result address in its save area (S + 72); the switch
 * fills in the target's {our S, value} after restoring the target's
 * registers.  Control goes to the target's return address with `bx ip`,
 * a plain interworking indirect branch: ARM cores predict `bx lr` (and
 * `pop {..., pc}`) as a return from the return stack, which would predict
 * our own caller and mispredict on every switch.  lr is restored as well,
 * so unwinders find the return address in the usual place.
 *
 * The top of a context made by fringe__ctx_make (T = top, 16-aligned):
 *
 *     T -   4  0               \ terminal frame record: unwinding ends
 *     T -   8  0               /   here (previous fp 0, return address 0)
 *     T -  12  .Llinked        \ root frame record; r11 in the root frame
 *     T -  16  link word       /   is T - 16.  The link word holds the
 *                                  address of the resumer's frame record
 *     T -  20  userdata
 *     T -  24  fn
 *     T -  28  transfer sink   \ the initial save area's r0 points here:
 *     T -  32  transfer sink   /   the first switch writes {from_sp, value}
 *                                  <- sp in the root frame (__morestack)
 *     T - 144 .. T - 32        initial save area: lr = root entry, r11 =
 *                              T - 16, r0 = T - 32, other registers 0,
 *                              FPSCR of the creating thread (soft float:
 *                              T - 72 .. T - 32, the same core slots)
 *
 * Code addresses stored as return addresses (.Llinked, the root entry)
 * carry the Thumb bit when this file is assembled as Thumb.
 *
 * Call-stack splicing.  ARM Linux has two kinds of unwind tables, and this
 * file provides both for the root frame (__morestack):
 *
 *  - ARM EHABI (.ARM.exidx/.ARM.extab): what libgcc's unwinder, and so
 *    glibc's backtrace(3), uses on ARM (it ignores DWARF CFI there).  The
 *    root frame's unwind opcodes load the link word into the virtual
 *    register set and make it the virtual sp ("vsp = r4"), step back from
 *    the frame record to the start of the resumer's d8-d15 and pop the
 *    resumer's d8-d15, r4-r11 and lr from its save area; the unwinder then
 *    continues at the resumer's return address with vsp = its caller's sp.
 *    (Code compiled without -funwind-tables/-fasynchronous-unwind-tables
 *    has no EHABI entries at all, and backtrace(3) stops at it.)
 *
 *  - DWARF CFI in .debug_frame, for gdb: CFA = *(sp + 16) + 8, i.e. link
 *    word + 8 = the resumer's sp after its switch returns, with the
 *    resumer's registers at fixed offsets below it.
 *
 * The link word starts out pointing at the terminal record; both kinds of
 * unwinding then read only memory below T and find return address 0.
 * The root function is named __morestack (a local symbol) because gdb
 * accepts a frame whose caller's stack lies below it only under that name.
 *
 * Frame records.  ARM has no single frame-pointer convention (GCC's ARM
 * code points fp at the saved lr, Thumb code uses r7 and its own layout).
 * This file keeps the AAPCS frame record: two words [previous record,
 * return address], r11 pointing at the first, and a zero previous record
 * ending the chain.  A walker that follows r11 that way reaches the root
 * record [link word, .Llinked] (r11 of the root frame), goes on to the
 * record fringe_context_switch_link saved at the resumer's S + 104
 * ([resumer's r11, its return address]) and from there along whatever
 * chain the resumer keeps; in an unlinked context it reaches the terminal
 * record [0, 0] and stops.
 *
 * Unwinding inside the switches.  A signal can land on any instruction,
 * so each switch carries DWARF CFI that is right at every instruction,
 * and its EHABI description is split into one table region per save
 * state.  libgcc looks a frame up at pc - 2 (inside the instruction that
 * was executed last), so each region starts AT the instruction that
 * brings the state it describes about, and a never-executed `udf` sits
 * before every place that is entered with a different state than the
 * instruction before it (function entries, the slow path).  After the
 * stack-pointer switch, the same description applies to the target's
 * identical save area.
 *
 * ABI sources: "Procedure Call Standard for the Arm Architecture" (AAPCS32)
 * sections on core registers, VFP register usage and the FPSCR, result
 * return, the stack and the frame pointer; "Exception Handling ABI for the
 * Arm Architecture" (EHABI) for the unwind tables; "DWARF for the Arm
 * Architecture" for register numbers (d8-d15 are 264-271).
 *
 * SPDX-License-Identifier: MIT
 */

#include "../fringe-asm.h"
/* The slots of the save area (SAVE_LR, SAVE_R11, SAVE_R4, ...) */
#include "save-area.h"

/* SAVE_CONTEXT pushes {r0, r4-r11, lr} (40 bytes), then d8-d15 (64), then
 * the FPSCR in 8 bytes: the slots save-area.h names must be where those
 * pushes put them. */
.if SAVE_LR != SAVE_SIZE - 4 || SAVE_R11 != SAVE_SIZE - 8 || \
    SAVE_R4 != SAVE_SIZE - 36 || SAVE_R0 != SAVE_SIZE - 40 || \
    SAVE_D8 != 8 || SAVE_FPSCR != 0 || SAVE_SIZE != 112
.error "save-area.h does not match the pushes of SAVE_CONTEXT"
.endif

#if defined(__ARM_FP)
#if !(__ARM_FP & 8)
#error "the arm backend needs a VFP unit with double precision, or soft float"
#endif
#define FRINGE_ARM_VFP 1
#define VFP_AREA 72		/* FPSCR slot and padding, d8-d15 */
#else
#define VFP_AREA 0		/* soft float: no FP registers */
#endif
/* The save area: the r0 slot at S + VFP_AREA, r4-r11 and lr above it,
 * and the frame record [r11, lr] at S + RECORD. */
#define FRAME (VFP_AREA + 40)
#define RECORD (FRAME - 8)
#if defined(__thumb__) && !defined(__thumb2__)
#error "the arm backend needs Thumb-2 when built for Thumb"
#endif

	.syntax unified
	.cfi_sections .debug_frame	/* EHABI does the work of .eh_frame */

#ifdef __thumb__
	.thumb
#define THUMB_BIT 1		/* bit 0 of a code address: Thumb state */
#define UDF udf			/* 2 bytes: enough to cover pc - 2 */
#define NOP4 nop.w		/* a 4-byte no-op */
#else
	.arm
#define THUMB_BIT 0
#define UDF udf			/* 4 bytes */
#define NOP4 nop		/* every ARM instruction is 4 bytes */
#endif

/* FPSCR bits the AAPCS does not preserve across calls: N Z C V QC
 * (31-27) and the cumulative exception flags IDC, IXC..IOC (7, 4-0).
 * Two modified immediates; everything else is taken from the target. */
#define FPSCR_STATUS_HI 0xf8000000
#define FPSCR_STATUS_LO 0x9f

/*
 * EHABI unwind opcodes, named by the save state they undo (applied from
 * the current virtual sp upwards):
 *   UW_CORE  the r0 slot and r4-r11, lr  (vsp += 4; pop {r4-r11, r14})
 *   UW_VFP   d8-d15                      (pop {d8-d15} stored by vpush)
 *   UW_FPSCR the FPSCR slot and padding  (vsp += 8)
 */
#define UW_CORE 0x00, 0xaf
#define UW_VFP 0xc9, 0x87
#define UW_FPSCR 0x01
#ifdef FRINGE_ARM_VFP
#define UW_ALL UW_FPSCR, UW_VFP, UW_CORE	/* everything saved */
#else
#define UW_ALL UW_CORE
#endif

/*
 * End the current EHABI table region and start a new one here, described
 * by `sp_adjust` (the stack the opcodes pop, for the assembler's
 * bookkeeping) and the opcodes; no opcodes means "nothing saved: return
 * to lr".
 */
.macro EHABI_REGION sp_adjust=0, opcodes:vararg
	.fnend
	.fnstart
	.ifnb \opcodes
	.unwind_raw \sp_adjust, \opcodes
	.endif
.endm

/*
 * Save the callee-saved state of the running context on its own stack:
 * r0 (the result address), r4-r11, lr and, with a VFP unit, d8-d15 and
 * the FPSCR.  Opens the function's first EHABI region.  Afterwards
 * sp = S, the CFA is sp + FRAME and (VFP) ip holds our FPSCR.
 */
.macro SAVE_CONTEXT
	.fnstart				/* state after the push: */
	.unwind_raw 40, UW_CORE
	push	{r0, r4-r11, lr}
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
#ifdef FRINGE_ARM_VFP
	EHABI_REGION 104, UW_VFP, UW_CORE	/* state after the vpush: */
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
	EHABI_REGION 112, UW_FPSCR, UW_VFP, UW_CORE	/* after the str: */
	str	ip, [sp, #-8]!			/* FPSCR at S + 0 */
	.cfi_adjust_cfa_offset 8
#endif
.endm

/*
 * The end of a switch, on the target's stack with its FP registers (if
 * any) restored: restore its core registers and go on where it continues,
 * storing {our S (r1), value (r2)} through its saved r0.
 */
.macro RESUME_CORE
	EHABI_REGION				/* all restored: return to lr */
	pop	{r0, r4-r11, lr}		/* r0: the target's result address */
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
	mov	ip, lr				/* branch through ip, not lr: */
	stm	r0, {r1, r2}			/* its fringe_transfer {sp, value} */
	bx	ip				/* not a "return" to the predictor */
.endm

/*
 * r1 = target S, r2 = value, ip = our FPSCR (VFP), sp = our S.  Switch to
 * the target and return to it, storing {our S, value} through its saved
 * r0.  The CFI needs no change at the stack switch: both sides have the
 * same save area layout, so CFA = sp + FRAME stays true and from there on
 * describes the target's frame.  Leaves an EHABI region open whose state
 * is everything saved, as at entry to this macro (the slow path's, or
 * one of its own).
 */
.macro SWITCH_TO_TARGET
#ifdef FRINGE_ARM_VFP
	ldr	r0, [r1]			/* the target's FPSCR */
	eor	r0, r0, ip			/* bits that differ from ours */
	bic	r0, r0, #FPSCR_STATUS_HI
	bics	r0, r0, #FPSCR_STATUS_LO	/* control bits that differ */
	bne	9f				/* rare: reload FPSCR */
1:	mov	r3, sp				/* our S */
	mov	sp, r1				/* now on the target's stack */
	mov	r1, r3				/* r1 = our S: its transfer.sp */
	.cfi_remember_state
	EHABI_REGION 104, UW_VFP, UW_CORE	/* state after the add: */
	add	sp, sp, #8			/* drop FPSCR slot and padding */
	.cfi_adjust_cfa_offset -8
	EHABI_REGION 40, UW_CORE		/* state after the vpop: */
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
	RESUME_CORE

	/* slow path, with the CFI of the point that branched here */
	.cfi_restore_state
	EHABI_REGION 112, UW_ALL		/* all saved */
	UDF	#0				/* never executed: see the top */
9:	eor	r0, r0, ip			/* ours, with the target's controls */
	vmsr	fpscr, r0
	b	1b
#else /* soft float: the core registers only */
	mov	r3, sp				/* our S */
	mov	sp, r1				/* now on the target's stack */
	mov	r1, r3				/* r1 = our S: its transfer.sp */
	.cfi_remember_state
	RESUME_CORE

	/* what follows (the NULL paths) has everything saved */
	.cfi_restore_state
	EHABI_REGION 40, UW_ALL
	UDF	#0				/* never executed: see the top */
#endif
.endm

/*
 * The end of a switch: fringe__null_switch does not return, and the
 * never-executed `udf` after its call starts a region with the state
 * "nothing saved", which also covers the alignment padding up to the next
 * function (its entry instruction is looked up at its address - 2).
 */
.macro NULL_SWITCH_AND_END
	bl	fringe__null_switch		/* sp = S: 8-aligned; no return */
	EHABI_REGION				/* nothing saved: */
	UDF	#0				/* never executed */
	.fnend
.endm

/* ---------------------------------------------------------------------- */

	.text
	.fnstart			/* "nothing saved" in front of the first */
	UDF	#0			/* function: see NULL_SWITCH_AND_END */
	.fnend

/*
 * fringe_transfer fringe_context_switch(void *sp, void *value)
 *   r0 = result address, r1 = sp, r2 = value
 */
FUNC(fringe_context_switch)
	SAVE_CONTEXT
	cmp	r1, #0				/* NULL sp */
	beq	.Lnull_switch
	SWITCH_TO_TARGET
.Lnull_switch:
	NULL_SWITCH_AND_END
END(fringe_context_switch)
ALIAS(fringe_context_switch, fringe__ctx_switch)

/*
 * fringe_transfer fringe_context_switch_link(void *sp, void *value,
 *                                            fringe_stack *stack)
 *   r0 = result address, r1 = sp, r2 = value, r3 = stack
 */
FUNC(fringe_context_switch_link)
	SAVE_CONTEXT
	cmp	r1, #0				/* NULL sp */
	beq	.Lnull_link
	cmp	r3, #0				/* NULL stack */
	beq	.Lnull_link
	ldr	r3, [r3, #FRINGE_STACK_LINK_OFFSET]
	cmp	r3, #0				/* no context was made on it */
	beq	.Lnull_link
	add	r0, sp, #RECORD			/* our frame record (r0 is saved) */
	str	r0, [r3]			/* link word = our frame record */
.Llinked:					/* "return address" of the root record */
	SWITCH_TO_TARGET
.Lnull_link:
	NULL_SWITCH_AND_END
END(fringe_context_switch_link)
ALIAS(fringe_context_switch_link, fringe__ctx_switch_link)

/*
 * void *fringe__ctx_make(void *top, fringe_context_fn fn, void *userdata,
 *                        void **link, void *base)    (base is not needed)
 *   r0 = top, r1 = fn, r2 = userdata, r3 = link; base is on the stack
 */
HIDDEN_FUNC(fringe__ctx_make)
	.fnstart			/* a leaf that saves nothing */
	str	r1, [r0, #-24]			/* fn */
	str	r2, [r0, #-20]			/* userdata */
	sub	r1, r0, #16			/* the link word = root record */
	str	r1, [r3]			/* *link */
	str	r1, [r0, #-40]			/* initial r11: the root record */
	sub	r2, r0, #8			/* the terminal record */
	str	r2, [r1]			/* link word -> terminal record */
	sub	r2, r0, #32			/* the root frame's sp */
	str	r2, [r0, #-72]			/* initial r0: the transfer sink */
	adr	r2, .Llinked + THUMB_BIT
	str	r2, [r0, #-12]			/* root record's return address */
	adr	r2, .Lroot_entry + THUMB_BIT
	str	r2, [r0, #-36]			/* initial lr: the root entry */
	mov	r3, #0
#ifdef FRINGE_ARM_VFP
	vmrs	r2, fpscr
	strd	r2, r3, [r0, #-144]		/* FPSCR (the creator's), padding */
#endif
	mov	r2, #0				/* r2:r3 = 0 from here on */
	strd	r2, r3, [r0, #-8]		/* terminal record */
#ifdef FRINGE_ARM_VFP
	strd	r2, r3, [r0, #-136]		/* d8 */
	strd	r2, r3, [r0, #-128]		/* d9 */
	strd	r2, r3, [r0, #-120]		/* d10 */
	strd	r2, r3, [r0, #-112]		/* d11 */
	strd	r2, r3, [r0, #-104]		/* d12 */
	strd	r2, r3, [r0, #-96]		/* d13 */
	strd	r2, r3, [r0, #-88]		/* d14 */
	strd	r2, r3, [r0, #-80]		/* d15 */
#endif
	str	r2, [r0, #-68]			/* r4 */
	strd	r2, r3, [r0, #-64]		/* r5, r6 */
	strd	r2, r3, [r0, #-56]		/* r7, r8 */
	strd	r2, r3, [r0, #-48]		/* r9, r10 */
	sub	r0, r0, #(32 + FRAME)		/* the initial stack pointer */
	bx	lr
	.fnend
END(fringe__ctx_make)

/*
 * The root frame of every context.  Reached by the first switch, with
 * sp = T - 32, r1 = the switching context's S and r2 = the value.
 *
 * DWARF: CFA = *(sp + 16) + 8, i.e. link word + 8:
 *   DW_CFA_def_cfa_expression, 5 bytes:
 *   DW_OP_breg13 (sp) 16, DW_OP_deref, DW_OP_plus_uconst 8
 * and the resumer's registers sit below it as in its save area.
 *
 * EHABI (personality routine 1, no handler data):
 *   0x03        vsp += 16            vsp = the link word's address
 *   0x80 0x01   pop {r4}             r4 = the link word
 *   0x94        vsp = r4             vsp = the resumer's frame record
 *   0x57        vsp -= 96            vsp = S + 8 (the resumer's d8)
 *   0xc9 0x87   pop {d8-d15}
 *   0x00        vsp += 4             skip the r0 slot
 * and soft-float, whose save area has no d8-d15 below the r0 slot:
 *   0x47        vsp -= 32            vsp = S (the resumer's r0 slot)
 *   0xaf        pop {r4-r11, r14}    pc = r14 = the resumer's return
 */
LOCAL_FUNC(__morestack)
	.cfi_escape 0x0f, 5, 0x7d, 0x10, 0x06, 0x23, 0x08
	.cfi_offset lr, -4
	.cfi_offset r11, -8
	.cfi_offset r10, -12
	.cfi_offset r9, -16
	.cfi_offset r8, -20
	.cfi_offset r7, -24
	.cfi_offset r6, -28
	.cfi_offset r5, -32
	.cfi_offset r4, -36
#ifdef FRINGE_ARM_VFP
	.cfi_offset d15, -48
	.cfi_offset d14, -56
	.cfi_offset d13, -64
	.cfi_offset d12, -72
	.cfi_offset d11, -80
	.cfi_offset d10, -88
	.cfi_offset d9, -96
	.cfi_offset d8, -104
	.fnstart				/* the opcodes above: */
	.unwind_raw 0, 0x03, 0x80, 0x01, 0x94, 0x57, UW_VFP, UW_CORE
#else
	.fnstart				/* the opcodes above: */
	.unwind_raw 0, 0x03, 0x80, 0x01, 0x94, 0x47, UW_CORE
#endif
	/* Never executed: keeps .Lroot_entry - 1, - 2 and - 4 inside this
	 * function, for unwinders that look up a return address minus
	 * something. */
	NOP4
.Lroot_entry:
	mov	r0, r2				/* value; r1 = from_sp already */
	ldr	r2, [sp, #12]			/* userdata */
	ldr	ip, [sp, #8]			/* fn */
	blx	ip				/* sp = T - 32: 8-aligned */
	bl	fringe__entry_returned		/* fn must not return */
	UDF	#0				/* its return address is in here */
	.fnend
END(__morestack)
FRINGE_ROOT_BOUNDS(__morestack)

FRINGE_ASM_FOOTER

/*
 * Context switch for 64-bit PowerPC, ELFv2 ABI (little-endian Linux), ELF,
 * GNU assembler.
 *
 * A suspended context is a stack pointer S pointing at this save area, an
 * ordinary ELFv2 frame of 528 bytes pushed below the frame C = S + 528 of
 * the switch's caller (C is the switch's CFA):
 *
 *     C + 16   return address   \  in the caller's frame header, where
 *     C +  8   CR (one word)    /  the ABI lets a callee keep them
 *     S + 384  f14 .. f31       (f31 at C - 8: the ABI's usual places)
 *     S + 240  r14 .. r31
 *     S +  48  v20 .. v31       (16 bytes each)
 *     S +  40  VSCR (one word), 4 bytes unused
 *     S +  32  FPSCR (the doubleword image mffs gives)
 *     S +  24  r2, the TOC pointer (S's TOC save doubleword)
 *     S +  16  hand-over slot   (S's LR save doubleword: nothing called
 *                                from S returns)
 *     S +   8  unused
 *     S +   0  back chain = C
 *
 * That is what ELFv2 makes nonvolatile: r1, r2, r14-r31, f14-f31, v20-v31,
 * CR2-CR4, the return address, and the "limited-access" control bits FPSCR
 * VE OE UE ZE XE RN DRN and VSCR NJ; NI shares a field with XE and RN
 * (mtfsf writes whole fields) and travels with them.  The FPSCR and VSCR
 * status bits stay the running thread's; the control bits are written only
 * when the two sides differ.  Not switched: r13 (the thread pointer),
 * VRSAVE (ELFv2 reserves it for the system), DSCR and TAR (per thread).
 * After our entry r2 is this library's TOC, which every context gets back;
 * a caller in another module reloads its own from C + 24, untouched here.
 * Control goes to the target with bctr: a blr to another stack's return
 * address mispredicts in the link stack.  LR is loaded too, as at any
 * function entry.
 *
 * The top of a context made by fringe__ctx_make (T = top, 16-aligned):
 *
 *     T -  32 .. T        terminal frame header Z: zeros (chain, pc 0)
 *     T -  64 .. T -  32  root record L, a frame header: L + 0 is the link
 *                         word (-> Z at first), L + 16 = .Llinked
 *     T - 112 .. T -  64  root frame R (r1 in __morestack): R + 40
 *                         userdata, R + 32 fn, R + 24 TOC save, R + 16
 *                         .Lroot_entry (S0's return address), R + 8 S0's
 *                         CR (0), R + 0 back chain -> L
 *     T - 640 .. T - 112  initial save area S0: back chain R, r2 = TOC,
 *                         FPSCR and VSCR of the creating thread, others 0
 *
 * The root frame's CFA is the link word's value, *(R + 48).
 * The protocol every backend follows is in lib/arch/README.
 *
 * SPDX-License-Identifier: MIT
 */

#include "../fringe-asm.h"
#include "save-area.h"

	.abiversion 2

.if SAVE_F14 + 8 * 18 != SAVE_SIZE || SAVE_R14 + 8 * 18 != SAVE_F14 || \
    SAVE_V20 + 16 * 12 != SAVE_R14 || (SAVE_V20 & 15) || (SAVE_SIZE & 15)
.error "save-area.h: the register slots must fill S + SAVE_V20 .. C"
.endif

/* The top of a context, below T.  A generator's context is made right
 * below its control block g: its link word is at g - LINK_BELOW_TOP. */
#define LINK_BELOW_TOP	64			/* L */
#define TOP_ROOT	112			/* R */
#define TOP_INITIAL	(TOP_ROOT + SAVE_SIZE)	/* S0 */
#define ROOT_FN		32			/* in R */
#define ROOT_USERDATA	40
#define ROOT_TOC	24

#define DW_LR		65			/* DWARF register numbers */
#define DW_CR2		70

/* The FPSCR control fields VE OE UE ZE XE NI RN (fields 6-7 of the low
 * word; DRN is field 7 of the high word). */
#define FPSCR_LOW_CTRL	0xff

/*
 * For each nonvolatile register in S = r1: \gpr, \fpr or \vr (with r11 as
 * index) moves it, unless they are blank, then \cfi dwarf-number, slot.
 */
.macro EACH_NV cfi, gpr, fpr, vr
	.irp n, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	.ifnb \gpr
	\gpr	%r\n, (SAVE_R14+8*(\n-14))(%r1)
	\fpr	%f\n, (SAVE_F14+8*(\n-14))(%r1)
	.endif
	\cfi	\n, (SAVE_R14+8*(\n-14))
	\cfi	(32+\n), (SAVE_F14+8*(\n-14))
	.endr
	.irp n, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	.ifnb \vr
	li	%r11, SAVE_V20+16*(\n-20)	/* no displacement form */
	\vr	%v\n, %r1, %r11
	.endif
	\cfi	(77+\n), (SAVE_V20+16*(\n-20))
	.endr
.endm
.macro CFI_SAVED dw, slot
	.cfi_rel_offset \dw, \slot
.endm
.macro CFI_RESTORED dw, slot
	.cfi_restore \dw
.endm
.macro CFI_ROOT dw, slot			/* relative to the CFA */
	.cfi_offset \dw, \slot - SAVE_SIZE
.endm
/* LR and CR2-CR4 (one word for the three), relative to the CFA */
.macro LR_CR_SAVED
	.cfi_offset DW_LR, SAVE_LR - SAVE_SIZE
	.irp n, DW_CR2, DW_CR2+1, DW_CR2+2
	.cfi_offset \n, SAVE_CR - SAVE_SIZE
	.endr
.endm

/*
 * Save the running context: push the save area.  Afterwards r1 = S and
 * the CFA is r1 + SAVE_SIZE; with \fp, our FPSCR image is in r7 and our
 * VSCR in r9.  Clobbers r0, r11, r12, f0, v0.
 */
.macro SAVE_CONTEXT fp
	mflr	%r0
	mfcr	%r12
	std	%r0, SAVE_LR - SAVE_SIZE(%r1)
	stw	%r12, SAVE_CR - SAVE_SIZE(%r1)
	LR_CR_SAVED
	stdu	%r1, -SAVE_SIZE(%r1)	/* also stores the back chain */
	.cfi_def_cfa_offset SAVE_SIZE
	std	%r2, SAVE_R2(%r1)
	.cfi_rel_offset 2, SAVE_R2
	EACH_NV CFI_SAVED, std, stfd, stvx
.if \fp
	mffs	%f0
	stfd	%f0, SAVE_FPCTL(%r1)
	mfvsrd	%r7, %vs0
	mfvscr	%v0			/* VSCR in the low word of v0 ... */
	xxswapd	%vs32, %vs32		/* ... to the word mfvsrwz reads */
	mfvsrwz	%r9, %vs32
	stw	%r9, SAVE_VSCR(%r1)
.endif
.endm

/*
 * r1 = the target's S (CFA = r1 + SAVE_SIZE describes its frame: both
 * sides have the same save area), r3 / r4 = what it receives, r7 / r9 =
 * our FPSCR image / VSCR (\fp).  Take over its control bits where they
 * differ, restore its registers and continue it.  Clobbers r0, r7-r12,
 * f0, v0.
 */
.macro RESUME_TARGET fp
.if \fp
	ld	%r8, SAVE_FPCTL(%r1)
	lwz	%r10, SAVE_VSCR(%r1)
	xor	%r7, %r7, %r8
	andi.	%r0, %r7, FPSCR_LOW_CTRL
	bne-	9f
	rldicl.	%r0, %r7, 32, 61	/* DRN: ISA bits 29-31 = 2^32..2^34 */
	bne-	9f
1:	xor	%r11, %r9, %r10
	andis.	%r0, %r11, 1		/* VSCR NJ */
	bne-	8f
2:
.endif
	.cfi_remember_state
	ld	%r2, SAVE_R2(%r1)
	.cfi_restore 2
	EACH_NV CFI_RESTORED, ld, lfd, lvx
	ld	%r0, SAVE_LR(%r1)	/* the target's return address */
	lwz	%r12, SAVE_CR(%r1)
	mtlr	%r0
	mtctr	%r0
	mtocrf	0x20, %r12		/* one field each: mtocrf is fast, */
	mtocrf	0x10, %r12		/* a multi-field mtcrf is not */
	mtocrf	0x08, %r12
	.cfi_restore DW_LR, DW_CR2, DW_CR2+1, DW_CR2+2
	addi	%r1, %r1, SAVE_SIZE	/* pop the save area */
	.cfi_def_cfa_offset 0
	bctr
	.cfi_restore_state
.if \fp
9:	lfd	%f0, SAVE_FPCTL(%r1)	/* the target's image; write only */
	mtfsf	0x03, %f0		/* its VE..RN (low fields 6-7) */
	mtfsf	0x01, %f0, 0, 1		/* and DRN (high field 7) */
	b	1b
8:	xor	%r9, %r9, %r0		/* our VSCR with the target's NJ */
	mtvsrwz	%vs32, %r9
	xxswapd	%vs32, %vs32		/* to the word mtvscr reads */
	mtvscr	%v0
	b	2b
.endif
.endm

/* r3 = target S, r4 = value: resume it with r3 = our S (its transfer). */
.macro SWITCH_TO_TARGET
	mr	%r8, %r3
	mr	%r3, %r1
	mr	%r1, %r8		/* the switch */
	RESUME_TARGET 1
.endm

/* Entry of a global function: the TOC pointer from r12 (the address the
 * caller branched to); callers in this module enter 8 bytes later. */
.macro GLOBAL_ENTRY name
0:	addis	%r2, %r12, .TOC.-0b@ha
	addi	%r2, %r2, .TOC.-0b@l
	.localentry \name, .-\name
.endm

/* fringe_transfer fringe_context_switch(void *sp, void *value) */
FUNC(fringe_context_switch)
	GLOBAL_ENTRY fringe_context_switch
	SAVE_CONTEXT 1
	cmpdi	%r3, 0
	beq-	.Lnull_switch
	SWITCH_TO_TARGET
.Lnull_switch:
	bl	fringe__null_switch	/* r1 = S is 16-aligned; no return */
	nop
	trap
END(fringe_context_switch)
ALIAS(fringe_context_switch, fringe__ctx_switch)

/* fringe_transfer fringe_context_switch_link(void *sp, void *value,
 *                                            fringe_stack *stack) */
FUNC(fringe_context_switch_link)
	GLOBAL_ENTRY fringe_context_switch_link
	SAVE_CONTEXT 1
	cmpdi	%r3, 0
	beq-	.Lnull_link
	cmpdi	%r5, 0
	beq-	.Lnull_link
	ld	%r5, FRINGE_STACK_LINK_OFFSET(%r5)
	cmpdi	%r5, 0			/* no context was made on the stack */
	beq-	.Lnull_link
	addi	%r6, %r1, SAVE_SIZE	/* our CFA C */
	std	%r6, 0(%r5)		/* into the link word */
.Llinked:				/* "pc" of the root record */
	SWITCH_TO_TARGET
.Lnull_link:
	bl	fringe__null_switch
	nop
	trap
END(fringe_context_switch_link)
ALIAS(fringe_context_switch_link, fringe__ctx_switch_link)

/* void *fringe__ctx_make(void *top, fringe_context_fn fn, void *userdata,
 *                        void **link, void *base)    (base is not needed) */
HIDDEN_FUNC(fringe__ctx_make)
	GLOBAL_ENTRY fringe__ctx_make
	li	%r0, 0			/* zero T - 640 .. T, then the rest */
	addi	%r8, %r3, -TOP_INITIAL
	li	%r9, TOP_INITIAL / 32
	mtctr	%r9
1:	std	%r0, 0(%r8)
	std	%r0, 8(%r8)
	std	%r0, 16(%r8)
	std	%r0, 24(%r8)
	addi	%r8, %r8, 32
	bdnz	1b
	addi	%r8, %r3, -LINK_BELOW_TOP + 32
	std	%r8, -LINK_BELOW_TOP(%r3)	/* link word -> Z */
	addis	%r9, %r2, .Llinked@toc@ha
	addi	%r9, %r9, .Llinked@toc@l
	std	%r9, -LINK_BELOW_TOP+16(%r3)	/* L's pc */
	std	%r5, -TOP_ROOT+ROOT_USERDATA(%r3)
	std	%r4, -TOP_ROOT+ROOT_FN(%r3)
	std	%r2, -TOP_ROOT+ROOT_TOC(%r3)
	addis	%r9, %r2, .Lroot_entry@toc@ha
	addi	%r9, %r9, .Lroot_entry@toc@l
	std	%r9, -TOP_INITIAL+SAVE_LR(%r3)	/* S0's return address */
	addi	%r8, %r3, -LINK_BELOW_TOP
	std	%r8, -TOP_ROOT(%r3)		/* R's back chain -> L */
	std	%r8, 0(%r6)			/* *link */
	addi	%r8, %r3, -TOP_ROOT
	std	%r8, -TOP_INITIAL(%r3)		/* S0's back chain -> R */
	std	%r2, -TOP_INITIAL+SAVE_R2(%r3)
	mffs	%f0				/* the creator's control bits */
	stfd	%f0, -TOP_INITIAL+SAVE_FPCTL(%r3)
	mfvscr	%v0
	xxswapd	%vs32, %vs32
	mfvsrwz	%r9, %vs32
	stw	%r9, -TOP_INITIAL+SAVE_VSCR(%r3)
	addi	%r3, %r3, -TOP_INITIAL		/* the context's S */
	blr
END(fringe__ctx_make)

/*
 * Generators (lib/fringe-internal.h; the offsets in struct
 * fringe_generator from fringe-layout.h).  Each routine in two versions:
 * the _shared ones (FRINGE_GENERATOR_SHARE_FPENV) leave FPSCR and VSCR
 * alone, and a generator always switches with versions of one kind.
 *
 * int fringe__gen_resume(struct fringe_generator *g, void *input,
 *                        void **output, int code)
 * The generator gets r3 = code from its pending yield, with `input` stored
 * through its hand-over slot unless cancelled, or, when new, enters
 * .Lroot_entry with r4 = input.
 */
.macro GEN_RESUME fp
	SAVE_CONTEXT \fp
	std	%r5, SAVE_HANDOVER(%r1)	/* where our result goes */
	std	%r1, FRINGE_GEN_CALLER_SP_OFFSET(%r3)
	addi	%r8, %r1, SAVE_SIZE	/* our CFA C */
	std	%r8, -LINK_BELOW_TOP(%r3)	/* into the link word */
	ld	%r1, FRINGE_GEN_SP_OFFSET(%r3)	/* the switch */
	ld	%r8, SAVE_HANDOVER(%r1)	/* the generator's slot */
	cmpdi	%r8, 0
	beq	3f
	cmpwi	%r6, 0			/* a cancelled yield's input */
	bne-	3f			/*   is left alone */
	std	%r4, 0(%r8)
3:	extsw	%r3, %r6
	RESUME_TARGET \fp
.endm

/*
 * int fringe__gen_yield(struct fringe_generator *g, void *output,
 *                       void **input)                     (\state RUNNABLE)
 * void fringe__gen_return(struct fringe_generator *g, void *result)
 *                                           (\state FINISHED, r5 = NULL)
 * Save the generator with r5 in its hand-over slot, switch to the resumer,
 * publish \state (release), hand r4 over and return \result.  Nothing of
 * g or its stack is touched after the store of the state.
 */
.macro GEN_LEAVE state, result, fp
	SAVE_CONTEXT \fp
	std	%r5, SAVE_HANDOVER(%r1)	/* where our next input goes */
	lwz	%r10, FRINGE_GEN_STATE_OFFSET(%r3)
	std	%r1, FRINGE_GEN_SP_OFFSET(%r3)
	ld	%r1, FRINGE_GEN_CALLER_SP_OFFSET(%r3)	/* the switch */
	addi	%r10, %r10, \state - FRINGE_GEN_RUNNING
	lwsync
	stw	%r10, FRINGE_GEN_STATE_OFFSET(%r3)
	ld	%r8, SAVE_HANDOVER(%r1)	/* the resumer's slot */
	cmpdi	%r8, 0
	beq	3f
	std	%r4, 0(%r8)
3:	li	%r3, \result
	RESUME_TARGET \fp
.endm

.macro GEN_YIELD fp
	GEN_LEAVE FRINGE_GEN_RUNNABLE, FRINGE_GEN_YIELDED, \fp
.endm

.macro GEN_RETURN fp
	li	%r5, 0
	GEN_LEAVE FRINGE_GEN_FINISHED, FRINGE_GEN_RETURNED, \fp
.endm

FRINGE_GEN_ROUTINES

/*
 * The root frame of every context.  Reached by the first switch, with
 * r1 = R, r2 = the TOC, r3 = the switching context's S (for a generator,
 * a code) and r4 = the value.  CFA = *(R + 48):
 * DW_CFA_def_cfa_expression, 3 bytes: DW_OP_breg1 (r1) 48, DW_OP_deref;
 * the resumer's registers sit around it as its switch left them.
 */
LOCAL_FUNC(__morestack)
	.cfi_escape 0x0f, 3, 0x71, TOP_ROOT - LINK_BELOW_TOP, 0x06
	LR_CR_SAVED
	.cfi_offset 2, SAVE_R2 - SAVE_SIZE
	EACH_NV CFI_ROOT
	/* Never executed: keeps .Lroot_entry - 1 and - 4 inside this
	 * function, for unwinders that look up a return address minus one
	 * or minus an instruction. */
	nop
.Lroot_entry:
	mr	%r0, %r3
	mr	%r3, %r4			/* value */
	mr	%r4, %r0			/* from_sp */
	ld	%r5, ROOT_USERDATA(%r1)		/* userdata */
	ld	%r12, ROOT_FN(%r1)		/* fn, in r12 for its global */
	mtctr	%r12				/* entry point */
	std	%r2, ROOT_TOC(%r1)		/* fn may be in another */
	bctrl					/* module, with its own TOC */
	ld	%r2, ROOT_TOC(%r1)
	bl	fringe__entry_returned		/* fn must not return */
	nop
	trap
END(__morestack)
FRINGE_ROOT_BOUNDS(__morestack)

FRINGE_ASM_FOOTER

/*
 * Context switch for 64-bit PowerPC, ELFv2 ABI (little-endian Linux), ELF,
 * GNU assembler.
 *
 * A suspended context is a stack pointer S pointing at this save area.  It
 * is an ordinary ELFv2 stack frame of FRAME_SIZE (528) bytes pushed by the
 * switch; C = S + 528 is the stack pointer the switch was called with (its
 * CFA), i.e. the frame of the code that called the switch:
 *
 *     C + 16   return address   \  in the caller's frame header, where
 *     C +  8   CR (one word)    /  the ABI lets a callee keep them
 *     C +  0   (caller's back chain)
 *     ---------------------------------------------------------------- C
 *     S + 384  f14 .. f31       (f31 at C - 8: the ABI's usual places)
 *     S + 240  r14 .. r31       (r31 at C - 152)
 *     S +  48  v20 .. v31       (16 bytes each, 16-byte aligned)
 *     S +  40  VSCR (one word), 4 bytes unused
 *     S +  32  FPSCR (the doubleword image mffs gives)
 *     S +  24  r2, the TOC pointer (this frame's TOC save doubleword)
 *     S +  16  unused  (LR save doubleword, for a callee)
 *     S +   8  unused  (CR save word, for a callee)
 *     S +   0  back chain = C  <- a valid frame: back-chain walkers go on
 *                                 into the caller, whose pc is at C + 16
 *
 * What is saved is exactly what the ELFv2 ABI (OpenPOWER "64-Bit ELF V2
 * ABI Specification", sections "Register Roles" and "Limited-Access
 * Bits") makes nonvolatile: r1, r2 (see below), r14-r31, f14-f31, v20-v31,
 * the CR2-CR4 fields, the return address, and the limited-access control
 * bits: FPSCR VE, OE, UE, ZE, XE, RN, DRN and VSCR NJ.  Not switched:
 *   - r13, the thread pointer ("reserved"): it belongs to the thread.
 *   - VRSAVE: ELFv2 marks it "reserved for system use; should not be read
 *     or written by application software" (only ELFv1 made it
 *     nonvolatile), so the switch does not touch it.
 *   - DSCR (prefetch tuning, "limited access" but not in the list of
 *     limited-access bits) and TAR: per-thread state, like r13.
 *   - all FPSCR/VSCR status bits (exception flags, FPRF, SAT): they stay
 *     those of the running thread, as on x86_64.
 * FPSCR NI shares a 4-bit field with XE and RN (mtfsf writes whole fields)
 * and is a mode bit like them, so it travels with them.  The control bits
 * are compared first and written only when the two contexts differ.  (If
 * the target has an exception enabled whose sticky flag the running thread
 * has set, the write raises it, as fesetenv(3) would.)
 *
 * r2: after our global entry code r2 is always this library's TOC, so
 * every context gets the library's TOC back: that is what a caller in this
 * library relies on, and a caller in another module reloads its own TOC
 * from its TOC save doubleword (C + 24), which the switch never touches.
 * The root entry needs it to call fringe__entry_returned.
 *
 * Control goes to the target with mtctr + bctr, not blr: a blr to another
 * stack's return address mispredicts in the link stack.  LR is loaded too,
 * so that at the bctr the return address is where it is at any function
 * entry (and the CFI stays simple).
 *
 * The top of a context made by fringe__ctx_make (T = top, 16-aligned):
 *
 *     T -  32 .. T         terminal frame header Z, four zero doublewords
 *                          (back chain 0, return address 0): walks end here
 *     T -  64 .. T -  32   root record L, a frame header: L + 0 is the
 *                          LINK WORD (-> Z at first), L + 16 = .Llinked,
 *                          a label in fringe_context_switch_link
 *     T - 112 .. T -  64   root frame R (r1 in __morestack, 48 bytes):
 *                            R + 40  userdata
 *                            R + 32  fn
 *                            R + 24  TOC save doubleword
 *                            R + 16  .Lroot_entry: the return address of
 *                                    S0 (then fn keeps its own LR there)
 *                            R +  8  CR word 0 (CR of S0)
 *                            R +  0  back chain -> L
 *     T - 640 .. T - 112   initial save area S0 (its C is R): back chain
 *                          R, r2 = TOC, FPSCR and VSCR of the creating
 *                          thread, all other registers 0
 *
 * Call-stack splicing: fringe_context_switch_link stores its CFA C (the
 * caller's frame, holding the return address at C + 16) in the link word.
 *   - back chain (perf and other frame walkers, glibc before it used
 *     libgcc): R -> L (pc .Llinked, "fringe_context_switch_link") -> C
 *     (pc = the return into the resumer) -> the resumer's frames.
 *   - DWARF (libgcc, hence glibc's backtrace(3); gdb): the root frame's
 *     CFA is the link word's value, CFA = *(r1 + 48), and the resumer's
 *     registers are described at their places around C (LR at CFA + 16,
 *     CR at CFA + 8, the rest in the save area below), so the unwinder
 *     continues in the resumer's caller.
 * Before any linking switch the link word points at Z: the CFA is Z, the
 * return address 0, and both kinds of walk stop.  The root function is
 * named __morestack (a local symbol) because gdb accepts a frame whose
 * caller's stack lies below it only under that name.
 *
 * SPDX-License-Identifier: MIT
 */

#include "../fringe-asm.h"

	.abiversion 2

/* The save area (offsets from S: FRAME_SIZE, TOC_SAVE, FPSCR_SAVE,
 * VSCR_SAVE, VR_SAVE(n), GPR_SAVE(n), FPR_SAVE(n)) and the caller's frame
 * header (offsets from C = S + FRAME_SIZE: CALLER_CR, CALLER_LR). */
#include "save-area.h"

/* The top of a context (offsets below T) */
#define TOP_TERMINAL	32			/* Z */
#define TOP_LINK	64			/* L, the link word */
#define TOP_ROOT	112			/* R */
#define TOP_INITIAL	(TOP_ROOT + FRAME_SIZE)	/* S0 */
/* In the root frame (offsets from R) */
#define ROOT_LINK	(TOP_ROOT - TOP_LINK)	/* 48: L */
#define ROOT_FN		32
#define ROOT_USERDATA	40
#define ROOT_TOC	24

/* Register numbers for .irp: r14-r31 and f14-f31, v20-v31 */
#define NV_14_31	14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, \
			27, 28, 29, 30, 31
#define NV_20_31	20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31

/* DWARF register numbers */
#define DW_FPR(n)	(32 + (n))
#define DW_VR(n)	(77 + (n))
#define DW_LR		65
#define DW_CR2		70
#define DW_CR3		71
#define DW_CR4		72

/* FPSCR control fields: VE OE UE ZE XE NI RN are fields 6-7 of the low
 * word, DRN is in field 7 of the high word (mtfsf ..., W = 1). */
#define FPSCR_LOW_CTRL	0xff
/* VSCR NJ is bit 16 (andis. immediate 1). */

/*
 * ELFv2 global entry point: derive the TOC pointer from r12 (the address
 * the caller branched to); callers in this module enter 8 bytes later.
 */
.macro GLOBAL_ENTRY name
0:	addis	%r2, %r12, .TOC.-0b@ha
	addi	%r2, %r2, .TOC.-0b@l
	.localentry \name, .-\name
.endm

/*
 * Save the callee-saved state of the running context: push the save area.
 * Afterwards r1 = S, the CFA is r1 + FRAME_SIZE, our FPSCR image is in f0
 * and our VSCR in r9.  Clobbers r0, r11, r12, f0, v0.
 */
.macro SAVE_CONTEXT
	mflr	%r0
	mfcr	%r12
	std	%r0, CALLER_LR(%r1)	/* return address */
	.cfi_offset DW_LR, CALLER_LR
	stw	%r12, CALLER_CR(%r1)	/* CR; only CR2-CR4 will be reloaded */
	.cfi_offset DW_CR2, CALLER_CR
	.cfi_offset DW_CR3, CALLER_CR
	.cfi_offset DW_CR4, CALLER_CR
	stdu	%r1, -FRAME_SIZE(%r1)	/* also stores the back chain */
	.cfi_def_cfa_offset FRAME_SIZE
	std	%r2, TOC_SAVE(%r1)
	.cfi_rel_offset 2, TOC_SAVE
	.irp n, NV_14_31
	std	%r\n, GPR_SAVE(\n)(%r1)
	.cfi_rel_offset \n, GPR_SAVE(\n)
	.endr
	.irp n, NV_14_31
	stfd	%f\n, FPR_SAVE(\n)(%r1)
	.cfi_rel_offset DW_FPR(\n), FPR_SAVE(\n)
	.endr
	.irp n, NV_20_31
	li	%r11, VR_SAVE(\n)	/* stvx has no displacement form */
	stvx	%v\n, %r1, %r11
	.cfi_rel_offset DW_VR(\n), VR_SAVE(\n)
	.endr
	mffs	%f0
	stfd	%f0, FPSCR_SAVE(%r1)
	mfvscr	%v0			/* VSCR in the low word of v0 ... */
	xxswapd	%vs32, %vs32		/* ... to the word mfvsrwz reads */
	mfvsrwz	%r9, %vs32
	stw	%r9, VSCR_SAVE(%r1)
.endm

/*
 * r3 = target S, r4 = value, f0 / r9 = our FPSCR / VSCR.  Switch to the
 * target and resume it with r3 = our S (the "sp" of its transfer) and
 * r4 = value.  The CFI needs no change at the stack switch: both sides have
 * the same save area layout, so CFA = r1 + FRAME_SIZE stays true and from
 * there on describes the target's frame.
 */
.macro SWITCH_TO_TARGET
	mfvsrd	%r7, %vs0		/* our FPSCR image, as an integer */
	mr	%r6, %r3
	mr	%r3, %r1		/* transfer.sp = our S */
	mr	%r1, %r6		/* the switch */
	/* which control bits differ between the two contexts? */
	ld	%r8, FPSCR_SAVE(%r1)
	lwz	%r10, VSCR_SAVE(%r1)
	xor	%r7, %r7, %r8
	andi.	%r0, %r7, FPSCR_LOW_CTRL	/* VE OE UE ZE XE NI RN */
	bne-	9f
	rldicl.	%r0, %r7, 32, 61	/* DRN: ISA bits 29-31 = 2^32..2^34 */
	bne-	9f
1:	xor	%r11, %r9, %r10
	andis.	%r0, %r11, 1		/* VSCR NJ */
	bne-	8f
2:	.cfi_remember_state
	ld	%r2, TOC_SAVE(%r1)
	.cfi_restore 2
	.irp n, NV_14_31
	ld	%r\n, GPR_SAVE(\n)(%r1)
	.cfi_restore \n
	.endr
	.irp n, NV_14_31
	lfd	%f\n, FPR_SAVE(\n)(%r1)
	.cfi_restore DW_FPR(\n)
	.endr
	.irp n, NV_20_31
	li	%r11, VR_SAVE(\n)
	lvx	%v\n, %r1, %r11
	.cfi_restore DW_VR(\n)
	.endr
	ld	%r0, FRAME_SIZE+CALLER_LR(%r1)	/* target's return address */
	lwz	%r12, FRAME_SIZE+CALLER_CR(%r1)
	mtlr	%r0
	.cfi_restore DW_LR
	mtctr	%r0
	mtocrf	0x20, %r12		/* one field each: mtocrf is fast, */
	.cfi_restore DW_CR2
	mtocrf	0x10, %r12		/* a multi-field mtcrf is not */
	.cfi_restore DW_CR3
	mtocrf	0x08, %r12
	.cfi_restore DW_CR4
	addi	%r1, %r1, FRAME_SIZE	/* pop the save area */
	.cfi_def_cfa_offset 0
	bctr				/* not blr: see the top of the file */

	/* slow paths, with the CFI of the point that branched here */
	.cfi_restore_state
9:	lfd	%f0, FPSCR_SAVE(%r1)	/* the target's image; write only */
	mtfsf	0x03, %f0		/* its VE..RN (low fields 6-7) */
	mtfsf	0x01, %f0, 0, 1		/* and DRN (high field 7) */
	b	1b
8:	xor	%r9, %r9, %r0		/* our VSCR with the target's NJ */
	mtvsrwz	%vs32, %r9
	xxswapd	%vs32, %vs32		/* to the word mtvscr reads */
	mtvscr	%v0
	b	2b
.endm

/*
 * fringe_transfer fringe_context_switch(void *sp, void *value)
 * (the transfer is returned in r3:r4)
 */
FUNC(fringe_context_switch)
	GLOBAL_ENTRY fringe_context_switch
	SAVE_CONTEXT
	cmpdi	%r3, 0
	beq-	.Lnull_switch
	SWITCH_TO_TARGET
.Lnull_switch:
	bl	fringe__null_switch	/* r1 = S is 16-aligned; no return */
	nop
	trap
END(fringe_context_switch)
ALIAS(fringe_context_switch, fringe__ctx_switch)

/*
 * fringe_transfer fringe_context_switch_link(void *sp, void *value,
 *                                            fringe_stack *stack)
 */
FUNC(fringe_context_switch_link)
	GLOBAL_ENTRY fringe_context_switch_link
	SAVE_CONTEXT
	cmpdi	%r3, 0
	beq-	.Lnull_link
	cmpdi	%r5, 0
	beq-	.Lnull_link
	ld	%r5, FRINGE_STACK_LINK_OFFSET(%r5)
	cmpdi	%r5, 0			/* no context was made on the stack */
	beq-	.Lnull_link
	addi	%r6, %r1, FRAME_SIZE	/* our CFA C: our caller's frame */
	std	%r6, 0(%r5)		/* into the link word */
.Llinked:				/* "pc" of the root record */
	SWITCH_TO_TARGET
.Lnull_link:
	bl	fringe__null_switch
	nop
	trap
END(fringe_context_switch_link)
ALIAS(fringe_context_switch_link, fringe__ctx_switch_link)

/*
 * void *fringe__ctx_make(void *top, fringe_context_fn fn, void *userdata,
 *                        void **link, void *base)    (base is not needed)
 */
HIDDEN_FUNC(fringe__ctx_make)
	GLOBAL_ENTRY fringe__ctx_make
	li	%r0, 0
	std	%r0, -TOP_TERMINAL(%r3)		/* terminal frame Z */
	std	%r0, -TOP_TERMINAL+8(%r3)
	std	%r0, -TOP_TERMINAL+16(%r3)	/* its return address: 0 */
	std	%r0, -TOP_TERMINAL+24(%r3)
	addi	%r8, %r3, -TOP_TERMINAL
	std	%r8, -TOP_LINK(%r3)		/* root record: link -> Z */
	std	%r0, -TOP_LINK+8(%r3)
	addis	%r9, %r2, .Llinked@toc@ha
	addi	%r9, %r9, .Llinked@toc@l
	std	%r9, -TOP_LINK+16(%r3)		/* its pc */
	std	%r0, -TOP_LINK+24(%r3)
	std	%r5, -TOP_ROOT+ROOT_USERDATA(%r3)
	std	%r4, -TOP_ROOT+ROOT_FN(%r3)
	std	%r2, -TOP_ROOT+ROOT_TOC(%r3)
	addis	%r9, %r2, .Lroot_entry@toc@ha
	addi	%r9, %r9, .Lroot_entry@toc@l
	std	%r9, -TOP_ROOT+CALLER_LR(%r3)	/* return address of S0 */
	std	%r0, -TOP_ROOT+CALLER_CR(%r3)	/* CR of S0 (and reserved) */
	addi	%r8, %r3, -TOP_LINK
	std	%r8, -TOP_ROOT(%r3)		/* R's back chain -> L */
	addi	%r8, %r3, -TOP_ROOT
	std	%r8, -TOP_INITIAL(%r3)		/* S0's back chain -> R */
	std	%r0, -TOP_INITIAL+8(%r3)
	std	%r0, -TOP_INITIAL+16(%r3)
	std	%r2, -TOP_INITIAL+TOC_SAVE(%r3)
	mffs	%f0				/* the creator's control bits */
	stfd	%f0, -TOP_INITIAL+FPSCR_SAVE(%r3)
	mfvscr	%v0
	xxswapd	%vs32, %vs32
	mfvsrwz	%r9, %vs32
	stw	%r9, -TOP_INITIAL+VSCR_SAVE(%r3)
	stw	%r0, -TOP_INITIAL+VSCR_SAVE+4(%r3)
	/* zero v20-v31, r14-r31, f14-f31: S0 + 48 .. S0 + FRAME_SIZE */
	addi	%r8, %r3, -TOP_INITIAL+VR_SAVE(20)
	li	%r9, (FRAME_SIZE - VR_SAVE(20)) / 32
	mtctr	%r9
1:	std	%r0, 0(%r8)
	std	%r0, 8(%r8)
	std	%r0, 16(%r8)
	std	%r0, 24(%r8)
	addi	%r8, %r8, 32
	bdnz	1b
	addi	%r8, %r3, -TOP_LINK
	std	%r8, 0(%r6)			/* *link = the link word */
	addi	%r3, %r3, -TOP_INITIAL		/* the context's S */
	blr
END(fringe__ctx_make)

/*
 * The root frame of every context.  Reached by the first switch, with
 * r1 = R = T - 112, r2 = the TOC, r3 = the switching context's S and
 * r4 = the value.
 *
 * CFA = *(r1 + 48), the value of the link word:
 *   DW_CFA_def_cfa_expression, 3 bytes:
 *   DW_OP_breg1 (r1) 48, DW_OP_deref
 * and the resumer's registers sit around it as the switch left them.
 */
LOCAL_FUNC(__morestack)
	.cfi_escape 0x0f, 3, 0x71, ROOT_LINK, 0x06
	.cfi_offset DW_LR, CALLER_LR
	.cfi_offset DW_CR2, CALLER_CR
	.cfi_offset DW_CR3, CALLER_CR
	.cfi_offset DW_CR4, CALLER_CR
	.cfi_offset 2, TOC_SAVE - FRAME_SIZE
	.irp n, NV_14_31
	.cfi_offset \n, GPR_SAVE(\n) - FRAME_SIZE
	.cfi_offset DW_FPR(\n), FPR_SAVE(\n) - FRAME_SIZE
	.endr
	.irp n, NV_20_31
	.cfi_offset DW_VR(\n), VR_SAVE(\n) - FRAME_SIZE
	.endr
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

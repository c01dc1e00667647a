/*
 * Context switch for 64-bit MIPS, n64 ABI, hard float, ELF, GNU
 * assembler.
 *
 * A suspended context is a stack pointer S (16-aligned) pointing at this
 * save area; CFA = S + 160 is the caller's sp at the call:
 *
 *     S + 152  ra (where the context continues)
 *     S + 144  fp (s8)
 *     S + 136  gp
 *     S +  72  s0 .. s7        (s<n> at S + 72 + 8 * n)
 *     S +   8  $f24 .. $f31    ($f<24+k> at S + 8 + 8 * k)
 *     S +   0  FCSR (zero-extended)
 *
 * What is saved.  The n64 ABI ("MIPSpro N32 ABI Handbook" and the MIPS
 * 64-bit ELF supplement, register usage) preserves s0-s7, s8/fp, gp, sp
 * and $f24-$f31 across calls; ra is the return address.
 *
 * FCSR.  The control fields (rounding mode RM, the enables, FS, FO, FN
 * and the NaN/abs encodings) are the context's: each side gets back the
 * ones it switched away with.  The condition codes and the accrued flags
 * are the running thread's and stay as they are; the cause bits are
 * cleared whenever the FCSR is written, because writing a cause bit whose
 * enable is set raises the exception at once.  The FCSR is written only
 * when the control fields differ.
 *
 * fringe_transfer (two pointers) is returned in v0 and v1.  Control goes
 * to the target's return address through t9 with `jr t9`: `jr ra` is a
 * return to the CPU's return-address predictor, which would predict our
 * own caller and mispredict on every switch.  t9 also holds the address
 * of the root entry the first time a context runs, which its .cpsetup
 * needs.
 *
 * The top of a context made by fringe__ctx_make (T = top, 16-aligned):
 *
 *     T -   8  0                terminal return address: unwinding ends
 *                               here (CFA = T, ra at CFA - 8)
 *     T -  16  link word        the resumer's CFA (S + 160), or T
 *     T -  24  userdata
 *     T -  32  fn               <- sp in the root frame (__morestack)
 *     T - 192 .. T - 32         initial save area: ra = root entry, other
 *                               registers 0, FCSR of the creating thread
 *
 * Call-stack splicing: the root frame's CFI computes its CFA from the link
 * word (CFA = *(sp + 16)) and describes the resumer's ra, fp, gp, s0-s7
 * and $f24-$f31 at the same CFA offsets as its save area, so DWARF
 * unwinders (libgcc, libunwind, gdb) restore them and continue in the
 * resumer's caller.  MIPS code keeps no chain of frame pointers, so there
 * is no frame record to splice.  The root function is named __morestack
 * (a local symbol) because gdb accepts a frame whose caller's stack lies
 * below it only under that name.
 *
 * The code is written with `.set noreorder`: every branch's delay slot is
 * filled by hand.
 *
 * SPDX-License-Identifier: MIT
 */

#include "../fringe-asm.h"

#if !defined(__mips64) || __mips_isa_rev >= 6 || !defined(_ABI64) ||       \
	_MIPS_SIM != _ABI64
#error "this backend is for 64-bit MIPS (MIPS64 release 1-5) with the n64 ABI"
#endif
#if !defined(__mips_hard_float)
#error "this backend needs hard float"
#endif

/* Save area: size and slots, as in the table above. */
#include "save-area.h"
/* Where a slot is relative to the CFA (S + FRAME), for .cfi_offset. */
#define CFA_REL(slot) ((slot) - FRAME)
/* DWARF register number of $f<n>. */
#define DW_F(n) (32 + (n))

/* Top-of-stack slots made by fringe__ctx_make, relative to T. */
#define T_TERMINAL (-8) /* terminal return address: 0 */
#define T_LINK (-16)
#define T_USERDATA (-24)
#define T_FN (-32)      /* sp in the root frame */
#define T_SAVE (T_FN - FRAME) /* initial save area, S = T - 192 */

/* FCSR fields that belong to the running thread: the condition codes
 * (31-25, 23), the cause bits (17-12) and the flags (6-2).  All others
 * are the context's. */
#define FCSR_CONTROL 0x017c0f83
#define FCSR_KEEP 0xfe80007c	/* of the thread's: all but the causes */

	.set	noreorder
	.set	nomips16
	.set	nomicromips

/*
 * Save the callee-saved state of the running context on its own stack.
 * Afterwards sp = S, the CFA is sp + FRAME and t0 holds our FCSR.
 */
.macro SAVE_CONTEXT
	daddiu	$sp, $sp, -FRAME
	.cfi_adjust_cfa_offset FRAME
	sd	$ra, RA_SLOT($sp)
	.cfi_offset $ra, CFA_REL(RA_SLOT)
	sd	$fp, FP_SLOT($sp)
	.cfi_offset $fp, CFA_REL(FP_SLOT)
	sd	$gp, GP_SLOT($sp)
	.cfi_offset $gp, CFA_REL(GP_SLOT)
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7
	sd	$s\n, S_SLOT(\n)($sp)
	.cfi_offset $s\n, CFA_REL(S_SLOT(\n))
	.endr
	.irp n, 24, 25, 26, 27, 28, 29, 30, 31
	sdc1	$f\n, F_SLOT(\n)($sp)
	.cfi_offset DW_F(\n), CFA_REL(F_SLOT(\n))
	.endr
	cfc1	$t0, $31
	sd	$t0, FCSR_SLOT($sp)
.endm

/*
 * a0 = target S, a1 = value, t0 = our FCSR, sp = our S.  Switch to the
 * target and return to it with {our S, value} in v0 and v1.  The CFI
 * needs no change at the stack switch: both sides have the same save area
 * layout, so CFA = sp + FRAME stays true and from there on describes the
 * target's frame.
 */
.macro SWITCH_TO_TARGET
	ld	$t1, FCSR_SLOT($a0)	/* the target's FCSR */
	li	$t3, FCSR_CONTROL
	xor	$t2, $t1, $t0
	and	$t2, $t2, $t3		/* control fields that differ */
	bnez	$t2, 9f			/* rare: take the target's */
	move	$v0, $sp		/* (delay slot) transfer.sp = our S */
1:	move	$sp, $a0		/* now on the target's stack */
	.cfi_remember_state
	.irp n, 24, 25, 26, 27, 28, 29, 30, 31
	ldc1	$f\n, F_SLOT(\n)($sp)
	.cfi_restore DW_F(\n)
	.endr
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7
	ld	$s\n, S_SLOT(\n)($sp)
	.cfi_restore $s\n
	.endr
	ld	$gp, GP_SLOT($sp)
	.cfi_restore $gp
	ld	$fp, FP_SLOT($sp)
	.cfi_restore $fp
	ld	$t9, RA_SLOT($sp)	/* where the target continues */
	.cfi_register $ra, $t9
	move	$v1, $a1		/* transfer.value */
	jr	$t9			/* not a return to the predictor */
	daddiu	$sp, $sp, FRAME		/* (delay slot) */
	.cfi_adjust_cfa_offset -FRAME

	/* slow path, with the CFI of the point that branched here */
	.cfi_restore_state
9:	li	$t3, FCSR_KEEP
	and	$t0, $t0, $t3		/* our condition codes and flags */
	li	$t3, FCSR_CONTROL
	and	$t1, $t1, $t3		/* the target's control fields */
	or	$t0, $t0, $t1
	ctc1	$t0, $31
	b	1b
	nop
.endm

/*
 * The end of both switches when given a NULL stack pointer or stack, with
 * sp = S: fringe__null_switch does not return.  The caller's gp is not
 * necessarily this module's, so it is made here, from the address of
 * the .cpsetup sequence that `bal` leaves in ra (already saved).
 */
.macro NULL_SWITCH
	bal	1f
	nop
1:	.cpsetup $ra, $t8, 1b
	dla	$t9, fringe__null_switch
	jalr	$t9			/* sp = S: 16-aligned */
	nop
	teq	$zero, $zero		/* never reached */
.endm

/*
 * fringe_transfer fringe_context_switch(void *sp, void *value)
 *   a0 = sp, a1 = value
 */
FUNC(fringe_context_switch)
	SAVE_CONTEXT
	beqz	$a0, .Lnull_switch
	nop
	SWITCH_TO_TARGET
.Lnull_switch:
	NULL_SWITCH
END(fringe_context_switch)
ALIAS(fringe_context_switch, fringe__ctx_switch)

/*
 * fringe_transfer fringe_context_switch_link(void *sp, void *value,
 *                                            fringe_stack *stack)
 *   a0 = sp, a1 = value, a2 = stack
 */
FUNC(fringe_context_switch_link)
	SAVE_CONTEXT
	beqz	$a0, .Lnull_link
	nop
	beqz	$a2, .Lnull_link
	nop
	ld	$a2, FRINGE_STACK_LINK_OFFSET($a2) /* the link word's address */
	beqz	$a2, .Lnull_link	/* no context was made on the stack */
	daddiu	$t1, $sp, FRAME		/* (delay slot) our CFA */
	sd	$t1, 0($a2)		/* link word = our CFA */
	SWITCH_TO_TARGET
.Lnull_link:
	NULL_SWITCH
END(fringe_context_switch_link)
ALIAS(fringe_context_switch_link, fringe__ctx_switch_link)

/*
 * void *fringe__ctx_make(void *top, fringe_context_fn fn, void *userdata,
 *                        void **link, void *base)    (base is not needed)
 *   a0 = T, a1 = fn, a2 = userdata, a3 = link
 */
HIDDEN_FUNC(fringe__ctx_make)
	.cpsetup $t9, $t8, fringe__ctx_make	/* gp for the root entry's */
	sd	$zero, T_TERMINAL($a0)	/* terminal return address */
	sd	$a0, T_LINK($a0)	/* link word -> terminal: CFA = T */
	sd	$a2, T_USERDATA($a0)
	sd	$a1, T_FN($a0)
	/* initial save area */
	dla	$t0, .Lroot_entry
	sd	$t0, T_SAVE + RA_SLOT($a0)
	sd	$zero, T_SAVE + FP_SLOT($a0)
	sd	$zero, T_SAVE + GP_SLOT($a0)
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7
	sd	$zero, T_SAVE + S_SLOT(\n)($a0)
	.endr
	.irp n, 24, 25, 26, 27, 28, 29, 30, 31
	sd	$zero, T_SAVE + F_SLOT(\n)($a0)
	.endr
	cfc1	$t0, $31		/* the creating thread's FCSR */
	sd	$t0, T_SAVE + FCSR_SLOT($a0)
	daddiu	$t0, $a0, T_LINK
	sd	$t0, 0($a3)		/* *link */
	daddiu	$v0, $a0, T_SAVE	/* the context's S */
	.cpreturn			/* the caller's gp */
	jr	$ra
	nop
END(fringe__ctx_make)

/*
 * The root frame of every context.  Reached by the first switch, with
 * sp = T - 32, t9 = .Lroot_entry, v0 = the switching context's S and
 * v1 = the value.
 *
 * CFA = *(sp + 16), i.e. the contents of the link word:
 *   DW_CFA_def_cfa_expression, 3 bytes:
 *   DW_OP_breg29 (sp) 16, DW_OP_deref
 * and the resumer's registers sit below it as in its save area.
 */
LOCAL_FUNC(__morestack)
	.cfi_escape 0x0f, 3, 0x8d, T_LINK - T_FN, 0x06
	.cfi_offset $ra, CFA_REL(RA_SLOT)
	.cfi_offset $fp, CFA_REL(FP_SLOT)
	.cfi_offset $gp, CFA_REL(GP_SLOT)
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7
	.cfi_offset $s\n, CFA_REL(S_SLOT(\n))
	.endr
	.irp n, 24, 25, 26, 27, 28, 29, 30, 31
	.cfi_offset DW_F(\n), CFA_REL(F_SLOT(\n))
	.endr
	/* Never executed: keeps .Lroot_entry - 1 and .Lroot_entry - 4
	 * inside this function, for unwinders that look up a return
	 * address minus one or minus an instruction. */
	nop
.Lroot_entry:
	.cpsetup $t9, $t8, .Lroot_entry	/* gp, for fringe__entry_returned */
	move	$a0, $v1		/* value */
	move	$a1, $v0		/* from_sp */
	ld	$a2, T_USERDATA - T_FN($sp)
	ld	$t9, 0($sp)		/* fn */
	jalr	$t9			/* fn(value, from_sp, userdata) */
	nop
	/* fn must not return.  gp is callee-saved: still this module's. */
	dla	$t9, fringe__entry_returned
	jalr	$t9
	nop
	teq	$zero, $zero		/* never reached */
END(__morestack)
FRINGE_ROOT_BOUNDS(__morestack)

FRINGE_ASM_FOOTER

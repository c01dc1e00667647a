/*
 * Context switch for 32-bit MIPS, o32 ABI, hard float, ELF, GNU
 * assembler.  Works with every o32 floating-point mode (FR=0, FPXX,
 * FP64): only the even registers $f20-$f30 are saved, as doubles.
 *
 * A suspended context is a stack pointer S (8-aligned) pointing at this
 * save area; CFA = S + 104 is the caller's sp at the call:
 *
 *     S + 100  ra (where the context continues)
 *     S +  96  fp (s8)
 *     S +  64  s0 .. s7        (s<n> at S + 64 + 4 * n)
 *     S +  60  gp
 *     S +  56  this side's fringe_transfer result address
 *     S +   8  $f20, $f22, .. $f30 as doubles ($f<20+2k> at S + 8 + 8 * k)
 *     S +   4  unused (keeps the doubles 8-aligned)
 *     S +   0  FCSR
 *
 * What is saved.  The o32 ABI ("System V ABI, MIPS RISC Processor
 * Supplement", register usage; the FPXX/FP64 addendum for the FP modes)
 * preserves s0-s7, s8/fp, sp and the even FP registers $f20-$f30 across
 * calls; ra is the return address.  gp is not preserved in PIC code:
 * callers restore it from their own .cprestore slot.  The switch saves it
 * anyway, which costs two instructions and gives every context the gp it
 * left with, whatever model its code was compiled for.
 *
 * FCSR.  The control fields (rounding mode RM, the enables, FS, FO, FN
 * and the NaN/abs encodings) are the context's: each side gets back the
 * ones it switched away with.  The condition codes and the accrued flags
 * are the running thread's and stay as they are; the cause bits are
 * cleared whenever the FCSR is written, because writing a cause bit whose
 * enable is set raises the exception at once.  The FCSR is written only
 * when the control fields differ.
 *
 * fringe_transfer (two pointers) is returned in memory: the caller passes
 * the result address in a0, the real arguments move to a1-a3, and the
 * address comes back in v0.  Each side keeps its result address in its
 * save area; the switch stores the target's {our S, value} there after
 * restoring the target's registers.  Control goes to the target's return
 * address through t9 with `jr t9`: `jr ra` is a return to the CPU's
 * return-address predictor, which would predict our own caller and
 * mispredict on every switch.  t9 also holds the address of the root
 * entry the first time a context runs, which its .cpload needs.
 *
 * The top of a context made by fringe__ctx_make (T = top, 16-aligned):
 *
 *     T -   4  0                terminal return address: unwinding ends
 *                               here (CFA = T, ra at CFA - 4)
 *     T -   8  link word        the resumer's CFA (S + 104), or T
 *     T -  12  userdata
 *     T -  16  fn
 *     T -  24  transfer sink    the initial save area's result address:
 *                               the first switch writes {from_sp, value}
 *     T -  48  outgoing argument area of the root frame's calls
 *                               <- sp in the root frame (__morestack)
 *     T - 152 .. T - 48         initial save area: ra = root entry, result
 *                               address = T - 24, other registers 0, FCSR
 *                               of the creating thread
 *
 * Call-stack splicing: the root frame's CFI computes its CFA from the link
 * word (CFA = *(sp + 40)) and describes the resumer's ra, fp, gp, s0-s7
 * and $f20-$f30 at the same CFA offsets as its save area, so DWARF
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

#if !defined(__mips__) || __mips_isa_rev >= 6 || !defined(_ABIO32) ||       \
	_MIPS_SIM != _ABIO32
#error "this backend is for 32-bit MIPS (MIPS32 release 1-5) with the o32 ABI"
#endif
#if !defined(__mips_hard_float)
#error "this backend needs hard float"
#endif

/* Save area: size and slots, as in the table above. */
#include "save-area.h"
/* Where a slot is relative to the CFA (S + FRAME), for .cfi_offset. */
#define CFA_REL(slot) ((slot) - FRAME)
/* The even FP register of a double in memory, in DWARF's 32-bit view:
 * the low word, which is at the higher address on big-endian CPUs. */
#ifdef __MIPSEB__
#define F_LOW(k) (F_SLOT(k) + 4)
#else
#define F_LOW(k) F_SLOT(k)
#endif

/* DWARF register number of $f<n>. */
#define DW_F(n) (32 + (n))

/* Top-of-stack slots made by fringe__ctx_make, relative to T. */
#define T_TERMINAL (-4) /* terminal return address: 0 */
#define T_LINK (-8)
#define T_USERDATA (-12)
#define T_FN (-16)
#define T_SINK (-24)     /* 8 bytes */
#define T_ROOT_SP (-48)  /* 16-byte argument area, 8 bytes unused */
#define T_SAVE (T_ROOT_SP - FRAME) /* initial save area, S = T - 152 */

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
	addiu	$sp, $sp, -FRAME
	.cfi_adjust_cfa_offset FRAME
	sw	$ra, RA_SLOT($sp)
	.cfi_offset $ra, CFA_REL(RA_SLOT)
	sw	$fp, FP_SLOT($sp)
	.cfi_offset $fp, CFA_REL(FP_SLOT)
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7
	sw	$s\n, S_SLOT(\n)($sp)
	.cfi_offset $s\n, CFA_REL(S_SLOT(\n))
	.endr
	sw	$gp, GP_SLOT($sp)
	.cfi_offset $gp, CFA_REL(GP_SLOT)
	sw	$a0, RES_SLOT($sp)
	sdc1	$f20, F_SLOT(0)($sp)
	.cfi_offset DW_F(20), CFA_REL(F_LOW(0))
	sdc1	$f22, F_SLOT(1)($sp)
	.cfi_offset DW_F(22), CFA_REL(F_LOW(1))
	sdc1	$f24, F_SLOT(2)($sp)
	.cfi_offset DW_F(24), CFA_REL(F_LOW(2))
	sdc1	$f26, F_SLOT(3)($sp)
	.cfi_offset DW_F(26), CFA_REL(F_LOW(3))
	sdc1	$f28, F_SLOT(4)($sp)
	.cfi_offset DW_F(28), CFA_REL(F_LOW(4))
	sdc1	$f30, F_SLOT(5)($sp)
	.cfi_offset DW_F(30), CFA_REL(F_LOW(5))
	cfc1	$t0, $31
	sw	$t0, FCSR_SLOT($sp)
.endm

/*
 * a1 = target S, a2 = value, t0 = our FCSR, sp = our S.  Switch to the
 * target and return to it with {our S, value} stored through its result
 * address (also returned in v0).  The CFI needs no change at the stack
 * switch: both sides have the same save area layout, so CFA = sp + FRAME
 * stays true and from there on describes the target's frame.
 */
.macro SWITCH_TO_TARGET
	lw	$t1, FCSR_SLOT($a1)	/* the target's FCSR */
	li	$t3, FCSR_CONTROL
	xor	$t2, $t1, $t0
	and	$t2, $t2, $t3		/* control fields that differ */
	bnez	$t2, 9f			/* rare: take the target's */
	move	$t2, $sp		/* (delay slot) our S */
1:	move	$sp, $a1		/* now on the target's stack */
	move	$a1, $t2		/* transfer.sp = our S */
	.cfi_remember_state
	ldc1	$f20, F_SLOT(0)($sp)
	.cfi_restore DW_F(20)
	ldc1	$f22, F_SLOT(1)($sp)
	.cfi_restore DW_F(22)
	ldc1	$f24, F_SLOT(2)($sp)
	.cfi_restore DW_F(24)
	ldc1	$f26, F_SLOT(3)($sp)
	.cfi_restore DW_F(26)
	ldc1	$f28, F_SLOT(4)($sp)
	.cfi_restore DW_F(28)
	ldc1	$f30, F_SLOT(5)($sp)
	.cfi_restore DW_F(30)
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7
	lw	$s\n, S_SLOT(\n)($sp)
	.cfi_restore $s\n
	.endr
	lw	$gp, GP_SLOT($sp)
	.cfi_restore $gp
	lw	$fp, FP_SLOT($sp)
	.cfi_restore $fp
	lw	$v0, RES_SLOT($sp)	/* the target's result address */
	lw	$t9, RA_SLOT($sp)	/* where the target continues */
	.cfi_register $ra, $t9
	addiu	$sp, $sp, FRAME
	.cfi_adjust_cfa_offset -FRAME
	sw	$a1, 0($v0)		/* its fringe_transfer {sp, value} */
	jr	$t9			/* not a return to the predictor */
	sw	$a2, 4($v0)		/* (delay slot) */

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
 * the .cpload sequence that `bal` leaves in ra (already saved).
 */
.macro NULL_SWITCH
	addiu	$sp, $sp, -16		/* the callee's argument area */
	.cfi_adjust_cfa_offset 16
	bal	1f
	nop
1:	.cpload	$ra
	la	$t9, fringe__null_switch
	jalr	$t9
	nop
	teq	$zero, $zero		/* never reached */
.endm

/*
 * fringe_transfer fringe_context_switch(void *sp, void *value)
 *   a0 = result address, a1 = sp, a2 = value
 */
FUNC(fringe_context_switch)
	SAVE_CONTEXT
	beqz	$a1, .Lnull_switch
	nop
	SWITCH_TO_TARGET
.Lnull_switch:
	NULL_SWITCH
END(fringe_context_switch)
ALIAS(fringe_context_switch, fringe__ctx_switch)

/*
 * fringe_transfer fringe_context_switch_link(void *sp, void *value,
 *                                            fringe_stack *stack)
 *   a0 = result address, a1 = sp, a2 = value, a3 = stack
 */
FUNC(fringe_context_switch_link)
	SAVE_CONTEXT
	beqz	$a1, .Lnull_link
	nop
	beqz	$a3, .Lnull_link
	nop
	lw	$a3, FRINGE_STACK_LINK_OFFSET($a3) /* the link word's address */
	beqz	$a3, .Lnull_link	/* no context was made on the stack */
	addiu	$t1, $sp, FRAME		/* (delay slot) our CFA */
	sw	$t1, 0($a3)		/* link word = our CFA */
	SWITCH_TO_TARGET
.Lnull_link:
	NULL_SWITCH
END(fringe_context_switch_link)
ALIAS(fringe_context_switch_link, fringe__ctx_switch_link)

/*
 * void *fringe__ctx_make(void *top, fringe_context_fn fn, void *userdata,
 *                        void **link, void *base)    (base is not needed)
 *   a0 = T, a1 = fn, a2 = userdata, a3 = link; base is on the stack
 */
HIDDEN_FUNC(fringe__ctx_make)
	.cpload	$t9			/* for the addresses of the root entry */
	sw	$zero, T_TERMINAL($a0)	/* terminal return address */
	sw	$a0, T_LINK($a0)	/* link word -> terminal: CFA = T */
	sw	$a2, T_USERDATA($a0)
	sw	$a1, T_FN($a0)
	sw	$zero, T_SINK($a0)
	sw	$zero, T_SINK + 4($a0)
	/* initial save area */
	la	$t0, .Lroot_entry
	sw	$t0, T_SAVE + RA_SLOT($a0)
	addiu	$t0, $a0, T_SINK
	sw	$t0, T_SAVE + RES_SLOT($a0)
	sw	$zero, T_SAVE + FP_SLOT($a0)
	sw	$zero, T_SAVE + GP_SLOT($a0)
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7
	sw	$zero, T_SAVE + S_SLOT(\n)($a0)
	.endr
	.irp k, 0, 1, 2, 3, 4, 5
	sw	$zero, T_SAVE + F_SLOT(\k)($a0)
	sw	$zero, T_SAVE + F_SLOT(\k) + 4($a0)
	.endr
	cfc1	$t0, $31		/* the creating thread's FCSR */
	sw	$t0, T_SAVE + FCSR_SLOT($a0)
	addiu	$t0, $a0, T_LINK
	sw	$t0, 0($a3)		/* *link */
	jr	$ra
	addiu	$v0, $a0, T_SAVE	/* (delay slot) the context's S */
END(fringe__ctx_make)

/*
 * The root frame of every context.  Reached by the first switch, with
 * sp = T - 48, t9 = .Lroot_entry, a1 = the switching context's S and
 * a2 = the value.
 *
 * CFA = *(sp + 40), i.e. the contents of the link word:
 *   DW_CFA_def_cfa_expression, 3 bytes:
 *   DW_OP_breg29 (sp) 40, DW_OP_deref
 * and the resumer's registers sit below it as in its save area.
 */
LOCAL_FUNC(__morestack)
	.cfi_escape 0x0f, 3, 0x8d, T_LINK - T_ROOT_SP, 0x06
	.cfi_offset $ra, CFA_REL(RA_SLOT)
	.cfi_offset $fp, CFA_REL(FP_SLOT)
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7
	.cfi_offset $s\n, CFA_REL(S_SLOT(\n))
	.endr
	.cfi_offset $gp, CFA_REL(GP_SLOT)
	.cfi_offset DW_F(20), CFA_REL(F_LOW(0))
	.cfi_offset DW_F(22), CFA_REL(F_LOW(1))
	.cfi_offset DW_F(24), CFA_REL(F_LOW(2))
	.cfi_offset DW_F(26), CFA_REL(F_LOW(3))
	.cfi_offset DW_F(28), CFA_REL(F_LOW(4))
	.cfi_offset DW_F(30), CFA_REL(F_LOW(5))
	/* Never executed: keeps .Lroot_entry - 1 and .Lroot_entry - 4
	 * inside this function, for unwinders that look up a return
	 * address minus one or minus an instruction. */
	nop
.Lroot_entry:
	.cpload	$t9			/* gp, for fringe__entry_returned */
	move	$a0, $a2		/* value; a1 = from_sp already */
	lw	$a2, T_USERDATA - T_ROOT_SP($sp)
	lw	$t9, T_FN - T_ROOT_SP($sp)
	jalr	$t9			/* fn(value, from_sp, userdata) */
	nop
	la	$t9, fringe__entry_returned	/* fn must not return; gp */
	jalr	$t9			/*   is restored: the .cpload made */
	nop				/*   it from t9 only */
	teq	$zero, $zero		/* never reached */
END(__morestack)
FRINGE_ROOT_BOUNDS(__morestack)

FRINGE_ASM_FOOTER

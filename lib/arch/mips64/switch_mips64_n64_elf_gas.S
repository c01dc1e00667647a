/*
 * Context and generator switch for 64-bit MIPS, n64 ABI, hard float, ELF,
 * GNU assembler.  The protocol every backend follows is in
 * lib/arch/README.
 *
 * A suspended context is a stack pointer S (16-aligned) pointing at this
 * save area (save-area.h); CFA = S + 176 is the caller's sp at the call:
 *
 *     S + 168  ra (where the context continues)
 *     S + 160  fp (s8)
 *     S + 152  gp
 *     S +  88  s0 .. s7        (s<n> at S + 88 + 8 * n)
 *     S +  24  $f24 .. $f31    ($f<n> at S + 8 * (n - 21))
 *     S +  16  unused
 *     S +   8  hand-over slot
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
 * when the control fields differ.  The _shared generator switches neither
 * read nor write it.
 *
 * fringe_transfer (two pointers) is returned in v0 and v1.  Control goes
 * to the target's return address through t9 with `jr t9`: `jr ra` is a
 * return to the CPU's return-address predictor, which would predict our
 * own caller and mispredict on every switch.  t9 also holds the address
 * of the root entry the first time a context runs, which its .cpsetup
 * needs.  A generator's state is published with `sync` before the store.
 *
 * The top of a context made by fringe__ctx_make (T = top, 16-aligned):
 *
 *     T -   8  0                terminal return address (CFA = T)
 *     T -  16  link word        the resumer's CFA (S + 176), or T
 *     T -  24  userdata
 *     T -  32  fn               <- sp in the root frame (__morestack)
 *     T - 208 .. T - 32         initial save area: ra = root entry, FCSR
 *                               of the creating thread, other registers
 *                               and hand-over slot 0
 *
 * MIPS code keeps no chain of frame pointers: the root frame's CFI alone
 * splices the call stacks.  The code is written with `.set noreorder`:
 * every branch's delay slot is filled by hand.
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

/* The slots of the save area: SAVE_SIZE, SAVE_RA, ..., SAVE_FPCTL. */
#include "save-area.h"

/* Top-of-stack slots made by fringe__ctx_make, relative to T.  A
 * generator's context is made right below its control block g, so its
 * link word is at g - LINK_BELOW_TOP. */
#define LINK_BELOW_TOP 16
#define T_TERMINAL (-8)
#define T_USERDATA (-24)
#define T_FN (-32)      /* sp in the root frame */
#define T_SAVE (T_FN - SAVE_SIZE)

/* FCSR fields that belong to the running thread: the condition codes
 * (31-25, 23), the cause bits (17-12) and the flags (6-2).  All others
 * are the context's. */
#define FCSR_CONTROL 0x017c0f83
#define FCSR_KEEP 0xfe80007c	/* of the thread's: all but the causes */

	.set	noreorder
	.set	nomips16
	.set	nomicromips

/*
 * The callee-saved registers besides ra, listed once: \op is given each
 * one's load/store suffix, name, DWARF number and slot.
 */
.macro CALLEE_SAVED op
	\op	d, $fp, 30, SAVE_FP
	\op	d, $gp, 28, SAVE_GP
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7
	\op	d, $s\n, 16 + \n, SAVE_S0 + 8 * \n
	.endr
	.irp n, 24, 25, 26, 27, 28, 29, 30, 31
	\op	dc1, $f\n, 32 + \n, SAVE_F24 + 8 * (\n - 24)
	.endr
.endm
.macro STORE_REG sz, reg, dw, slot
	s\sz	\reg, \slot($sp)
	.cfi_offset \dw, \slot - SAVE_SIZE
.endm
.macro LOAD_REG sz, reg, dw, slot
	l\sz	\reg, \slot($sp)
	.cfi_restore \dw
.endm
.macro CFI_REG sz, reg, dw, slot
	.cfi_offset \dw, \slot - SAVE_SIZE
.endm
.macro ZERO_REG sz, reg, dw, slot	/* a0 = T */
	sd	$zero, T_SAVE + \slot($a0)
.endm

/*
 * Save the callee-saved state of the running context on its own stack.
 * Afterwards sp = S, the CFA is sp + SAVE_SIZE and, with \fp, t0 holds
 * our FCSR.
 */
.macro SAVE_CONTEXT fp=1
	daddiu	$sp, $sp, -SAVE_SIZE
	.cfi_adjust_cfa_offset SAVE_SIZE
	sd	$ra, SAVE_RA($sp)
	.cfi_offset $ra, SAVE_RA - SAVE_SIZE
	CALLEE_SAVED STORE_REG
.if \fp
	cfc1	$t0, $31
	sd	$t0, SAVE_FPCTL($sp)
.endif
.endm

/*
 * With sp = the target's S and, with \fp, our FCSR in t0: restore the
 * target's registers (and FCSR control fields) and continue it, with
 * v1 = a1.  Both sides' save areas look the same, so CFA = sp + SAVE_SIZE
 * holds across the stack switch and from there on describes the target's
 * frame.  Clobbers t0-t3 and t9.
 */
.macro RESUME_TARGET fp=1
.if \fp
	ld	$t1, SAVE_FPCTL($sp)	/* the target's FCSR */
	li	$t3, FCSR_CONTROL
	xor	$t2, $t1, $t0
	and	$t2, $t2, $t3		/* control fields that differ */
	bnez	$t2, 9f			/* rare: take the target's */
.endif
	ld	$t9, SAVE_RA($sp)	/* (delay slot) where it continues */
8:	.cfi_remember_state
	CALLEE_SAVED LOAD_REG
	.cfi_register $ra, $t9
	move	$v1, $a1		/* transfer.value, or a new context's */
	jr	$t9			/* not a return to the predictor */
	daddiu	$sp, $sp, SAVE_SIZE	/* (delay slot) */
.if \fp
	/* slow path, with the CFI of the point that branched here */
	.cfi_restore_state
9:	li	$t3, FCSR_KEEP
	and	$t0, $t0, $t3		/* our condition codes and flags */
	li	$t3, FCSR_CONTROL
	and	$t1, $t1, $t3		/* the target's control fields */
	or	$t0, $t0, $t1
	b	8b
	ctc1	$t0, $31		/* (delay slot) */
.endif
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
	move	$v0, $sp		/* (delay slot) transfer.sp = our S */
	move	$sp, $a0		/* the switch */
	RESUME_TARGET
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
	move	$v0, $sp		/* (delay slot) transfer.sp = our S */
	beqz	$a2, .Lnull_link
	nop
	ld	$a2, FRINGE_STACK_LINK_OFFSET($a2) /* the link word's address */
	beqz	$a2, .Lnull_link	/* no context was made on the stack */
	daddiu	$t1, $sp, SAVE_SIZE	/* (delay slot) our CFA */
	sd	$t1, 0($a2)		/* link word = our CFA */
	move	$sp, $a0		/* the switch */
	RESUME_TARGET
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
	sd	$a0, -LINK_BELOW_TOP($a0)	/* link word -> terminal: CFA = T */
	sd	$a2, T_USERDATA($a0)
	sd	$a1, T_FN($a0)
	dla	$t0, .Lroot_entry	/* the initial save area */
	sd	$t0, T_SAVE + SAVE_RA($a0)
	CALLEE_SAVED ZERO_REG
	sd	$zero, T_SAVE + SAVE_HANDOVER($a0)
	cfc1	$t0, $31		/* the creating thread's FCSR */
	sd	$t0, T_SAVE + SAVE_FPCTL($a0)
	daddiu	$t0, $a0, -LINK_BELOW_TOP
	sd	$t0, 0($a3)		/* *link */
	daddiu	$v0, $a0, T_SAVE	/* the context's S */
	.cpreturn			/* the caller's gp */
	jr	$ra
	nop
END(fringe__ctx_make)

/*
 * int fringe__gen_resume(struct fringe_generator *g, void *input,
 *                        void **output, int code)
 *   a0 = g, a1 = input, a2 = output, a3 = code
 *
 * The generator continues with v0 = code, `input` stored through its
 * hand-over slot unless that is NULL or code is not 0, or, when new,
 * enters its root frame with v1 = input (and v0 = 0 as from_sp).
 */
.macro GEN_RESUME fp
	SAVE_CONTEXT \fp
	sd	$a2, SAVE_HANDOVER($sp)	/* where our result goes */
	daddiu	$t1, $sp, SAVE_SIZE	/* our CFA goes into */
	sd	$t1, -LINK_BELOW_TOP($a0)	/*   the generator's link word */
	sd	$sp, FRINGE_GEN_CALLER_SP_OFFSET($a0)
	ld	$sp, FRINGE_GEN_SP_OFFSET($a0)	/* the switch */
	ld	$t1, SAVE_HANDOVER($sp)	/* the generator's slot */
	bnez	$a3, 1f			/* a cancelled yield's input is */
	move	$v0, $a3		/*   left alone; v0 = its result */
	beqz	$t1, 1f
	nop
	sd	$a1, 0($t1)
1:	RESUME_TARGET \fp
.endm

/*
 * The end of a generator's yield or return, its context saved at S = sp
 * (or abandoned): switch to the resumer, publish \state, store a1 through
 * the resumer's hand-over slot and return \result to its resume call.
 * Once the state is published another thread may run the generator: from
 * then on only the resumer's stack is read.
 */
.macro LEAVE_GENERATOR state, result, fp
	sd	$sp, FRINGE_GEN_SP_OFFSET($a0)
	ld	$sp, FRINGE_GEN_CALLER_SP_OFFSET($a0)	/* the switch */
	lw	$t1, FRINGE_GEN_STATE_OFFSET($a0)
	addiu	$t1, $t1, \state - FRINGE_GEN_RUNNING	/* owner unchanged */
	sync				/* release */
	sw	$t1, FRINGE_GEN_STATE_OFFSET($a0)
	ld	$t1, SAVE_HANDOVER($sp)	/* the resumer's slot */
	beqz	$t1, 1f
	li	$v0, \result		/* (delay slot) */
	sd	$a1, 0($t1)
1:	RESUME_TARGET \fp
.endm

/*
 * int fringe__gen_yield(struct fringe_generator *g, void *output,
 *                       void **input)
 *   a0 = g, a1 = output, a2 = input
 */
.macro GEN_YIELD fp
	SAVE_CONTEXT \fp
	sd	$a2, SAVE_HANDOVER($sp)	/* where our next input goes */
	LEAVE_GENERATOR FRINGE_GEN_RUNNABLE, FRINGE_GEN_YIELDED, \fp
.endm

/*
 * void fringe__gen_return(struct fringe_generator *g, void *result)
 *   a0 = g, a1 = result; the context is saved only to keep one path.
 */
.macro GEN_RETURN fp
	SAVE_CONTEXT \fp
	sd	$zero, SAVE_HANDOVER($sp)
	LEAVE_GENERATOR FRINGE_GEN_FINISHED, FRINGE_GEN_RETURNED, \fp
.endm

HIDDEN_FUNC(fringe__gen_resume)
	GEN_RESUME 1
END(fringe__gen_resume)
HIDDEN_FUNC(fringe__gen_yield)
	GEN_YIELD 1
END(fringe__gen_yield)
HIDDEN_FUNC(fringe__gen_return)
	GEN_RETURN 1
END(fringe__gen_return)
HIDDEN_FUNC(fringe__gen_resume_shared)
	GEN_RESUME 0
END(fringe__gen_resume_shared)
HIDDEN_FUNC(fringe__gen_yield_shared)
	GEN_YIELD 0
END(fringe__gen_yield_shared)
HIDDEN_FUNC(fringe__gen_return_shared)
	GEN_RETURN 0
END(fringe__gen_return_shared)

/*
 * The root frame of every context.  Reached by the first switch, with
 * sp = T - 32, t9 = .Lroot_entry, v0 = from_sp and v1 = the value.
 *
 * CFA = *(sp + 16), the contents of the link word:
 *   DW_CFA_def_cfa_expression, 3 bytes:
 *   DW_OP_breg29 (sp) 16, DW_OP_deref
 * and the resumer's registers sit below it as in its save area.
 */
LOCAL_FUNC(__morestack)
	.cfi_escape 0x0f, 3, 0x8d, -LINK_BELOW_TOP - T_FN, 0x06
	.cfi_offset $ra, SAVE_RA - SAVE_SIZE
	CALLEE_SAVED CFI_REG
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

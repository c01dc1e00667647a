/*
 * Context and generator switch for 32-bit MIPS, o32 ABI, hard float, ELF,
 * GNU assembler.  Works with every o32 floating-point mode (FR=0, FPXX,
 * FP64): only the even registers $f20-$f30 are saved, as doubles.  The
 * protocol every backend follows is in lib/arch/README.
 *
 * A suspended context is a stack pointer S (8-aligned) pointing at this
 * save area (save-area.h); CFA = S + 104 is the caller's sp at the call:
 *
 *     S + 100  ra (where the context continues)
 *     S +  96  fp (s8)
 *     S +  64  s0 .. s7        (s<n> at S + 64 + 4 * n)
 *     S +  60  gp
 *     S +  56  a0: this side's fringe_transfer result address
 *     S +   8  $f20, $f22 .. $f30 as doubles ($f<n> at S + 4 * (n - 18))
 *     S +   4  hand-over slot
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
 * when the control fields differ.  The _shared generator switches neither
 * read nor write it.
 *
 * fringe_transfer (two pointers) is returned in memory: the caller passes
 * the result address in a0, the real arguments move to a1-a3, and the
 * address comes back in v0.  The switch stores the target's {our S,
 * value} there after restoring the target's registers.  Control goes to
 * the target's return address through t9 with `jr t9`: `jr ra` is a
 * return to the CPU's return-address predictor, which would predict our
 * own caller and mispredict on every switch.  t9 also holds the address
 * of the root entry the first time a context runs, which its .cpload
 * needs.  A generator's state is published with `sync` before the store.
 *
 * The top of a context made by fringe__ctx_make (T = top, 16-aligned):
 *
 *     T -   4  0                terminal return address (CFA = T)
 *     T -   8  link word        the resumer's CFA (S + 104), or T
 *     T -  12  userdata
 *     T -  16  fn
 *     T -  24  transfer sink    the initial save area's result address:
 *                               the first switch writes {from_sp, value}
 *     T -  48  outgoing argument area of the root frame's calls
 *                               <- sp in the root frame (__morestack)
 *     T - 152 .. T - 48         initial save area: ra = root entry, a0 =
 *                               T - 24, FCSR of the creating thread,
 *                               other registers and hand-over slot 0
 *
 * MIPS code keeps no chain of frame pointers: the root frame's CFI alone
 * splices the call stacks.  The code is written with `.set noreorder`:
 * every branch's delay slot is filled by hand.
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

/* The slots of the save area: SAVE_SIZE, SAVE_RA, ..., SAVE_FPCTL. */
#include "save-area.h"
/* Where in a double DWARF's 32-bit view of an even FP register is: the
 * low word, at the higher address on big-endian CPUs. */
#ifdef __MIPSEB__
#define F_LOW 4
#else
#define F_LOW 0
#endif

/* Top-of-stack slots made by fringe__ctx_make, relative to T.  A
 * generator's context is made right below its control block g, so its
 * link word is at g - LINK_BELOW_TOP. */
#define LINK_BELOW_TOP 8
#define T_TERMINAL (-4)
#define T_USERDATA (-12)
#define T_FN (-16)
#define T_SINK (-24)     /* 8 bytes */
#define T_ROOT_SP (-48)  /* 16-byte argument area, 8 bytes unused */
#define T_SAVE (T_ROOT_SP - SAVE_SIZE)

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
 * one's load/store suffix, name, DWARF number, slot and, for the FP
 * registers, F_LOW.
 */
.macro CALLEE_SAVED op
	\op	w, $fp, 30, SAVE_FP
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7
	\op	w, $s\n, 16 + \n, SAVE_S0 + 4 * \n
	.endr
	\op	w, $gp, 28, SAVE_GP
	.irp n, 20, 22, 24, 26, 28, 30
	\op	dc1, $f\n, 32 + \n, SAVE_F20 + 4 * (\n - 20), F_LOW
	.endr
.endm
.macro STORE_REG sz, reg, dw, slot, low=0
	s\sz	\reg, \slot($sp)
	.cfi_offset \dw, \slot + \low - SAVE_SIZE
.endm
.macro LOAD_REG sz, reg, dw, slot, low=0
	l\sz	\reg, \slot($sp)
	.cfi_restore \dw
.endm
.macro CFI_REG sz, reg, dw, slot, low=0
	.cfi_offset \dw, \slot + \low - SAVE_SIZE
.endm
.macro ZERO_REG sz, reg, dw, slot, low=0	/* a0 = T */
	sw	$zero, T_SAVE + \slot($a0)
.ifc \sz, dc1
	sw	$zero, T_SAVE + \slot + 4($a0)
.endif
.endm

/*
 * Save the callee-saved state of the running context on its own stack.
 * Afterwards sp = S, the CFA is sp + SAVE_SIZE and, with \fp, t0 holds
 * our FCSR.
 */
.macro SAVE_CONTEXT fp=1
	addiu	$sp, $sp, -SAVE_SIZE
	.cfi_adjust_cfa_offset SAVE_SIZE
	sw	$ra, SAVE_RA($sp)
	.cfi_offset $ra, SAVE_RA - SAVE_SIZE
	CALLEE_SAVED STORE_REG
.if \fp
	cfc1	$t0, $31
	sw	$t0, SAVE_FPCTL($sp)
.endif
.endm

/*
 * With sp = the target's S and, with \fp, our FCSR in t0: restore the
 * target's registers (and FCSR control fields) and continue it.  With
 * \transfer (the context API), {a3, a2} goes through its result address,
 * which is returned in v0.  Both sides' save areas look the same, so
 * CFA = sp + SAVE_SIZE holds across the stack switch and from there on
 * describes the target's frame.  Clobbers t0-t3 and t9.
 */
.macro RESUME_TARGET fp=1, transfer=0
.if \fp
	lw	$t1, SAVE_FPCTL($sp)	/* the target's FCSR */
	li	$t3, FCSR_CONTROL
	xor	$t2, $t1, $t0
	and	$t2, $t2, $t3		/* control fields that differ */
	bnez	$t2, 9f			/* rare: take the target's */
.endif
	lw	$t9, SAVE_RA($sp)	/* (delay slot) where it continues */
8:	.cfi_remember_state
	CALLEE_SAVED LOAD_REG
	.cfi_register $ra, $t9
.if \transfer
	lw	$v0, SAVE_A0($sp)	/* the target's result address */
	addiu	$sp, $sp, SAVE_SIZE
	.cfi_adjust_cfa_offset -SAVE_SIZE
	sw	$a3, 0($v0)		/* its fringe_transfer {sp, value} */
	jr	$t9			/* not a return to the predictor */
	sw	$a2, 4($v0)		/* (delay slot) */
.else
	jr	$t9
	addiu	$sp, $sp, SAVE_SIZE	/* (delay slot) */
.endif
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
	sw	$a0, SAVE_A0($sp)	/* (delay slot) */
	move	$a3, $sp		/* transfer.sp = our S */
	move	$sp, $a1		/* the switch */
	RESUME_TARGET 1, 1
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
	sw	$a0, SAVE_A0($sp)	/* (delay slot) */
	beqz	$a3, .Lnull_link
	nop
	lw	$a3, FRINGE_STACK_LINK_OFFSET($a3) /* the link word's address */
	beqz	$a3, .Lnull_link	/* no context was made on the stack */
	addiu	$t1, $sp, SAVE_SIZE	/* (delay slot) our CFA */
	sw	$t1, 0($a3)		/* link word = our CFA */
	move	$a3, $sp		/* transfer.sp = our S */
	move	$sp, $a1		/* the switch */
	RESUME_TARGET 1, 1
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
	.cpload	$t9			/* for the address of the root entry */
	sw	$zero, T_TERMINAL($a0)	/* terminal return address */
	sw	$a0, -LINK_BELOW_TOP($a0)	/* link word -> terminal: CFA = T */
	sw	$a2, T_USERDATA($a0)
	sw	$a1, T_FN($a0)
	sw	$zero, T_SINK($a0)
	sw	$zero, T_SINK + 4($a0)
	la	$t0, .Lroot_entry	/* the initial save area */
	sw	$t0, T_SAVE + SAVE_RA($a0)
	CALLEE_SAVED ZERO_REG
	addiu	$t0, $a0, T_SINK
	sw	$t0, T_SAVE + SAVE_A0($a0)
	sw	$zero, T_SAVE + SAVE_HANDOVER($a0)
	cfc1	$t0, $31		/* the creating thread's FCSR */
	sw	$t0, T_SAVE + SAVE_FPCTL($a0)
	addiu	$t0, $a0, -LINK_BELOW_TOP
	sw	$t0, 0($a3)		/* *link */
	jr	$ra
	addiu	$v0, $a0, T_SAVE	/* (delay slot) the context's S */
END(fringe__ctx_make)

/*
 * int fringe__gen_resume(struct fringe_generator *g, void *input,
 *                        void **output, int code)
 *   a0 = g, a1 = input, a2 = output, a3 = code
 *
 * The generator continues with v0 = code, `input` stored through its
 * hand-over slot unless that is NULL or code is not 0, or, when new,
 * enters its root frame with a2 = input.
 */
.macro GEN_RESUME fp
	SAVE_CONTEXT \fp
	sw	$a2, SAVE_HANDOVER($sp)	/* where our result goes */
	addiu	$t1, $sp, SAVE_SIZE	/* our CFA goes into */
	sw	$t1, -LINK_BELOW_TOP($a0)	/*   the generator's link word */
	sw	$sp, FRINGE_GEN_CALLER_SP_OFFSET($a0)
	lw	$sp, FRINGE_GEN_SP_OFFSET($a0)	/* the switch */
	lw	$t1, SAVE_HANDOVER($sp)	/* the generator's slot */
	bnez	$a3, 1f			/* a cancelled yield's input is */
	move	$v0, $a3		/*   left alone; v0 = its result */
	beqz	$t1, 1f
	move	$a2, $a1		/* (delay slot) a new generator's value */
	sw	$a1, 0($t1)
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
	sw	$sp, FRINGE_GEN_SP_OFFSET($a0)
	lw	$sp, FRINGE_GEN_CALLER_SP_OFFSET($a0)	/* the switch */
	lw	$t1, FRINGE_GEN_STATE_OFFSET($a0)
	addiu	$t1, $t1, \state - FRINGE_GEN_RUNNING	/* owner unchanged */
	sync				/* release */
	sw	$t1, FRINGE_GEN_STATE_OFFSET($a0)
	lw	$t1, SAVE_HANDOVER($sp)	/* the resumer's slot */
	beqz	$t1, 1f
	li	$v0, \result		/* (delay slot) */
	sw	$a1, 0($t1)
1:	RESUME_TARGET \fp
.endm

/*
 * int fringe__gen_yield(struct fringe_generator *g, void *output,
 *                       void **input)
 *   a0 = g, a1 = output, a2 = input
 */
.macro GEN_YIELD fp
	SAVE_CONTEXT \fp
	sw	$a2, SAVE_HANDOVER($sp)	/* where our next input goes */
	LEAVE_GENERATOR FRINGE_GEN_RUNNABLE, FRINGE_GEN_YIELDED, \fp
.endm

/*
 * void fringe__gen_return(struct fringe_generator *g, void *result)
 *   a0 = g, a1 = result; the context is saved only to keep one path.
 */
.macro GEN_RETURN fp
	SAVE_CONTEXT \fp
	sw	$zero, SAVE_HANDOVER($sp)
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
 * sp = T - 48, t9 = .Lroot_entry, a3 = from_sp and a2 = the value.
 *
 * CFA = *(sp + 40), the contents of the link word:
 *   DW_CFA_def_cfa_expression, 3 bytes:
 *   DW_OP_breg29 (sp) 40, DW_OP_deref
 * and the resumer's registers sit below it as in its save area.
 */
LOCAL_FUNC(__morestack)
	.cfi_escape 0x0f, 3, 0x8d, -LINK_BELOW_TOP - T_ROOT_SP, 0x06
	.cfi_offset $ra, SAVE_RA - SAVE_SIZE
	CALLEE_SAVED CFI_REG
	/* Never executed: keeps .Lroot_entry - 1 and .Lroot_entry - 4
	 * inside this function, for unwinders that look up a return
	 * address minus one or minus an instruction. */
	nop
.Lroot_entry:
	.cpload	$t9			/* gp, for fringe__entry_returned */
	move	$a0, $a2		/* value */
	move	$a1, $a3		/* from_sp */
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

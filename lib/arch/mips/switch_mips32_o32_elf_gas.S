/*
 * Context and generator switch for 32-bit MIPS, o32 ABI, hard float, ELF,
 * GNU assembler.  The protocol every backend follows is in lib/arch/README.
 *
 * The o32 ABI ("System V ABI, MIPS RISC Processor Supplement"; the
 * FPXX/FP64 addendum) preserves s0-s7, fp (s8), sp and the even FP
 * registers $f20-$f30 across calls.  They are saved as doubles, which works in every FP mode (FR=0,
 * FPXX, FP64).  gp is not preserved in PIC code, but is saved anyway: each
 * context gets back the gp it left with, whatever model its code uses.
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
 * The top of a context made by fringe__ctx_make (T = top, 16-aligned):
 *
 *     T -   4  0                terminal return address (CFA = T)
 *     T -   8  link word        the resumer's CFA, or T
 *     T -  12  userdata
 *     T -  16  fn
 *     T -  24  transfer sink    the initial a0: the first context switch
 *                               stores {from_sp, value} there
 *     T -  48  the root frame's argument area <- its sp (__morestack)
 *     T - 152  initial save area: ra = root entry, a0 = T - 24, the
 *                               creating thread's FCSR, all else 0
 *
 * FCSR: the control fields (RM, the enables, FS, FO, FN, the NaN/abs
 * encodings) are the context's, the condition codes and flags the
 * thread's.  It is written only when the control fields differ, and
 * then with the cause bits clear (one whose enable is set would trap).
 * The _shared generator switches leave it alone.
 *
 * fringe_transfer is returned in memory: a0 is the result address, the
 * arguments come in a1-a3.  Control goes to the target through t9 with
 * `jr t9`, not `jr ra`, which the CPU would predict as a return to our own
 * caller.  There is no chain of frame pointers to splice.  A state is
 * published with `sync` before the store.  Delay slots are filled by hand
 * (`.set noreorder`).
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

#include "save-area.h"
/* DWARF's 32-bit view of an even FP register is the low word of the
 * double: at the higher address on big-endian CPUs. */
#ifdef __MIPSEB__
#define F_LOW 4
#else
#define F_LOW 0
#endif

/* Offsets from T (above); generator g's link word is at g - 8. */
#define LINK_BELOW_TOP 8
#define T_TERMINAL (-4)
#define T_USERDATA (-12)
#define T_FN (-16)
#define T_SINK (-24)
#define T_ROOT_SP (-48)
#define T_SAVE (T_ROOT_SP - SAVE_SIZE)

/* The FCSR's fields that are the context's, and the thread's without the
 * cause bits. */
#define FCSR_CONTROL 0x017c0f83
#define FCSR_KEEP 0xfe80007c

	.set	noreorder
	.set	nomips16
	.set	nomicromips

/* The callee-saved registers besides ra: \op sz, reg, dwarf, slot[, low]
 * for each (sz: the load/store suffix). */
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
.macro CFI_REG sz, reg, dw, slot, low=0
	.cfi_offset \dw, \slot + \low - SAVE_SIZE
.endm
.macro STORE_REG sz, reg, dw, slot, low=0
	s\sz	\reg, \slot($sp)
	CFI_REG \sz, \reg, \dw, \slot, \low
.endm
.macro LOAD_REG sz, reg, dw, slot, low=0
	l\sz	\reg, \slot($sp)
	.cfi_restore \dw
.endm
.macro ZERO_REG sz, reg, dw, slot, low=0	/* a0 = T */
	sw	$zero, T_SAVE + \slot($a0)
.ifc \sz, dc1
	sw	$zero, T_SAVE + \slot + 4($a0)
.endif
.endm

/* Save the running context on its stack: then sp = S, CFA = sp +
 * SAVE_SIZE and, with \fp, t0 = our FCSR. */
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
 * With sp = the target's S (the save areas look alike, so CFA = sp +
 * SAVE_SIZE holds across the switch) and, with \fp, t0 = our FCSR:
 * restore the target and continue it.  With \transfer (the context API)
 * {a3, a2} goes through its result address, returned in v0.
 */
.macro RESUME_TARGET fp=1, transfer=0
.if \fp
	lw	$t1, SAVE_FPCTL($sp)	/* the target's FCSR */
	li	$t3, FCSR_CONTROL
	xor	$t2, $t1, $t0
	and	$t2, $t2, $t3		/* control fields that differ */
	bnez	$t2, 9f			/* rare: take the target's */
.endif
	lw	$t9, SAVE_RA($sp)	/* where it continues */
8:	.cfi_remember_state
	CALLEE_SAVED LOAD_REG
	.cfi_register $ra, $t9
.if \transfer
	lw	$v0, SAVE_A0($sp)
	addiu	$sp, $sp, SAVE_SIZE
	.cfi_adjust_cfa_offset -SAVE_SIZE
	sw	$a3, 0($v0)		/* fringe_transfer {sp, value} */
	jr	$t9
	sw	$a2, 4($v0)
.else
	jr	$t9
	addiu	$sp, $sp, SAVE_SIZE
.endif
.if \fp
	.cfi_restore_state
9:	li	$t3, FCSR_KEEP
	and	$t0, $t0, $t3		/* our condition codes and flags */
	li	$t3, FCSR_CONTROL
	and	$t1, $t1, $t3		/* the target's control fields */
	or	$t0, $t0, $t1
	b	8b
	ctc1	$t0, $31
.endif
.endm

/* A NULL stack pointer or stack, with sp = S: fringe__null_switch does not
 * return.  Our gp is made from the address `bal` leaves in ra. */
.macro NULL_SWITCH
	addiu	$sp, $sp, -16		/* the callee's argument area */
	.cfi_adjust_cfa_offset 16
	bal	1f
	nop
1:	.cpload	$ra
	la	$t9, fringe__null_switch
	jalr	$t9
	nop
	teq	$zero, $zero
.endm

/* fringe_transfer fringe_context_switch(void *sp, void *value)
 *   a0 = result address, a1 = sp, a2 = value */
FUNC(fringe_context_switch)
	SAVE_CONTEXT
	beqz	$a1, .Lnull_switch
	sw	$a0, SAVE_A0($sp)
	move	$a3, $sp		/* transfer.sp = our S */
	move	$sp, $a1		/* the switch */
	RESUME_TARGET 1, 1
.Lnull_switch:
	NULL_SWITCH
END(fringe_context_switch)
ALIAS(fringe_context_switch, fringe__ctx_switch)

/* fringe_transfer fringe_context_switch_link(void *sp, void *value,
 *                                            fringe_stack *stack)
 *   a0 = result address, a1 = sp, a2 = value, a3 = stack */
FUNC(fringe_context_switch_link)
	SAVE_CONTEXT
	beqz	$a1, .Lnull_link
	sw	$a0, SAVE_A0($sp)
	beqz	$a3, .Lnull_link
	nop
	lw	$a3, FRINGE_STACK_LINK_OFFSET($a3) /* the link word's address */
	beqz	$a3, .Lnull_link	/* no context was made on the stack */
	addiu	$t1, $sp, SAVE_SIZE
	sw	$t1, 0($a3)		/* link word = our CFA */
	move	$a3, $sp		/* transfer.sp = our S */
	move	$sp, $a1		/* the switch */
	RESUME_TARGET 1, 1
.Lnull_link:
	NULL_SWITCH
END(fringe_context_switch_link)
ALIAS(fringe_context_switch_link, fringe__ctx_switch_link)

/* void *fringe__ctx_make(void *top, fringe_context_fn fn, void *userdata,
 *                        void **link, void *base)
 *   a0 = T, a1 = fn, a2 = userdata, a3 = link */
HIDDEN_FUNC(fringe__ctx_make)
	.cpload	$t9			/* for the root entry's address */
	sw	$zero, T_TERMINAL($a0)
	sw	$a0, -LINK_BELOW_TOP($a0)	/* link word -> T */
	sw	$a2, T_USERDATA($a0)
	sw	$a1, T_FN($a0)
	sw	$zero, T_SINK($a0)
	sw	$zero, T_SINK + 4($a0)
	la	$t0, .Lroot_entry
	sw	$t0, T_SAVE + SAVE_RA($a0)
	CALLEE_SAVED ZERO_REG
	addiu	$t0, $a0, T_SINK
	sw	$t0, T_SAVE + SAVE_A0($a0)
	sw	$zero, T_SAVE + SAVE_HANDOVER($a0)
	cfc1	$t0, $31
	sw	$t0, T_SAVE + SAVE_FPCTL($a0)
	addiu	$t0, $a0, -LINK_BELOW_TOP
	sw	$t0, 0($a3)		/* *link */
	jr	$ra
	addiu	$v0, $a0, T_SAVE	/* the context's S */
END(fringe__ctx_make)

/* int fringe__gen_resume(struct fringe_generator *g, void *input,
 *                        void **output, int code)
 * The generator gets v0 = code, and input through its hand-over slot
 * unless code != 0; a new one gets a2 = input, a3 = from_sp = 0. */
.macro GEN_RESUME fp
	SAVE_CONTEXT \fp
	sw	$a2, SAVE_HANDOVER($sp)	/* where our result goes */
	addiu	$t1, $sp, SAVE_SIZE
	sw	$t1, -LINK_BELOW_TOP($a0)	/* link word = our CFA */
	sw	$sp, FRINGE_GEN_CALLER_SP_OFFSET($a0)
	lw	$sp, FRINGE_GEN_SP_OFFSET($a0)	/* the switch */
	lw	$t1, SAVE_HANDOVER($sp)
	bnez	$a3, 1f			/* cancelled: no input */
	move	$v0, $a3
	beqz	$t1, 1f
	move	$a2, $a1
	sw	$a1, 0($t1)
1:	RESUME_TARGET \fp
.endm

/* The end of a yield or return, the generator saved at sp: switch to the
 * resumer, publish \state, hand it a1 and return \result.  After the
 * publication only the resumer's stack is read. */
.macro LEAVE_GENERATOR state, result, fp
	sw	$sp, FRINGE_GEN_SP_OFFSET($a0)
	lw	$sp, FRINGE_GEN_CALLER_SP_OFFSET($a0)	/* the switch */
	lw	$t1, FRINGE_GEN_STATE_OFFSET($a0)
	addiu	$t1, $t1, \state - FRINGE_GEN_RUNNING
	sync				/* release */
	sw	$t1, FRINGE_GEN_STATE_OFFSET($a0)
	lw	$t1, SAVE_HANDOVER($sp)
	beqz	$t1, 1f
	li	$v0, \result
	sw	$a1, 0($t1)
1:	RESUME_TARGET \fp
.endm

/* int fringe__gen_yield(struct fringe_generator *g, void *output,
 *                       void **input) */
.macro GEN_YIELD fp
	SAVE_CONTEXT \fp
	sw	$a2, SAVE_HANDOVER($sp)	/* where our next input goes */
	LEAVE_GENERATOR FRINGE_GEN_RUNNABLE, FRINGE_GEN_YIELDED, \fp
.endm

/* void fringe__gen_return(struct fringe_generator *g, void *result) */
.macro GEN_RETURN fp
	SAVE_CONTEXT \fp
	sw	$zero, SAVE_HANDOVER($sp)
	LEAVE_GENERATOR FRINGE_GEN_FINISHED, FRINGE_GEN_RETURNED, \fp
.endm

FRINGE_GEN_ROUTINES

/*
 * The root frame, entered with sp = T - 48, a2 = the value and a3 =
 * from_sp.  CFA = *(sp + 40), the link word's contents (DW_OP_breg29 40,
 * DW_OP_deref); the resumer's registers lie below it as in its save area.
 */
LOCAL_FUNC(__morestack)
	.cfi_escape 0x0f, 3, 0x8d, -LINK_BELOW_TOP - T_ROOT_SP, 0x06
	.cfi_offset $ra, SAVE_RA - SAVE_SIZE
	CALLEE_SAVED CFI_REG
	nop	/* never run: keeps .Lroot_entry - 1 and - 4 in here */
.Lroot_entry:
	move	$a0, $a2
	move	$a1, $a3
	lw	$a2, T_USERDATA - T_ROOT_SP($sp)
	lw	$t9, T_FN - T_ROOT_SP($sp)
	jalr	$t9			/* fn(value, from_sp, userdata) */
	nop
	bal	1f			/* fn must not return.  gp is not */
	nop				/*   preserved: made from ra */
1:	.cpload	$ra
	la	$t9, fringe__entry_returned
	jalr	$t9
	nop
	teq	$zero, $zero
END(__morestack)
FRINGE_ROOT_BOUNDS(__morestack)

FRINGE_ASM_FOOTER

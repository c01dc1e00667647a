/*
 * Context and generator switch for 64-bit MIPS, n64 ABI, hard float, ELF,
 * GNU assembler.  The protocol every backend follows is in lib/arch/README.
 *
 * The n64 ABI (the MIPSpro N32 ABI Handbook and the MIPS 64-bit ELF
 * supplement) preserves s0-s7, fp (s8), gp, sp and $f24-$f31 across calls.
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
 * The top of a context made by fringe__ctx_make (T = top, 16-aligned):
 *
 *     T -   8  0                terminal return address (CFA = T)
 *     T -  16  link word        the resumer's CFA, or T
 *     T -  24  userdata
 *     T -  32  fn               <- sp in the root frame (__morestack)
 *     T - 208  initial save area: ra = root entry, the creating
 *                               thread's FCSR, all else 0
 *
 * FCSR: the control fields (RM, the enables, FS, FO, FN, the NaN/abs
 * encodings) are the context's, the condition codes and flags the
 * thread's.  It is written only when the control fields differ, and
 * then with the cause bits clear (one whose enable is set would trap).
 * The _shared generator switches leave it alone.
 *
 * fringe_transfer is returned in v0 and v1.  Control goes to the target
 * through t9 with `jr t9`, not `jr ra`, which the CPU would predict as a
 * return to our own caller; t9 is also what the root entry's .cpsetup
 * needs.  There is no chain of frame pointers to splice.  A state is
 * published with `sync` before the store.  Delay slots are filled by hand
 * (`.set noreorder`).
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

#include "save-area.h"

/* Offsets from T (above); generator g's link word is at g - 16. */
#define LINK_BELOW_TOP 16
#define T_TERMINAL (-8)
#define T_USERDATA (-24)
#define T_FN (-32)
#define T_SAVE (T_FN - SAVE_SIZE)

/* The FCSR's fields that are the context's, and the thread's without the
 * cause bits. */
#define FCSR_CONTROL 0x017c0f83
#define FCSR_KEEP 0xfe80007c

	.set	noreorder
	.set	nomips16
	.set	nomicromips

/* The callee-saved registers besides ra: \op sz, reg, dwarf, slot for each
 * (sz: the load/store suffix). */
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
.macro CFI_REG sz, reg, dw, slot
	.cfi_offset \dw, \slot - SAVE_SIZE
.endm
.macro STORE_REG sz, reg, dw, slot
	s\sz	\reg, \slot($sp)
	CFI_REG \sz, \reg, \dw, \slot
.endm
.macro LOAD_REG sz, reg, dw, slot
	l\sz	\reg, \slot($sp)
	.cfi_restore \dw
.endm
.macro ZERO_REG sz, reg, dw, slot	/* a0 = T */
	sd	$zero, T_SAVE + \slot($a0)
.endm

/* Save the running context on its stack: then sp = S, CFA = sp +
 * SAVE_SIZE and, with \fp, t0 = our FCSR. */
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
 * With sp = the target's S (the save areas look alike, so CFA = sp +
 * SAVE_SIZE holds across the switch) and, with \fp, t0 = our FCSR:
 * restore the target and continue it.  With \transfer (the context API)
 * v1 = a1, the value (v0 is set already).
 */
.macro RESUME_TARGET fp=1, transfer=0
.if \fp
	ld	$t1, SAVE_FPCTL($sp)	/* the target's FCSR */
	li	$t3, FCSR_CONTROL
	xor	$t2, $t1, $t0
	and	$t2, $t2, $t3		/* control fields that differ */
	bnez	$t2, 9f			/* rare: take the target's */
.endif
	ld	$t9, SAVE_RA($sp)	/* where it continues */
8:	.cfi_remember_state
	CALLEE_SAVED LOAD_REG
	.cfi_register $ra, $t9
.if \transfer
	move	$v1, $a1
.endif
	jr	$t9
	daddiu	$sp, $sp, SAVE_SIZE
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
	bal	1f
	nop
1:	.cpsetup $ra, $t8, 1b
	dla	$t9, fringe__null_switch
	jalr	$t9
	nop
	teq	$zero, $zero
.endm

/* fringe_transfer fringe_context_switch(void *sp, void *value)
 *   a0 = sp, a1 = value */
FUNC(fringe_context_switch)
	SAVE_CONTEXT
	beqz	$a0, .Lnull_switch
	move	$v0, $sp		/* transfer.sp = our S */
	move	$sp, $a0		/* the switch */
	RESUME_TARGET 1, 1
.Lnull_switch:
	NULL_SWITCH
END(fringe_context_switch)
ALIAS(fringe_context_switch, fringe__ctx_switch)

/* fringe_transfer fringe_context_switch_link(void *sp, void *value,
 *                                            fringe_stack *stack)
 *   a0 = sp, a1 = value, a2 = stack */
FUNC(fringe_context_switch_link)
	SAVE_CONTEXT
	beqz	$a0, .Lnull_link
	move	$v0, $sp		/* transfer.sp = our S */
	beqz	$a2, .Lnull_link
	nop
	ld	$a2, FRINGE_STACK_LINK_OFFSET($a2) /* the link word's address */
	beqz	$a2, .Lnull_link	/* no context was made on the stack */
	daddiu	$t1, $sp, SAVE_SIZE
	sd	$t1, 0($a2)		/* link word = our CFA */
	move	$sp, $a0		/* the switch */
	RESUME_TARGET 1, 1
.Lnull_link:
	NULL_SWITCH
END(fringe_context_switch_link)
ALIAS(fringe_context_switch_link, fringe__ctx_switch_link)

/* void *fringe__ctx_make(void *top, fringe_context_fn fn, void *userdata,
 *                        void **link, void *base)
 *   a0 = T, a1 = fn, a2 = userdata, a3 = link */
HIDDEN_FUNC(fringe__ctx_make)
	.cpsetup $t9, $t8, fringe__ctx_make	/* for the root entry's address */
	sd	$zero, T_TERMINAL($a0)
	sd	$a0, -LINK_BELOW_TOP($a0)	/* link word -> T */
	sd	$a2, T_USERDATA($a0)
	sd	$a1, T_FN($a0)
	dla	$t0, .Lroot_entry
	sd	$t0, T_SAVE + SAVE_RA($a0)
	CALLEE_SAVED ZERO_REG
	sd	$zero, T_SAVE + SAVE_HANDOVER($a0)
	cfc1	$t0, $31
	sd	$t0, T_SAVE + SAVE_FPCTL($a0)
	daddiu	$t0, $a0, -LINK_BELOW_TOP
	sd	$t0, 0($a3)		/* *link */
	daddiu	$v0, $a0, T_SAVE	/* the context's S */
	.cpreturn
	jr	$ra
	nop
END(fringe__ctx_make)

/* int fringe__gen_resume(struct fringe_generator *g, void *input,
 *                        void **output, int code)
 * The generator gets v0 = code, and input through its hand-over slot
 * unless code != 0; a new one gets v1 = input, v0 = from_sp = 0. */
.macro GEN_RESUME fp
	SAVE_CONTEXT \fp
	sd	$a2, SAVE_HANDOVER($sp)	/* where our result goes */
	daddiu	$t1, $sp, SAVE_SIZE
	sd	$t1, -LINK_BELOW_TOP($a0)	/* link word = our CFA */
	sd	$sp, FRINGE_GEN_CALLER_SP_OFFSET($a0)
	ld	$sp, FRINGE_GEN_SP_OFFSET($a0)	/* the switch */
	ld	$t1, SAVE_HANDOVER($sp)
	bnez	$a3, 1f			/* cancelled: no input */
	move	$v0, $a3
	beqz	$t1, 1f
	move	$v1, $a1
	sd	$a1, 0($t1)
1:	RESUME_TARGET \fp
.endm

/* The end of a yield or return, the generator saved at sp: switch to the
 * resumer, publish \state, hand it a1 and return \result.  After the
 * publication only the resumer's stack is read. */
.macro LEAVE_GENERATOR state, result, fp
	sd	$sp, FRINGE_GEN_SP_OFFSET($a0)
	ld	$sp, FRINGE_GEN_CALLER_SP_OFFSET($a0)	/* the switch */
	lw	$t1, FRINGE_GEN_STATE_OFFSET($a0)
	addiu	$t1, $t1, \state - FRINGE_GEN_RUNNING
	sync				/* release */
	sw	$t1, FRINGE_GEN_STATE_OFFSET($a0)
	ld	$t1, SAVE_HANDOVER($sp)
	beqz	$t1, 1f
	li	$v0, \result
	sd	$a1, 0($t1)
1:	RESUME_TARGET \fp
.endm

/* int fringe__gen_yield(struct fringe_generator *g, void *output,
 *                       void **input) */
.macro GEN_YIELD fp
	SAVE_CONTEXT \fp
	sd	$a2, SAVE_HANDOVER($sp)	/* where our next input goes */
	LEAVE_GENERATOR FRINGE_GEN_RUNNABLE, FRINGE_GEN_YIELDED, \fp
.endm

/* void fringe__gen_return(struct fringe_generator *g, void *result) */
.macro GEN_RETURN fp
	SAVE_CONTEXT \fp
	sd	$zero, SAVE_HANDOVER($sp)
	LEAVE_GENERATOR FRINGE_GEN_FINISHED, FRINGE_GEN_RETURNED, \fp
.endm

FRINGE_GEN_ROUTINES

/*
 * The root frame, entered with sp = T - 32, t9 = .Lroot_entry, v0 =
 * from_sp and v1 = the value.  CFA = *(sp + 16), the link word's contents
 * (DW_OP_breg29 16, DW_OP_deref); the resumer's registers lie below it as
 * in its save area.
 */
LOCAL_FUNC(__morestack)
	.cfi_escape 0x0f, 3, 0x8d, -LINK_BELOW_TOP - T_FN, 0x06
	.cfi_offset $ra, SAVE_RA - SAVE_SIZE
	CALLEE_SAVED CFI_REG
	nop	/* never run: keeps .Lroot_entry - 1 and - 4 in here */
.Lroot_entry:
	.cpsetup $t9, $t8, .Lroot_entry	/* gp, for fringe__entry_returned */
	move	$a0, $v1
	move	$a1, $v0
	ld	$a2, T_USERDATA - T_FN($sp)
	ld	$t9, 0($sp)
	jalr	$t9			/* fn(value, from_sp, userdata) */
	nop
	dla	$t9, fringe__entry_returned	/* fn must not return; gp */
	jalr	$t9			/*   is callee-saved */
	nop
	teq	$zero, $zero
END(__morestack)
FRINGE_ROOT_BOUNDS(__morestack)

FRINGE_ASM_FOOTER

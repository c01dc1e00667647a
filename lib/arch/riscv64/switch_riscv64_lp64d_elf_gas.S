/*
 * Context switch for RISC-V RV64, LP64D ABI, ELF, GNU assembler.
 *
 * A suspended context is a stack pointer S pointing at this save area
 * (S is 16-aligned; CFA = S + 224 is the caller's sp at the call):
 *
 *     S + 216  return address (ra)  \ frame record [s0, ra]; the
 *     S + 208  s0                   /   frame-pointer value for it is S + 224
 *     S + 200 .. S + 120  s1 .. s11   (s<n> at S + 208 - 8 * n)
 *     S + 112 .. S +  24  fs0 .. fs11 (fs<n> at S + 112 - 8 * n)
 *     S +  16  unused
 *     S +   8  frm (the dynamic rounding mode, zero-extended)
 *     S +   0  hand-over slot
 *
 * The psABI preserves sp, s0-s11 and, with ABI_FLEN = 64 (LP64D), fs0-fs11
 * as 64-bit values; gp and tp belong to the thread; no vector state is
 * preserved across calls.  fcsr has thread storage duration as in C11
 * 7.6, whose control modes a call does not change: frm is kept per context
 * (not by the _shared generator switches) and written, with `fsrm`, only
 * when the two sides' modes differ; fflags, the thread's, is never reloaded.
 * The saved return address is reached with `jr t2`: only ra and t0 are
 * link registers to the return-address stack hints, and x7 makes it a
 * Zicfilp software-guarded branch (no landing pad needed).  Shadow stacks
 * are not switched.  A state is published with `fence rw, w` and `sw`.
 *
 * The top of a context made by fringe__ctx_make (T = top, 16-aligned):
 *
 *     T -   8  0                \ terminal frame record: unwinding ends
 *     T -  16  0                /   here; its frame-pointer value is T
 *     T -  24  .Llinked         \ root frame record; s0 in the root frame
 *     T -  32  link word        /   is T - 16.  The link word holds a
 *                                   frame-pointer value: T at first, then
 *                                   the resumer's S + 224 (= root CFA)
 *     T -  40  userdata
 *     T -  48  fn               <- sp in the root frame (__morestack)
 *     T -  56 .. T - 272        initial save area (S = T - 272): return
 *                               address = root entry, s0 = T - 16, other
 *                               registers 0, frm of the creating thread,
 *                               hand-over slot NULL
 *
 * The protocol every backend follows is in lib/arch/README.
 *
 * SPDX-License-Identifier: MIT
 */

#include "../fringe-asm.h"

#if !defined(__riscv) || __riscv_xlen != 64 ||                              \
	!defined(__riscv_float_abi_double)
#error "this backend is for RISC-V RV64 with the LP64D ABI"
#endif

#include "save-area.h"	/* SAVE_SIZE = CFA - S, SAVE_RA, SAVE_S0, ... */

.if SAVE_RA != SAVE_SIZE - 8 || SAVE_S0 != SAVE_SIZE - 16 || SAVE_SIZE % 16 \
    || SAVE_FS0 > SAVE_S0 - 96 || SAVE_FPCTL > SAVE_FS0 - 96 || SAVE_FPCTL < 8
.error "save-area.h: slots overlap, or [s0, ra] is not right below the CFA"
.endif

/* Where fringe__ctx_make puts the link word: this far below the top.  A
 * generator's context is made right below its control block, so the link
 * word of generator g is at g - LINK_BELOW_TOP. */
#define LINK_BELOW_TOP 32
/* The initial save area, relative to T: right below fn. */
#define S_INIT (-48 - SAVE_SIZE)

/* \op reg, slot[, f] for each callee-saved register but ra: s0-s11, and
 * fs0-fs11 with `f` (the prefix of their loads and stores). */
.macro FOR_EACH_SAVED op
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
	\op s\n, (SAVE_S0-8*\n)
	\op fs\n, (SAVE_FS0-8*\n), f
	.endr
.endm
.macro SAVED_AT reg, slot, f
	.cfi_offset \reg, \slot - SAVE_SIZE
.endm
.macro STORE_REG reg, slot, f
	\f\()sd	\reg, \slot(sp)
	SAVED_AT \reg, \slot
.endm
.macro LOAD_REG reg, slot, f
	\f\()ld	\reg, \slot(sp)
	.cfi_restore \reg
.endm
.macro ZERO_REG reg, slot, f
	sd	zero, S_INIT + \slot(a0)
.endm

/* Save the running context: then sp = S, CFA = sp + SAVE_SIZE and, if
 * \fp, t1 = our frm. */
.macro SAVE_CONTEXT fp=1
	addi	sp, sp, -SAVE_SIZE
	.cfi_adjust_cfa_offset SAVE_SIZE
	sd	ra, SAVE_RA(sp)
	.cfi_offset ra, SAVE_RA - SAVE_SIZE
	FOR_EACH_SAVED STORE_REG
.if \fp
	frrm	t1			/* frm only; fflags are not saved */
	sd	t1, SAVE_FPCTL(sp)
.endif
.endm

/* With sp = the target's S (the same CFI describes both sides) and, if
 * \fp, t1 = our frm: restore the target and jump to it.  Uses t0, t2. */
.macro RESUME_TARGET fp=1
.if \fp
	ld	t0, SAVE_FPCTL(sp)	/* the target's rounding mode */
	bne	t0, t1, 9f		/* differs from ours: slow path */
.endif
1:	.cfi_remember_state
	FOR_EACH_SAVED LOAD_REG
	ld	t2, SAVE_RA(sp)		/* where the target continues */
	.cfi_register ra, t2
	addi	sp, sp, SAVE_SIZE
	.cfi_adjust_cfa_offset -SAVE_SIZE
	jr	t2			/* not a link register: no RAS pop */
	.cfi_restore_state
.if \fp
9:	fsrm	t0			/* take the target's frm; fflags stay */
	j	1b
.endif
.endm

/* a0 = target S, a1 = value, t1 = our frm: resume the target with a0 =
 * our S (the "sp" of its transfer) and a1 = value. */
.macro SWITCH_TO_TARGET
	mv	t0, sp
	mv	sp, a0			/* the switch itself */
	mv	a0, t0
	RESUME_TARGET
.endm

/* fringe_transfer fringe_context_switch(void *sp, void *value) */
FUNC(fringe_context_switch)
	SAVE_CONTEXT
	beqz	a0, .Lnull_switch
	SWITCH_TO_TARGET
.Lnull_switch:
	call	fringe__null_switch	/* sp is 16-aligned here; no return */
	unimp
END(fringe_context_switch)
ALIAS(fringe_context_switch, fringe__ctx_switch)

/* fringe_transfer fringe_context_switch_link(void *sp, void *value,
 *                                            fringe_stack *stack) */
FUNC(fringe_context_switch_link)
	SAVE_CONTEXT
	beqz	a0, .Lnull_link
	beqz	a2, .Lnull_link
	ld	a2, FRINGE_STACK_LINK_OFFSET(a2) /* the link word's address */
	beqz	a2, .Lnull_link		/* no context was made on the stack */
	addi	t0, sp, SAVE_SIZE	/* our record's frame-pointer value */
	sd	t0, 0(a2)
.Llinked:				/* "return address" of the root record */
	SWITCH_TO_TARGET
.Lnull_link:
	call	fringe__null_switch
	unimp
END(fringe_context_switch_link)
ALIAS(fringe_context_switch_link, fringe__ctx_switch_link)

/* void *fringe__ctx_make(void *top, fringe_context_fn fn, void *userdata,
 *                        void **link, void *base)    (base is not needed) */
HIDDEN_FUNC(fringe__ctx_make)
	sd	zero, -8(a0)			/* terminal record */
	sd	zero, -16(a0)
	lla	t0, .Llinked
	sd	t0, -24(a0)			/* root record */
	sd	a0, -LINK_BELOW_TOP(a0)		/* link word -> terminal */
	sd	a2, -40(a0)			/* userdata */
	sd	a1, -48(a0)			/* fn */
	lla	t0, .Lroot_entry
	sd	t0, S_INIT + SAVE_RA(a0)	/* return address */
	FOR_EACH_SAVED ZERO_REG
	addi	t0, a0, -16
	sd	t0, S_INIT + SAVE_S0(a0)	/* s0: the root record's */
	frrm	t0				/* the creating thread's frm */
	sd	t0, S_INIT + SAVE_FPCTL(a0)
	sd	zero, S_INIT + SAVE_HANDOVER(a0)
	addi	t0, a0, -LINK_BELOW_TOP
	sd	t0, 0(a3)			/* *link */
	addi	a0, a0, S_INIT			/* the context's S */
	ret
END(fringe__ctx_make)

/* int fringe__gen_resume(struct fringe_generator *g, void *input,
 *                        void **output, int code)
 * The generator gets a0 = code for its pending yield, or enters its root
 * frame with a1 = input. */
.macro GEN_RESUME fp
	SAVE_CONTEXT \fp
	sd	a2, SAVE_HANDOVER(sp)		/* where our result goes */
	sd	sp, FRINGE_GEN_CALLER_SP_OFFSET(a0)
	addi	t0, sp, SAVE_SIZE		/* our record's frame-pointer */
	sd	t0, -LINK_BELOW_TOP(a0)		/*   value into the link word */
	ld	sp, FRINGE_GEN_SP_OFFSET(a0)	/* the switch */
	ld	t0, SAVE_HANDOVER(sp)		/* the generator's slot */
	beqz	t0, 2f
	bnez	a3, 2f				/* a cancelled yield's input */
	sd	a1, 0(t0)			/*   is left alone */
2:	mv	a0, a3
	RESUME_TARGET \fp
.endm

/* A yield or return (a0 = g, a1 = the value): save the generator with
 * \slot in its hand-over slot, switch to the resumer, then publish \state,
 * hand over the value and return \result from the resumer's resume. */
.macro LEAVE_GENERATOR slot, state, result, fp
	SAVE_CONTEXT \fp
	sd	\slot, SAVE_HANDOVER(sp)
	sd	sp, FRINGE_GEN_SP_OFFSET(a0)
	ld	sp, FRINGE_GEN_CALLER_SP_OFFSET(a0)	/* the switch */
	lw	t0, FRINGE_GEN_STATE_OFFSET(a0)
	addi	t0, t0, (\state - FRINGE_GEN_RUNNING)	/* owner unchanged */
	fence	rw, w					/* release */
	sw	t0, FRINGE_GEN_STATE_OFFSET(a0)
	ld	t0, SAVE_HANDOVER(sp)		/* the resumer's slot */
	beqz	t0, 2f
	sd	a1, 0(t0)
2:	li	a0, \result
	RESUME_TARGET \fp
.endm

/* int fringe__gen_yield(struct fringe_generator *g, void *output,
 *                       void **input)  (input: where its next input goes)
 * void fringe__gen_return(struct fringe_generator *g, void *result) */
.macro GEN_YIELD fp
	LEAVE_GENERATOR a2, FRINGE_GEN_RUNNABLE, FRINGE_GEN_YIELDED, \fp
.endm
.macro GEN_RETURN fp
	LEAVE_GENERATOR zero, FRINGE_GEN_FINISHED, FRINGE_GEN_RETURNED, \fp
.endm

/* The _shared ones neither save nor restore frm. */
FRINGE_GEN_ROUTINES

/* The root frame of every context, first reached with sp = T - 48, a0 =
 * the switching context's S (anything for a generator), a1 = the value.
 * CFA = the link word's contents: DW_CFA_def_cfa_expression, 3 bytes:
 * DW_OP_breg2 (sp) 16, DW_OP_deref; the resumer's registers sit below it
 * as in its save area (frm has no DWARF column). */
LOCAL_FUNC(__morestack)
	.cfi_escape 0x0f, 3, 0x72, 48 - LINK_BELOW_TOP, 0x06
	.cfi_offset ra, SAVE_RA - SAVE_SIZE
	FOR_EACH_SAVED SAVED_AT
	/* Never executed: keeps .Lroot_entry - 1 and - 4 (a return address
	 * minus one or an instruction) inside this function: a 4-byte nop. */
	.insn	i 0x13, 0, zero, zero, 0
.Lroot_entry:
	mv	t0, a0			/* from_sp */
	mv	a0, a1			/* value */
	mv	a1, t0
	ld	a2, 8(sp)		/* userdata */
	ld	t1, 0(sp)		/* fn */
	jalr	t1			/* call fn; sp is 16-aligned */
	call	fringe__entry_returned	/* fn must not return */
	unimp
END(__morestack)
FRINGE_ROOT_BOUNDS(__morestack)

FRINGE_ASM_FOOTER

/*
 * Context switch for RISC-V RV64, LP64D ABI, ELF, GNU assembler.
 *
 * A suspended context is a stack pointer S pointing at this save area
 * (S is 16-aligned; CFA = S + 224 is the caller's sp at the call):
 *
 *     S + 216  return address (ra)  \ frame record [s0, ra]; the
 *     S + 208  s0                   /   frame-pointer value for it is S + 224
 *     S + 200  s1
 *       ...    s2 .. s10            (s<n> at S + 208 - 8 * n)
 *     S + 120  s11
 *     S + 112  fs0
 *       ...    fs1 .. fs10          (fs<n> at S + 112 - 8 * n)
 *     S +  24  fs11
 *     S +  16  unused
 *     S +   8  frm (the dynamic rounding mode, 0..4, zero-extended)
 *     S +   0  hand-over slot
 *
 * What is saved.  The psABI ("RISC-V Calling Conventions", register
 * convention) preserves sp, s0-s11 and, under the hardware floating-point
 * convention with ABI_FLEN = 64 (LP64D), fs0-fs11 as 64-bit values; ra is
 * the return address, which is where the context continues.  gp and tp
 * are never touched: they belong to the thread, not to a context.  No
 * vector state is saved: v0-v31, vl, vtype, vxrm and vxsat are all
 * not preserved across calls in the standard calling convention.
 *
 * fcsr.  The psABI gives fcsr "thread storage duration in accordance with
 * C11 section 7.6", and C11 7.6 lets a caller rely on a function call not
 * altering its floating-point control modes (unless documented).  A switch
 * is a function call to both sides, so the control mode, frm, is kept per
 * context (the _shared generator switches leave it alone).  The status
 * flags, fflags, are accrued exception state of the running thread and are
 * never reloaded.  `fsrm` writes frm alone, so taking over the target's
 * frm leaves fflags as they are.  frm is written only when the two
 * contexts' modes differ (a CSR write can serialize the pipeline).
 *
 * Transfer of control.  The saved return address is loaded into t2 (x7)
 * and reached with `jr t2`.  The ISA's return-address-stack hints treat
 * only x1 (ra) and x5 (t0) as link registers: `ret` and `jr t0` would pop
 * the return-address stack and mispredict, because the address it holds
 * belongs to the other stack.  x7 is also the register of a Zicfilp
 * "software guarded branch", which needs no lpad at its target: return
 * addresses have none.  Shadow stacks (Zicfiss) are not switched.
 *
 * Publishing a generator's state is `fence rw, w` and a plain `sw`: the
 * fence makes a release store of it.
 *
 * The top of a context made by fringe__ctx_make (T = top, 16-aligned):
 *
 *     T -   8  0                \ terminal frame record: unwinding ends
 *     T -  16  0                /   here; its frame-pointer value is T
 *     T -  24  .Llinked         \ root frame record; s0 in the root frame
 *     T -  32  link word        /   is T - 16.  The link word holds a
 *                                   frame-pointer value: T at first, then
 *                                   the resumer's S + 224
 *     T -  40  userdata
 *     T -  48  fn               <- sp in the root frame (__morestack)
 *     T -  56 .. T - 272        initial save area (S = T - 272): return
 *                               address = root entry, s0 = T - 16, other
 *                               registers 0, frm of the creating thread,
 *                               hand-over slot NULL
 *
 * The root frame's CFA is the contents of the link word.
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

/* The slots of the save area: SAVE_SIZE (CFA - sp while a context is
 * saved), SAVE_RA, SAVE_S0, SAVE_FS0, SAVE_FPCTL, SAVE_HANDOVER. */
#include "save-area.h"

/* [s0, ra] must be the frame record right below the CFA, and the runs of
 * s0-s11 and fs0-fs11 must not overlap the other slots. */
.if SAVE_RA != SAVE_SIZE - 8 || SAVE_S0 != SAVE_SIZE - 16 || \
    SAVE_S0 - 88 < SAVE_FS0 + 8 || SAVE_FS0 - 88 < SAVE_FPCTL + 8 || \
    SAVE_FPCTL < SAVE_HANDOVER + 8 || SAVE_HANDOVER != 0 || SAVE_SIZE % 16
.error "save-area.h has overlapping slots or no frame record at the top"
.endif

/* Where fringe__ctx_make puts the link word: this far below the top.  A
 * generator's context is made right below its control block, so the link
 * word of generator g is at g - LINK_BELOW_TOP. */
#define LINK_BELOW_TOP 32
/* The initial save area, relative to T: right below fn. */
#define S_INIT (-48 - SAVE_SIZE)

/* The callee-saved registers but ra: \op kind, reg, slot for s0-s11
 * (kind x) and fs0-fs11 (kind f). */
.macro FOR_EACH_SAVED op
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
	\op x, s\n, (SAVE_S0-8*\n)
	\op f, fs\n, (SAVE_FS0-8*\n)
	.endr
.endm
.macro SAVED_AT kind, reg, slot		/* CFI: saved at its slot */
	.cfi_offset \reg, \slot - SAVE_SIZE
.endm
.macro STORE_REG kind, reg, slot
.ifc \kind, x
	sd	\reg, \slot(sp)
.else
	fsd	\reg, \slot(sp)
.endif
	SAVED_AT \kind, \reg, \slot
.endm
.macro LOAD_REG kind, reg, slot
.ifc \kind, x
	ld	\reg, \slot(sp)
.else
	fld	\reg, \slot(sp)
.endif
	.cfi_restore \reg
.endm
.macro ZERO_REG kind, reg, slot		/* in the initial save area */
	sd	zero, S_INIT + \slot(a0)
.endm

/*
 * Save the callee-saved state of the running context on its own stack.
 * Afterwards sp = S, the CFA is sp + SAVE_SIZE, and t1 holds our frm if
 * \fp.
 */
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

/*
 * With sp = the target's S (CFA = sp + SAVE_SIZE describes the target's
 * frame: both sides have the same save area, so the CFI needs no change at
 * the stack switch) and, if \fp, our frm in t1: restore the target's
 * registers and frm and jump to where it continues.  Clobbers t0, t2.
 */
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
	.cfi_restore_state		/* that of the branch to 9: */
.if \fp
9:	fsrm	t0			/* take the target's frm; fflags stay */
	j	1b
.endif
.endm

/*
 * a0 = target S, a1 = value, t1 = our frm.  Switch to the target and
 * resume it with a0 = our S (the "sp" of its transfer) and a1 = value.
 */
.macro SWITCH_TO_TARGET
	mv	t0, sp
	mv	sp, a0			/* the switch itself */
	mv	a0, t0			/* transfer.sp = our S */
	RESUME_TARGET
.endm

/*
 * fringe_transfer fringe_context_switch(void *sp, void *value)
 */
FUNC(fringe_context_switch)
	SAVE_CONTEXT
	beqz	a0, .Lnull_switch
	SWITCH_TO_TARGET
.Lnull_switch:
	call	fringe__null_switch	/* sp is 16-aligned here; no return */
	unimp
END(fringe_context_switch)
ALIAS(fringe_context_switch, fringe__ctx_switch)

/*
 * fringe_transfer fringe_context_switch_link(void *sp, void *value,
 *                                            fringe_stack *stack)
 */
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
	call	fringe__null_switch	/* sp is 16-aligned here; no return */
	unimp
END(fringe_context_switch_link)
ALIAS(fringe_context_switch_link, fringe__ctx_switch_link)

/*
 * void *fringe__ctx_make(void *top, fringe_context_fn fn, void *userdata,
 *                        void **link, void *base)    (base is not needed)
 * a0 = T, a1 = fn, a2 = userdata, a3 = link
 */
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
	sd	t0, S_INIT + SAVE_S0(a0)	/* s0 = the root record's */
	frrm	t0				/* creating thread's frm */
	sd	t0, S_INIT + SAVE_FPCTL(a0)
	sd	zero, S_INIT + SAVE_HANDOVER(a0) /* hand-over slot: none */
	addi	t0, a0, -LINK_BELOW_TOP
	sd	t0, 0(a3)			/* *link */
	addi	a0, a0, S_INIT			/* the context's S */
	ret
END(fringe__ctx_make)

/*
 * int fringe__gen_resume(struct fringe_generator *g, void *input,
 *                        void **output, int code)
 *
 * a0 = g (also the top of the generator's context), a1 = input, a2 =
 * output, a3 = code.  The generator receives a0 = code, or, when new,
 * enters its root frame with a1 = input.
 */
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
2:	mv	a0, a3				/* what the pending yield returns */
	RESUME_TARGET \fp
.endm

/*
 * The second half of a yield or return: the generator's context is saved
 * at S = sp, a0 = g, a1 = the value.  Switch to the resumer, publish
 * \state, store the value through the resumer's slot and return \result.
 */
.macro LEAVE_GENERATOR state, result, fp
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

/*
 * int fringe__gen_yield(struct fringe_generator *g, void *output,
 *                       void **input)
 */
.macro GEN_YIELD fp
	SAVE_CONTEXT \fp
	sd	a2, SAVE_HANDOVER(sp)		/* where our next input goes */
	LEAVE_GENERATOR FRINGE_GEN_RUNNABLE, FRINGE_GEN_YIELDED, \fp
.endm

/*
 * void fringe__gen_return(struct fringe_generator *g, void *result)
 * Its context is saved only to keep one code path.
 */
.macro GEN_RETURN fp
	SAVE_CONTEXT \fp
	sd	zero, SAVE_HANDOVER(sp)
	LEAVE_GENERATOR FRINGE_GEN_FINISHED, FRINGE_GEN_RETURNED, \fp
.endm

/* The _shared versions neither save nor restore frm. */
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
 * sp = T - 48, a0 = the switching context's S (for a generator: anything)
 * and a1 = the value.
 *
 * CFA = *(sp + 16), i.e. the contents of the link word:
 *   DW_CFA_def_cfa_expression, 3 bytes:
 *   DW_OP_breg2 (sp) 16, DW_OP_deref
 * and the resumer's registers sit below it as in its save area.  There is
 * no DWARF column for frm, which unwinders never restore.
 */
LOCAL_FUNC(__morestack)
	.cfi_escape 0x0f, 3, 0x72, 48 - LINK_BELOW_TOP, 0x06
	.cfi_offset ra, SAVE_RA - SAVE_SIZE
	FOR_EACH_SAVED SAVED_AT
	/* Never executed: keeps .Lroot_entry - 1 and .Lroot_entry - 4 inside
	 * this function, for unwinders that look up a return address minus
	 * one or minus an instruction.  A full 4-byte nop, not c.nop. */
	.option push
	.option norvc
	nop
	.option pop
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

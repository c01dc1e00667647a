/*
 * Context switch for RISC-V RV64, LP64D ABI, ELF, GNU assembler.
 *
 * A suspended context is a stack pointer S pointing at this save area
 * (S is 16-aligned; CFA = S + 208 is the caller's sp at the call):
 *
 *     S + 200  return address (ra)  \ frame record [s0, ra]; the
 *     S + 192  s0                   /   frame-pointer value for it is S + 208
 *     S + 184  s1
 *     S + 176  s2
 *       ...    s3 .. s10            (s<n> at S + 192 - 8 * n)
 *     S + 104  s11
 *     S +  96  fs0
 *     S +  88  fs1
 *       ...    fs2 .. fs10          (fs<n> at S + 96 - 8 * n)
 *     S +   8  fs11
 *     S +   0  frm (the dynamic rounding mode, 0..4, zero-extended)
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
 * context: each side gets back the rounding mode it switched away with,
 * as with the MXCSR/x87 control bits on x86_64.  The status flags, fflags,
 * are accrued exception state of the running thread and are never
 * reloaded: flags raised in one context stay visible after the switch.
 * `fsrm` writes frm alone, so taking over the target's frm leaves fflags
 * as they are.  frm is written only when the two contexts' modes differ
 * (a CSR write can serialize the pipeline on some cores).
 *
 * Transfer of control.  The saved return address is loaded into t2 (x7)
 * and reached with `jr t2`.  The ISA's return-address-stack hints treat
 * only x1 (ra) and x5 (t0) as link registers: `ret` (jalr x0, 0(ra)) and
 * `jr t0` would pop the return-address stack and mispredict, because the
 * address it holds belongs to the other stack.  A jalr with rd = x0 and
 * an rs1 that is not a link register neither pushes nor pops.  x7 in
 * particular is also the register of a Zicfilp "software guarded branch",
 * which does not need an lpad landing pad at its target: return addresses
 * have none.  Shadow stacks (Zicfiss) are not switched, so nothing here
 * claims to support them.
 *
 * The top of a context made by fringe__ctx_make (T = top, 16-aligned):
 *
 *     T -   8  0                \ terminal frame record: unwinding ends
 *     T -  16  0                /   here; its frame-pointer value is T
 *     T -  24  .Llinked         \ root frame record; s0 in the root frame
 *     T -  32  link word        /   is T - 16.  The link word holds the
 *                                   frame-pointer value (= CFA, S + 208)
 *                                   of the resumer's save area
 *     T -  40  userdata
 *     T -  48  fn               <- sp in the root frame (__morestack)
 *     T -  56 .. T - 256        initial save area (S = T - 256): return
 *                               address = root entry, s0 = T - 16, other
 *                               registers 0, frm of the creating thread
 *
 * Call-stack splicing: the root frame's CFI computes its CFA from the link
 * word (CFA = *(sp + 16)), and describes the resumer's ra, s0-s11 and
 * fs0-fs11 at the same CFA offsets as its save area, so DWARF unwinders
 * restore them and continue in the resumer's caller.  A frame-pointer walk
 * (s0 -> [s0 - 16] = previous s0, [s0 - 8] = return address) goes root
 * record -> [link, .Llinked] -> the resumer's record (S + 192).  The link
 * word starts out as T, the value for the terminal record, where both
 * kinds of walk stop.  The root function is named __morestack (a local
 * symbol) because gdb accepts a frame whose caller's stack lies below it
 * only under that name.
 *
 * SPDX-License-Identifier: MIT
 */

#include "../fringe-asm.h"

#if !defined(__riscv) || __riscv_xlen != 64 ||                              \
	!defined(__riscv_float_abi_double)
#error "this backend is for RISC-V RV64 with the LP64D ABI"
#endif

/* Save area: size and slots, as in the table above (FRAME, RA_SLOT,
 * S0_SLOT, S_SLOT(n), FS_SLOT(n), FRM_SLOT). */
#include "save-area.h"
/* Where a slot is relative to the CFA (S + FRAME), for .cfi_offset. */
#define CFA_REL(slot) ((slot) - FRAME)

/* Top-of-stack slots made by fringe__ctx_make, relative to T. */
#define T_TERMINAL (-16)  /* terminal record: [0, 0] */
#define T_ROOT_RA (-24)   /* root record: return address .Llinked */
#define T_LINK (-32)      /* root record: link word (previous s0) */
#define T_USERDATA (-40)
#define T_FN (-48)        /* sp in the root frame */
#define T_SAVE (T_FN - FRAME) /* initial save area, S = T - 256 */

/*
 * Save the callee-saved state of the running context on its own stack.
 * Afterwards sp = S, the CFA is sp + FRAME, and t1 holds our frm.
 */
.macro SAVE_CONTEXT
	addi	sp, sp, -FRAME
	.cfi_adjust_cfa_offset FRAME
	sd	ra, RA_SLOT(sp)
	.cfi_offset ra, CFA_REL(RA_SLOT)
	sd	s0, S0_SLOT(sp)
	.cfi_offset s0, CFA_REL(S0_SLOT)
	sd	s1, S_SLOT(1)(sp)
	.cfi_offset s1, CFA_REL(S_SLOT(1))
	sd	s2, S_SLOT(2)(sp)
	.cfi_offset s2, CFA_REL(S_SLOT(2))
	sd	s3, S_SLOT(3)(sp)
	.cfi_offset s3, CFA_REL(S_SLOT(3))
	sd	s4, S_SLOT(4)(sp)
	.cfi_offset s4, CFA_REL(S_SLOT(4))
	sd	s5, S_SLOT(5)(sp)
	.cfi_offset s5, CFA_REL(S_SLOT(5))
	sd	s6, S_SLOT(6)(sp)
	.cfi_offset s6, CFA_REL(S_SLOT(6))
	sd	s7, S_SLOT(7)(sp)
	.cfi_offset s7, CFA_REL(S_SLOT(7))
	sd	s8, S_SLOT(8)(sp)
	.cfi_offset s8, CFA_REL(S_SLOT(8))
	sd	s9, S_SLOT(9)(sp)
	.cfi_offset s9, CFA_REL(S_SLOT(9))
	sd	s10, S_SLOT(10)(sp)
	.cfi_offset s10, CFA_REL(S_SLOT(10))
	sd	s11, S_SLOT(11)(sp)
	.cfi_offset s11, CFA_REL(S_SLOT(11))
	fsd	fs0, FS_SLOT(0)(sp)
	.cfi_offset fs0, CFA_REL(FS_SLOT(0))
	fsd	fs1, FS_SLOT(1)(sp)
	.cfi_offset fs1, CFA_REL(FS_SLOT(1))
	fsd	fs2, FS_SLOT(2)(sp)
	.cfi_offset fs2, CFA_REL(FS_SLOT(2))
	fsd	fs3, FS_SLOT(3)(sp)
	.cfi_offset fs3, CFA_REL(FS_SLOT(3))
	fsd	fs4, FS_SLOT(4)(sp)
	.cfi_offset fs4, CFA_REL(FS_SLOT(4))
	fsd	fs5, FS_SLOT(5)(sp)
	.cfi_offset fs5, CFA_REL(FS_SLOT(5))
	fsd	fs6, FS_SLOT(6)(sp)
	.cfi_offset fs6, CFA_REL(FS_SLOT(6))
	fsd	fs7, FS_SLOT(7)(sp)
	.cfi_offset fs7, CFA_REL(FS_SLOT(7))
	fsd	fs8, FS_SLOT(8)(sp)
	.cfi_offset fs8, CFA_REL(FS_SLOT(8))
	fsd	fs9, FS_SLOT(9)(sp)
	.cfi_offset fs9, CFA_REL(FS_SLOT(9))
	fsd	fs10, FS_SLOT(10)(sp)
	.cfi_offset fs10, CFA_REL(FS_SLOT(10))
	fsd	fs11, FS_SLOT(11)(sp)
	.cfi_offset fs11, CFA_REL(FS_SLOT(11))
	frrm	t1			/* frm only; fflags are not saved */
	sd	t1, FRM_SLOT(sp)
.endm

/*
 * a0 = target S, a1 = value, t1 = our frm.  Switch to the target and
 * resume it with a0 = our S (the "sp" of its transfer) and a1 = value
 * (already there).  The CFI needs no change at the stack switch: both
 * sides have the same save area layout, so CFA = sp + FRAME stays true and
 * from there on describes the target's frame.
 */
.macro SWITCH_TO_TARGET
	mv	t0, sp
	mv	sp, a0			/* the switch itself */
	mv	a0, t0			/* transfer.sp = our S */
	ld	t0, FRM_SLOT(sp)	/* target's rounding mode */
	bne	t0, t1, 9f		/* differs from ours: slow path */
1:	.cfi_remember_state
	fld	fs0, FS_SLOT(0)(sp)
	.cfi_restore fs0
	fld	fs1, FS_SLOT(1)(sp)
	.cfi_restore fs1
	fld	fs2, FS_SLOT(2)(sp)
	.cfi_restore fs2
	fld	fs3, FS_SLOT(3)(sp)
	.cfi_restore fs3
	fld	fs4, FS_SLOT(4)(sp)
	.cfi_restore fs4
	fld	fs5, FS_SLOT(5)(sp)
	.cfi_restore fs5
	fld	fs6, FS_SLOT(6)(sp)
	.cfi_restore fs6
	fld	fs7, FS_SLOT(7)(sp)
	.cfi_restore fs7
	fld	fs8, FS_SLOT(8)(sp)
	.cfi_restore fs8
	fld	fs9, FS_SLOT(9)(sp)
	.cfi_restore fs9
	fld	fs10, FS_SLOT(10)(sp)
	.cfi_restore fs10
	fld	fs11, FS_SLOT(11)(sp)
	.cfi_restore fs11
	ld	s11, S_SLOT(11)(sp)
	.cfi_restore s11
	ld	s10, S_SLOT(10)(sp)
	.cfi_restore s10
	ld	s9, S_SLOT(9)(sp)
	.cfi_restore s9
	ld	s8, S_SLOT(8)(sp)
	.cfi_restore s8
	ld	s7, S_SLOT(7)(sp)
	.cfi_restore s7
	ld	s6, S_SLOT(6)(sp)
	.cfi_restore s6
	ld	s5, S_SLOT(5)(sp)
	.cfi_restore s5
	ld	s4, S_SLOT(4)(sp)
	.cfi_restore s4
	ld	s3, S_SLOT(3)(sp)
	.cfi_restore s3
	ld	s2, S_SLOT(2)(sp)
	.cfi_restore s2
	ld	s1, S_SLOT(1)(sp)
	.cfi_restore s1
	ld	s0, S0_SLOT(sp)
	.cfi_restore s0
	ld	t2, RA_SLOT(sp)		/* where the target continues */
	.cfi_register ra, t2
	addi	sp, sp, FRAME
	.cfi_adjust_cfa_offset -FRAME
	jr	t2			/* not a link register: no RAS pop */

	/* slow path, with the CFI of the point that branched here */
	.cfi_restore_state
9:	fsrm	t0			/* take the target's frm; fflags stay */
	j	1b
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
	addi	t0, sp, FRAME		/* our record's frame-pointer value */
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
	sd	zero, T_TERMINAL + 8(a0)	/* terminal record: ra = 0 */
	sd	zero, T_TERMINAL(a0)		/* and previous s0 = 0 */
	lla	t0, .Llinked
	sd	t0, T_ROOT_RA(a0)		/* root record */
	sd	a0, T_LINK(a0)			/* link word -> terminal */
	sd	a2, T_USERDATA(a0)
	sd	a1, T_FN(a0)
	/* initial save area */
	lla	t0, .Lroot_entry
	sd	t0, T_SAVE + RA_SLOT(a0)	/* return address */
	addi	t0, a0, T_ROOT_RA + 8
	sd	t0, T_SAVE + S0_SLOT(a0)	/* s0: just above root record */
	/* s1-s11 and fs0-fs11: zero */
	.irp n, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
	sd	zero, T_SAVE + S_SLOT(\n)(a0)
	.endr
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
	sd	zero, T_SAVE + FS_SLOT(\n)(a0)
	.endr
	frrm	t0				/* creating thread's frm */
	sd	t0, T_SAVE + FRM_SLOT(a0)
	addi	t0, a0, T_LINK
	sd	t0, 0(a3)			/* *link */
	addi	a0, a0, T_SAVE			/* the context's S */
	ret
END(fringe__ctx_make)

/*
 * The root frame of every context.  Reached by the first switch, with
 * sp = T - 48, a0 = the switching context's S and a1 = the value.
 *
 * CFA = *(sp + 16), i.e. the contents of the link word:
 *   DW_CFA_def_cfa_expression, 3 bytes:
 *   DW_OP_breg2 (sp) 16, DW_OP_deref
 * and the resumer's registers sit below it as in its save area.  There is
 * no DWARF column for frm, which unwinders never restore.
 */
LOCAL_FUNC(__morestack)
	.cfi_escape 0x0f, 3, 0x72, 0x10, 0x06
	.cfi_offset ra, CFA_REL(RA_SLOT)
	.cfi_offset s0, CFA_REL(S0_SLOT)
	.cfi_offset s1, CFA_REL(S_SLOT(1))
	.cfi_offset s2, CFA_REL(S_SLOT(2))
	.cfi_offset s3, CFA_REL(S_SLOT(3))
	.cfi_offset s4, CFA_REL(S_SLOT(4))
	.cfi_offset s5, CFA_REL(S_SLOT(5))
	.cfi_offset s6, CFA_REL(S_SLOT(6))
	.cfi_offset s7, CFA_REL(S_SLOT(7))
	.cfi_offset s8, CFA_REL(S_SLOT(8))
	.cfi_offset s9, CFA_REL(S_SLOT(9))
	.cfi_offset s10, CFA_REL(S_SLOT(10))
	.cfi_offset s11, CFA_REL(S_SLOT(11))
	.cfi_offset fs0, CFA_REL(FS_SLOT(0))
	.cfi_offset fs1, CFA_REL(FS_SLOT(1))
	.cfi_offset fs2, CFA_REL(FS_SLOT(2))
	.cfi_offset fs3, CFA_REL(FS_SLOT(3))
	.cfi_offset fs4, CFA_REL(FS_SLOT(4))
	.cfi_offset fs5, CFA_REL(FS_SLOT(5))
	.cfi_offset fs6, CFA_REL(FS_SLOT(6))
	.cfi_offset fs7, CFA_REL(FS_SLOT(7))
	.cfi_offset fs8, CFA_REL(FS_SLOT(8))
	.cfi_offset fs9, CFA_REL(FS_SLOT(9))
	.cfi_offset fs10, CFA_REL(FS_SLOT(10))
	.cfi_offset fs11, CFA_REL(FS_SLOT(11))
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
	ld	a2, T_USERDATA - T_FN(sp)	/* userdata */
	ld	t1, 0(sp)		/* fn */
	jalr	t1			/* call fn; sp is 16-aligned */
	call	fringe__entry_returned	/* fn must not return */
	unimp
END(__morestack)
FRINGE_ROOT_BOUNDS(__morestack)

FRINGE_ASM_FOOTER

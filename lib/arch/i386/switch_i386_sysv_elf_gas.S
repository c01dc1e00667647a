/*
 * Context switch for i386, System V ABI, ELF, GNU assembler.
 * The protocol every backend follows is in lib/arch/README.
 *
 * Callee-saved: ebx, esi, edi, ebp, esp, the x87 control word and the
 * control bits of MXCSR.  A suspended context's stack pointer S points at
 * this save area, right below the stack arguments of the call that
 * suspended it (S + 32 is the CFA):
 *
 *     S + 28  return address
 *     S + 24  ebp              <- a frame record: [ebp, return address]
 *     S + 20  ebx
 *     S + 16  esi
 *     S + 12  edi
 *     S +  8  x87 control word (2 bytes), 2 bytes unused
 *     S +  4  MXCSR (unused when built without SSE)
 *     S +  0  hand-over slot
 *
 * The top of a context made by fringe__ctx_make (T = top, 16-aligned):
 *
 *     T -  4  0, 0             terminal frame record
 *     T - 12  .Llinked, link   root frame record (ebp = T - 16 in the root)
 *     T - 20  fn
 *     T - 24  userdata, (value), (from_sp): the root's call to fn; esp
 *             in the root is T - 32
 *     T - 36  T - 32           hidden pointer of a first context switch
 *     T - 68  initial save area: return address = root entry, ebp =
 *             T - 16, control words of the creating thread, others 0
 *
 * Specific to i386.  fringe_transfer is returned in memory: the caller
 * passes a hidden pointer as the first argument and the callee pops it
 * (`ret $4`); a context switch fills in the target's transfer and returns
 * its pointer in eax.  The generator routines take their arguments in eax,
 * edx, ecx (regparm(3), see fringe-internal.h), resume's `code` on the
 * stack.  Return addresses are jumped to: a `ret` to another stack
 * mispredicts.  Control words are reloaded only when they differ, and for
 * MXCSR only the control bits (the exception flags stay the thread's).
 * i686 has no SSE: MXCSR is kept only when built for a CPU with it
 * (__SSE__).  The root's CFA is *ebp + 8 = link + 8, from ebp, which is
 * T - 16 throughout: esp is left at T - 32 by a first context switch but
 * at T - 36 by a first generator switch (no hidden pointer to pop).
 *
 * SPDX-License-Identifier: MIT
 */

#include "../fringe-asm.h"
#include "save-area.h"

#define DW_EIP 8
#define ARG(i) (SAVE_SIZE + 4 * (i))	/* stack argument i of a saved call */
#define LINK_BELOW_TOP 16	/* link word: at top - 16, g - 16 for generator g */

/* Pushed in this order below the return address, into slots .Lsave_<reg>:
 * those FRINGE_SAVE_REGS lists, in the same order. */
#define SAVED_REGS ebp, ebx, esi, edi
.set .Lslot, SAVE_PC
.irp reg, SAVED_REGS
.set .Lslot, .Lslot - 4
.set .Lsave_\reg, .Lslot
.endr
#define CHECK_SLOT(name, slot) .set .Lx, .Lx - 4; .ifne (slot) - .Lx; \
	.error "save-area.h does not match SAVE_CONTEXT"; .endif;
.set .Lx, SAVE_PC
FRINGE_SAVE_REGS(CHECK_SLOT)
.if .Lx != .Lslot || .Lslot != 12 || SAVE_SIZE != SAVE_PC + 4 || \
    SAVE_FPCTL != 8 || SAVE_MXCSR != 4 || SAVE_HANDOVER != 0
.error "save-area.h does not match SAVE_CONTEXT"
.endif

/* Hidden: reached without PLT or GOT pointer (ebx). */
	.hidden	fringe__null_switch
	.hidden	fringe__entry_returned

/* Save the running context: esp = S, CFA = esp + 32, and with \fp our
 * control words in ebx (MXCSR) and bp. */
.macro SAVE_CONTEXT fp
.irp reg, SAVED_REGS
	pushl	%\reg
	.cfi_adjust_cfa_offset 4
	.cfi_rel_offset %\reg, 0
.endr
	subl	$12, %esp
	.cfi_adjust_cfa_offset 12
.if \fp
#ifdef __SSE__
	stmxcsr	SAVE_MXCSR(%esp)
	movl	SAVE_MXCSR(%esp), %ebx
#endif
	fnstcw	SAVE_FPCTL(%esp)
	movzwl	SAVE_FPCTL(%esp), %ebp
.endif
.endm

/* Pop SAVED_REGS, in the reverse order. */
.macro POP_REGS reg, rest:vararg
.ifnb \rest
	POP_REGS \rest
.endif
	popl	%\reg
	.cfi_adjust_cfa_offset -4
	.cfi_restore %\reg
.endm

/* esp = the target's S (CFA = esp + 32 describes its frame: both sides
 * have the same save area): restore its registers and control words, pop
 * its hidden pointer if \hidden, and jump to it.  Clobbers ecx. */
.macro RESUME_TARGET fp, hidden
.if \fp
#ifdef __SSE__
	xorl	SAVE_MXCSR(%esp), %ebx	/* which MXCSR bits differ? */
	testl	$0xffc0, %ebx		/* control bits; 0x3f are flags */
	jnz	9f
1:
#endif
	cmpw	SAVE_FPCTL(%esp), %bp	/* x87 control word: no flags */
	jne	8f
2:
.endif
	.cfi_remember_state
	addl	$12, %esp
	.cfi_adjust_cfa_offset -12
	POP_REGS SAVED_REGS
	popl	%ecx			/* return address */
	.cfi_adjust_cfa_offset -4
	.cfi_register DW_EIP, %ecx
.if \hidden
	addl	$4, %esp		/* as `ret $4` */
	.cfi_adjust_cfa_offset -4	/* CFA = esp - 4 */
.endif
	JMP_NOTRACK *%ecx
	.cfi_restore_state		/* slow paths, before the pops */
.if \fp
#ifdef __SSE__
9:	andl	$0x3f, %ebx
	xorl	%ebx, SAVE_MXCSR(%esp)
	ldmxcsr	SAVE_MXCSR(%esp)
	jmp	1b
#endif
8:	fldcw	SAVE_FPCTL(%esp)
	jmp	2b
.endif
.endm

/* ecx = the target's S: its transfer gets our S and our value. */
.macro SWITCH_TO_TARGET
	movl	ARG(2)(%esp), %edx	/* value */
	movl	%esp, %eax
	movl	%ecx, %esp		/* the switch */
	movl	ARG(0)(%esp), %ecx	/* the target's hidden pointer */
	movl	%eax, (%ecx)		/* transfer.sp */
	movl	%edx, 4(%ecx)		/* transfer.value */
	movl	%ecx, %eax		/* a struct return hands back its pointer */
	RESUME_TARGET 1, 1
.endm

/* fringe_transfer fringe_context_switch(void *sp, void *value) */
FUNC(fringe_context_switch)
	SAVE_CONTEXT 1
	movl	ARG(1)(%esp), %ecx	/* sp */
	testl	%ecx, %ecx
	jz	.Lnull_switch
	SWITCH_TO_TARGET
.Lnull_switch:			/* also for fringe_context_switch_link */
	leal	SAVE_EBP(%esp), %ebp	/* a frame record, and a CFA base */
	.cfi_def_cfa %ebp, SAVE_SIZE - SAVE_EBP	/* that survives: */
	andl	$-16, %esp		/* the alignment gcc expects */
	call	fringe__null_switch	/* noreturn */
	ud2
END(fringe_context_switch)
ALIAS(fringe_context_switch, fringe__ctx_switch)

/* fringe_transfer fringe_context_switch_link(void *sp, void *value,
 *                                            fringe_stack *stack) */
FUNC(fringe_context_switch_link)
	SAVE_CONTEXT 1
	movl	ARG(1)(%esp), %ecx	/* sp */
	testl	%ecx, %ecx
	jz	.Lnull_switch
	movl	ARG(3)(%esp), %edx	/* stack */
	testl	%edx, %edx
	jz	.Lnull_switch
	movl	FRINGE_STACK_LINK_OFFSET(%edx), %edx
	testl	%edx, %edx		/* no context was made on the stack */
	jz	.Lnull_switch
	leal	SAVE_EBP(%esp), %eax	/* our frame record */
	movl	%eax, (%edx)
.Llinked:				/* "return address" of the root record */
	SWITCH_TO_TARGET
END(fringe_context_switch_link)
ALIAS(fringe_context_switch_link, fringe__ctx_switch_link)

/* ecx = our return address (call/pop would unbalance the return stack) */
LOCAL_FUNC(fringe_i386_get_pc_ecx)
	movl	(%esp), %ecx
	ret
END(fringe_i386_get_pc_ecx)

/* void *fringe__ctx_make(void *top, fringe_context_fn fn, void *userdata,
 *                        void **link, void *base)    (base is not needed) */
#define S0 (-36 - SAVE_SIZE)		/* the initial save area, from T */
HIDDEN_FUNC(fringe__ctx_make)
	call	fringe_i386_get_pc_ecx	/* direct call: no landing pad needed */
.Lmake_pc:
	movl	4(%esp), %eax		/* T */
	xorl	%edx, %edx
.irp slot, -4, -8, -28, -32, S0 + SAVE_HANDOVER, S0 + SAVE_MXCSR, \
	S0 + SAVE_FPCTL
	movl	%edx, (\slot)(%eax)	/* terminal record, transfer, ... */
.endr
.irp reg, SAVED_REGS
	movl	%edx, (S0 + .Lsave_\reg)(%eax)	/* ... and registers: 0 */
.endr
#ifdef __SSE__
	stmxcsr	(S0 + SAVE_MXCSR)(%eax)		/* control words */
#endif
	fnstcw	(S0 + SAVE_FPCTL)(%eax)
	leal	(.Llinked - .Lmake_pc)(%ecx), %edx
	movl	%edx, -12(%eax)			/* root record */
	leal	-8(%eax), %edx
	movl	%edx, -LINK_BELOW_TOP(%eax)	/* link word -> terminal */
	movl	8(%esp), %edx
	movl	%edx, -20(%eax)			/* fn */
	movl	12(%esp), %edx
	movl	%edx, -24(%eax)			/* userdata */
	leal	-32(%eax), %edx
	movl	%edx, (S0 + ARG(0))(%eax)	/* hidden pointer -> T - 32 */
	leal	(.Lroot_entry - .Lmake_pc)(%ecx), %edx
	movl	%edx, (S0 + SAVE_PC)(%eax)	/* return address */
	leal	-LINK_BELOW_TOP(%eax), %edx
	movl	%edx, (S0 + SAVE_EBP)(%eax)	/* ebp = root record */
	movl	16(%esp), %ecx
	movl	%edx, (%ecx)			/* *link */
	addl	$S0, %eax
	ret
END(fringe__ctx_make)

/* int fringe__gen_resume(g = eax, input = edx, output = ecx, int code):
 * the generator's pending yield returns eax = code with `input` stored
 * through its hand-over slot; a new generator's root gets edx = input. */
.macro GEN_RESUME fp
	SAVE_CONTEXT \fp
	movl	%ecx, SAVE_HANDOVER(%esp)	/* where our result goes */
	movl	ARG(0)(%esp), %esi		/* code */
	movl	%esp, FRINGE_GEN_CALLER_SP_OFFSET(%eax)
	leal	SAVE_EBP(%esp), %ecx		/* our frame record goes */
	movl	%ecx, -LINK_BELOW_TOP(%eax)	/*   into the link word */
	movl	FRINGE_GEN_SP_OFFSET(%eax), %esp	/* the switch */
	movl	SAVE_HANDOVER(%esp), %ecx	/* the generator's slot */
	testl	%ecx, %ecx
	jz	1f
	testl	%esi, %esi		/* a cancelled yield's input */
	jnz	1f			/*   is left alone */
	movl	%edx, (%ecx)
1:	movl	%esi, %eax
	RESUME_TARGET \fp, 0
.endm

/* int fringe__gen_yield(g = eax, output = edx, input = ecx) and
 * void fringe__gen_return(g = eax, result = edx): publishing \state is a
 * plain add (i386 is TSO), after which the generator may run on another
 * thread: only the resumer's stack is used then. */
.macro GEN_LEAVE state, result, handover, fp
	SAVE_CONTEXT \fp
	movl	\handover, SAVE_HANDOVER(%esp)
	movl	%esp, FRINGE_GEN_SP_OFFSET(%eax)
	movl	FRINGE_GEN_CALLER_SP_OFFSET(%eax), %esp	/* the switch */
	addl	$(\state - FRINGE_GEN_RUNNING), FRINGE_GEN_STATE_OFFSET(%eax)
	movl	SAVE_HANDOVER(%esp), %ecx	/* the resumer's slot */
	testl	%ecx, %ecx
	jz	1f
	movl	%edx, (%ecx)
1:	movl	$\result, %eax
	RESUME_TARGET \fp, 0
.endm
.macro GEN_YIELD fp
	GEN_LEAVE FRINGE_GEN_RUNNABLE, FRINGE_GEN_YIELDED, %ecx, \fp
.endm
.macro GEN_RETURN fp
	GEN_LEAVE FRINGE_GEN_FINISHED, FRINGE_GEN_RETURNED, $0, \fp
.endm

/* The _shared versions (FRINGE_GENERATOR_SHARE_FPENV) leave the control
 * words alone. */
FRINGE_GEN_ROUTINES

/*
 * The root frame, reached by the first switch with ebp = T - 16, edx = the
 * value and, after a context switch, [T - 32] = the switcher's S.
 * CFA = *ebp + 8 (DW_CFA_def_cfa_expression, 5 bytes: DW_OP_breg5 (ebp) 0,
 * DW_OP_deref, DW_OP_plus_uconst 8), the resumer's registers below it.
 */
LOCAL_FUNC(__morestack)
	.cfi_escape 0x0f, 5, 0x75, 0x00, 0x06, 0x23, SAVE_SIZE - SAVE_EBP
	.cfi_offset DW_EIP, SAVE_PC - SAVE_SIZE
.irp reg, SAVED_REGS
	.cfi_offset %\reg, .Lsave_\reg - SAVE_SIZE
.endr
	nop			/* for unwinders that look up .Lroot_entry - 1 */
.Lroot_entry:
	leal	-16(%ebp), %esp		/* T - 32 */
	movl	(%esp), %ecx		/* from_sp */
	movl	%edx, (%esp)		/* argument 1: value */
	movl	%ecx, 4(%esp)		/* argument 2: from_sp; 3 is userdata */
	call	*12(%esp)		/* fn; esp is 16-aligned */
	call	fringe__entry_returned	/* fn must not return */
	ud2
END(__morestack)
FRINGE_ROOT_BOUNDS(__morestack)

FRINGE_ASM_FOOTER

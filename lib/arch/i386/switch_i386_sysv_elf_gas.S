/*
 * Context switch for i386, System V ABI, ELF, GNU assembler.
 * The protocol every backend follows is in lib/arch/README.
 *
 * Callee-saved: ebx, esi, edi, ebp, esp, the x87 control word and the
 * control bits of MXCSR.  A suspended context is a stack pointer S at this
 * save area, right below the arguments of the call that suspended it:
 *
 *     S + 36  3rd argument     hand-over slot of a generator switch
 *     S + 28  1st argument     (S + 28 is the CFA, 16-aligned for gcc)
 *     S + 24  return address   (where the context continues)
 *     S + 20  ebp              <- S + 20 is a frame record: [ebp, return]
 *     S + 16  ebx
 *     S + 12  esi
 *     S +  8  edi
 *     S +  4  x87 control word (2 bytes), 2 bytes unused
 *     S +  0  MXCSR (unused when built without SSE)
 *
 * The top of a context made by fringe__ctx_make (T = top, 16-aligned):
 *
 *     T -  4  0                \ terminal frame record: unwinding ends here
 *     T -  8  0                /
 *     T - 12  .Llinked         \ root frame record; ebp in the root frame
 *     T - 16  link word        /   points here
 *     T - 20  fn
 *     T - 24  userdata         \
 *     T - 28  (value)           | the root's call to fn(value, from_sp,
 *     T - 32  (from_sp)        /  userdata); esp in the root frame
 *     T - 36  T - 32           hidden pointer of a first context switch
 *     T - 40 .. T - 64         initial save area: return address = root
 *                              entry, ebp = T - 16, others 0, control
 *                              words of the creating thread
 *
 * Specific to i386.  Arguments come on the stack, so the hand-over slot is
 * the third argument of the suspended call, which its caller has stored:
 * `output` of fringe__gen_resume, `input` of fringe__gen_yield, and for a
 * new context the zeroed T - 28.  fringe_transfer is returned in memory:
 * the caller passes a hidden pointer as the first argument and the callee
 * pops it (`ret $4`); a context switch fills in the transfer through the
 * target's pointer, returns that pointer in eax and pops it with the return
 * address.  The return address is jumped to, never returned to: a `ret` to
 * another stack mispredicts.  Control words are reloaded only when they
 * differ, and for MXCSR only the control bits (the exception flags stay
 * the thread's).  The baseline CPU (i686) has no SSE, so MXCSR is kept only
 * when built for one (__SSE__).  The root's CFA is computed from ebp (CFA =
 * *ebp + 8 = link + 8), not esp, which is T - 32 after a context switch
 * but T - 36 after a generator switch and inside the first switch, while
 * ebp is T - 16 throughout; the root sets esp from it.
 *
 * SPDX-License-Identifier: MIT
 */

#include "../fringe-asm.h"
#include "save-area.h"

#define DW_EIP 8
#define ARG(i) (SAVE_SIZE + 4 * (i))	/* argument i of a saved call, from S */

/* Pushed in this order below the return address; .Lsave_<reg> is the slot
 * each one gets, which must be the one FRINGE_SAVE_REGS gives, in turn. */
#define SAVED_REGS ebp, ebx, esi, edi
.set .Lslot, SAVE_PC
.irp reg, SAVED_REGS
.set .Lslot, .Lslot - 4
.set .Lsave_\reg, .Lslot
.endr
#define CHECK_SLOT(name, slot) .set .Lslot, .Lslot - 4; .if (slot) != .Lslot; \
	.error "save-area.h does not match SAVE_CONTEXT"; .endif;
.set .Lslot, SAVE_PC
FRINGE_SAVE_REGS(CHECK_SLOT)
.if .Lslot != .Lsave_edi || SAVE_SIZE != SAVE_PC + 4 || SAVE_EDI != 8 || \
    SAVE_FPCTL != 4 || SAVE_MXCSR != 0 || SAVE_HANDOVER != ARG(2)
.error "save-area.h does not match SAVE_CONTEXT"
.endif

/* Where fringe__ctx_make puts the link word: this far below the top; a
 * generator's context is made right below its control block g, so its
 * link word is at g - LINK_BELOW_TOP. */
#define LINK_BELOW_TOP 16

/* Hidden C functions, reached without PLT or GOT pointer (ebx). */
	.hidden	fringe__null_switch
	.hidden	fringe__entry_returned

/* Pop SAVED_REGS, in the reverse order. */
.macro POP_REGS reg, rest:vararg
.ifnb \rest
	POP_REGS \rest
.endif
	popl	%\reg
	.cfi_adjust_cfa_offset -4
	.cfi_restore %\reg
.endm

/* Save the running context on its stack: then esp = S, CFA = esp + 28. */
.macro SAVE_CONTEXT fp
.irp reg, SAVED_REGS
	pushl	%\reg
	.cfi_adjust_cfa_offset 4
	.cfi_rel_offset %\reg, 0
.endr
	subl	$8, %esp
	.cfi_adjust_cfa_offset 8
.if \fp
#ifdef __SSE__
	stmxcsr	SAVE_MXCSR(%esp)
#endif
	fnstcw	SAVE_FPCTL(%esp)
.endif
.endm

/* The control words just saved at S = esp, into ebx (MXCSR) and bp. */
.macro OUR_CONTROL_WORDS fp
.if \fp
#ifdef __SSE__
	movl	SAVE_MXCSR(%esp), %ebx
#endif
	movzwl	SAVE_FPCTL(%esp), %ebp
.endif
.endm

/*
 * With esp = the target's S (CFA = esp + 28 describes the target's frame
 * from the switch on: both sides have the same save area) and our control
 * words in ebx / bp: restore the target's registers and control words and
 * jump to where it continues, after popping its hidden pointer if \hidden.
 * Clobbers ecx.
 */
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
	addl	$8, %esp
	.cfi_adjust_cfa_offset -8
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
	/* Flip in the target's slot, consumed anyway, exactly the flag bits
	 * that differ: it gets our flags and keeps its control bits. */
9:	andl	$0x3f, %ebx
	xorl	%ebx, SAVE_MXCSR(%esp)
	ldmxcsr	SAVE_MXCSR(%esp)
	jmp	1b
#endif
8:	fldcw	SAVE_FPCTL(%esp)
	jmp	2b
.endif
.endm

/*
 * ecx = the target's S, our S = esp.  Switch and resume the target: its
 * fringe_transfer, stored through its hidden pointer, gets sp = our S and
 * our value.
 */
.macro SWITCH_TO_TARGET
	OUR_CONTROL_WORDS 1
	movl	ARG(2)(%esp), %edx	/* value */
	movl	%esp, %eax
	movl	%ecx, %esp		/* the switch */
	movl	ARG(0)(%esp), %ecx	/* the target's hidden pointer */
	movl	%eax, (%ecx)		/* transfer.sp */
	movl	%edx, 4(%ecx)		/* transfer.value */
	movl	%ecx, %eax		/* a struct return hands back its pointer */
	RESUME_TARGET 1, 1
.endm

/*
 * Abort on a NULL argument: fringe__null_switch() is called with the
 * 16-byte alignment gcc expects.  ebp (saved) points at our frame record,
 * which keeps the frame-pointer chain and gives the CFA a base that
 * survives the realignment of esp.
 */
.macro NULL_SWITCH
	leal	SAVE_EBP(%esp), %ebp
	.cfi_def_cfa %ebp, SAVE_SIZE - SAVE_EBP
	andl	$-16, %esp
	call	fringe__null_switch	/* noreturn */
	ud2
.endm

/* fringe_transfer fringe_context_switch(void *sp, void *value) */
FUNC(fringe_context_switch)
	SAVE_CONTEXT 1
	movl	ARG(1)(%esp), %ecx	/* sp */
	testl	%ecx, %ecx
	jz	.Lnull_switch
	SWITCH_TO_TARGET
.Lnull_switch:
	NULL_SWITCH
END(fringe_context_switch)
ALIAS(fringe_context_switch, fringe__ctx_switch)

/* fringe_transfer fringe_context_switch_link(void *sp, void *value,
 *                                            fringe_stack *stack) */
FUNC(fringe_context_switch_link)
	SAVE_CONTEXT 1
	movl	ARG(1)(%esp), %ecx	/* sp */
	testl	%ecx, %ecx
	jz	.Lnull_link
	movl	ARG(3)(%esp), %edx	/* stack */
	testl	%edx, %edx
	jz	.Lnull_link
	movl	FRINGE_STACK_LINK_OFFSET(%edx), %edx
	testl	%edx, %edx		/* no context was made on the stack */
	jz	.Lnull_link
	leal	SAVE_EBP(%esp), %eax	/* our frame record */
	movl	%eax, (%edx)
.Llinked:				/* "return address" of the root record */
	SWITCH_TO_TARGET
.Lnull_link:
	NULL_SWITCH
END(fringe_context_switch_link)
ALIAS(fringe_context_switch_link, fringe__ctx_switch_link)

/* ecx = our return address, for position-independent code.  A call that
 * returns keeps the return stack buffer balanced (call/pop would not). */
LOCAL_FUNC(fringe_i386_get_pc_ecx)
	movl	(%esp), %ecx
	ret
END(fringe_i386_get_pc_ecx)

/*
 * void *fringe__ctx_make(void *top, fringe_context_fn fn, void *userdata,
 *                        void **link, void *base)    (base is not needed)
 *
 * S0, the initial save area, relative to T: below the hidden pointer.
 */
#define S0 (-36 - SAVE_SIZE)
HIDDEN_FUNC(fringe__ctx_make)
	call	fringe_i386_get_pc_ecx	/* direct call: no landing pad needed */
.Lmake_pc:
	movl	4(%esp), %eax		/* T */
	xorl	%edx, %edx
.irp slot, -4, -8, -28, -32, S0 + SAVE_MXCSR, S0 + SAVE_FPCTL
	movl	%edx, (\slot)(%eax)	/* terminal record, transfer, ... */
.endr
.irp reg, SAVED_REGS
	movl	%edx, (S0 + .Lsave_\reg)(%eax)	/* ... and registers: 0 */
.endr
#ifdef __SSE__
	stmxcsr	(S0 + SAVE_MXCSR)(%eax)	/* control words */
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
	addl	$S0, %eax			/* S0 */
	ret
END(fringe__ctx_make)

/*
 * Generators.  Offsets into struct fringe_generator from fringe-layout.h.
 * i386 is TSO: publishing a state is a plain add to the state word.
 *
 * int fringe__gen_resume(struct fringe_generator *g, void *input,
 *                        void **output, int code)
 * The generator's pending yield returns eax = code with `input` stored
 * through its hand-over slot; a new generator's root gets edx = input.
 */
.macro GEN_RESUME fp
	SAVE_CONTEXT \fp
	movl	ARG(0)(%esp), %ecx	/* g */
	movl	ARG(1)(%esp), %edx	/* input */
	movl	ARG(3)(%esp), %eax	/* code */
	movl	%esp, FRINGE_GEN_CALLER_SP_OFFSET(%ecx)
	leal	SAVE_EBP(%esp), %esi	/* our frame record goes */
	movl	%esi, -LINK_BELOW_TOP(%ecx)	/* into the link word */
	OUR_CONTROL_WORDS \fp
	movl	FRINGE_GEN_SP_OFFSET(%ecx), %esp	/* the switch */
	movl	SAVE_HANDOVER(%esp), %ecx	/* the generator's slot */
	testl	%ecx, %ecx
	jz	1f
	testl	%eax, %eax		/* a cancelled yield's input */
	jnz	1f			/*   is left alone */
	movl	%edx, (%ecx)
1:	RESUME_TARGET \fp, 0
.endm

/*
 * The generator's context is saved at S = esp, with g and the value in
 * its first two arguments.  Switch to the resumer, publish \state, store
 * the value through the resumer's hand-over slot and return \result from
 * its resume.  Once published, the generator may run on another thread:
 * everything it needs is in registers or on the resumer's stack.
 */
.macro LEAVE_GENERATOR state, result, fp
	movl	ARG(0)(%esp), %ecx	/* g */
	movl	ARG(1)(%esp), %edx	/* the value */
	movl	%esp, FRINGE_GEN_SP_OFFSET(%ecx)
	OUR_CONTROL_WORDS \fp
	movl	FRINGE_GEN_CALLER_SP_OFFSET(%ecx), %esp	/* the switch */
	addl	$(\state - FRINGE_GEN_RUNNING), FRINGE_GEN_STATE_OFFSET(%ecx)
	movl	SAVE_HANDOVER(%esp), %eax	/* the resumer's slot */
	testl	%eax, %eax
	jz	1f
	movl	%edx, (%eax)
1:	movl	$\result, %eax
	RESUME_TARGET \fp, 0
.endm

/* int fringe__gen_yield(struct fringe_generator *g, void *output,
 *                       void **input) */
.macro GEN_YIELD fp
	SAVE_CONTEXT \fp
	LEAVE_GENERATOR FRINGE_GEN_RUNNABLE, FRINGE_GEN_YIELDED, \fp
.endm

/* void fringe__gen_return(struct fringe_generator *g, void *result): a
 * finished generator is never resumed, so it needs no hand-over slot. */
.macro GEN_RETURN fp
	SAVE_CONTEXT \fp
	LEAVE_GENERATOR FRINGE_GEN_FINISHED, FRINGE_GEN_RETURNED, \fp
.endm

/* The _shared versions, for FRINGE_GENERATOR_SHARE_FPENV, leave the
 * control words alone. */
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
 * The root frame of every context, reached by its first switch with ebp =
 * T - 16 and edx = the value; after a context switch, [T - 32] = the
 * switching context's S.
 *
 * CFA = *ebp + 8, i.e. link word + 8:
 *   DW_CFA_def_cfa_expression, 5 bytes:
 *   DW_OP_breg5 (ebp) 0, DW_OP_deref, DW_OP_plus_uconst 8
 * and the resumer's registers sit below it as in its save area.
 */
LOCAL_FUNC(__morestack)
	.cfi_escape 0x0f, 5, 0x75, 0x00, 0x06, 0x23, SAVE_SIZE - SAVE_EBP
	.cfi_offset DW_EIP, SAVE_PC - SAVE_SIZE
.irp reg, SAVED_REGS
	.cfi_offset %\reg, .Lsave_\reg - SAVE_SIZE
.endr
	/* Never executed: keeps .Lroot_entry - 1 inside this function, for
	 * unwinders that look up a return address minus one. */
	nop
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

/*
 * Context switch for x86_64, System V ABI, ELF, GNU assembler.
 *
 * A suspended context is a stack pointer S pointing at this save area:
 *
 *     S + 56  return address  (where the context continues)
 *     S + 48  rbp             <- S + 48 is a frame record: [rbp, return]
 *     S + 40  rbx
 *     S + 32  r12
 *     S + 24  r13
 *     S + 16  r14
 *     S +  8  r15
 *     S +  0  MXCSR (4 bytes), x87 control word (2 bytes), 2 bytes unused
 *
 * These are exactly the registers and control words the psABI makes
 * callee-saved.  The return address is popped and jumped to rather than
 * returned to: a `ret` to another stack mispredicts in the return stack
 * buffer.  MXCSR and the x87 control word are reloaded only when they differ
 * (loading them is slow on some CPUs), and for MXCSR only the control bits
 * are taken over: the exception flags stay those of the running thread.
 *
 * The top of a context made by fringe__ctx_make (T = top, 16-aligned):
 *
 *     T -  8  0                \ terminal frame record: unwinding ends here
 *     T - 16  0                /
 *     T - 24  .Llinked         \ root frame record; rbp in the root frame
 *     T - 32  link word        /   points here.  The link word holds the
 *     T - 40  userdata             address of the resumer's frame record
 *     T - 48  fn               <- rsp in the root frame (__morestack)
 *     T - 56 .. T - 112        initial save area: return address
 *                              = root entry, rbp = T - 32, others 0,
 *                              control words of the creating thread
 *
 * Call-stack splicing: the root frame's CFI computes its CFA from the link
 * word (CFA = link + 16), so DWARF unwinders restore the resumer's rip,
 * rbp, rbx and r12-r15 from its save area and continue in its frames.  A
 * frame-pointer walk goes root record -> [link, .Llinked] -> the resumer's
 * record (S + 48).  The link word starts out pointing at the terminal
 * record, where both kinds of walk stop.  The root function is named
 * __morestack (a local symbol) because gdb accepts a frame whose caller's
 * stack lies below it only under that name.
 *
 * SPDX-License-Identifier: MIT
 */

#include "../fringe-asm.h"

/* DWARF register numbers */
#define DW_RIP 16

/*
 * Save the callee-saved state of the running context on its own stack.
 * Afterwards rsp = S and the CFA is rsp + 64.
 */
.macro SAVE_CONTEXT
	pushq	%rbp
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset %rbp, 0
	pushq	%rbx
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset %rbx, 0
	pushq	%r12
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset %r12, 0
	pushq	%r13
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset %r13, 0
	pushq	%r14
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset %r14, 0
	pushq	%r15
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset %r15, 0
	subq	$8, %rsp
	.cfi_adjust_cfa_offset 8
	stmxcsr	(%rsp)
	fnstcw	4(%rsp)
.endm

/*
 * rdi = target S, rsi = value.  Switch to the target and resume it with
 * rax = our S (the "sp" of its transfer) and rdx = value.  The CFI needs
 * no change at the stack switch: both sides have the same save area
 * layout, so CFA = rsp + 64 stays true and from here on describes the
 * target's frame.
 */
.macro SWITCH_TO_TARGET
	movq	%rsp, %rax
	movq	%rdi, %rsp
	movq	%rsi, %rdx
	/* which control bits differ between the two contexts? */
	movq	(%rax), %rcx
	xorq	(%rsp), %rcx
	testl	$0xffc0, %ecx		/* MXCSR control bits */
	jnz	9f
1:	shrq	$32, %rcx
	testw	%cx, %cx		/* x87 control word */
	jnz	8f
2:	.cfi_remember_state
	addq	$8, %rsp
	.cfi_adjust_cfa_offset -8
	popq	%r15
	.cfi_adjust_cfa_offset -8
	.cfi_restore %r15
	popq	%r14
	.cfi_adjust_cfa_offset -8
	.cfi_restore %r14
	popq	%r13
	.cfi_adjust_cfa_offset -8
	.cfi_restore %r13
	popq	%r12
	.cfi_adjust_cfa_offset -8
	.cfi_restore %r12
	popq	%rbx
	.cfi_adjust_cfa_offset -8
	.cfi_restore %rbx
	popq	%rbp
	.cfi_adjust_cfa_offset -8
	.cfi_restore %rbp
	popq	%rcx
	.cfi_adjust_cfa_offset -8
	.cfi_register DW_RIP, %rcx
	JMP_NOTRACK *%rcx

	/* slow paths, with the CFI of the point that branched here */
	.cfi_restore_state
9:	movl	(%rax), %r8d		/* our MXCSR: keep its flags */
	andl	$0x3f, %r8d
	movl	(%rsp), %r9d		/* target's MXCSR: take its controls */
	andl	$~0x3f, %r9d
	orl	%r9d, %r8d
	movl	%r8d, (%rsp)		/* the slot is consumed anyway */
	ldmxcsr	(%rsp)
	jmp	1b
8:	fldcw	4(%rsp)
	jmp	2b
.endm

/*
 * fringe_transfer fringe_context_switch(void *sp, void *value)
 */
FUNC(fringe_context_switch)
	SAVE_CONTEXT
	testq	%rdi, %rdi
	jz	.Lnull_switch
	SWITCH_TO_TARGET
.Lnull_switch:
	call	fringe__null_switch	/* rsp is 16-aligned here; no return */
	ud2
END(fringe_context_switch)
ALIAS(fringe_context_switch, fringe__ctx_switch)

/*
 * fringe_transfer fringe_context_switch_link(void *sp, void *value,
 *                                            fringe_stack *stack)
 */
FUNC(fringe_context_switch_link)
	SAVE_CONTEXT
	testq	%rdi, %rdi
	jz	.Lnull_link
	testq	%rdx, %rdx
	jz	.Lnull_link
	movq	FRINGE_STACK_LINK_OFFSET(%rdx), %rdx
	testq	%rdx, %rdx		/* no context was made on the stack */
	jz	.Lnull_link
	leaq	48(%rsp), %rcx		/* our frame record */
	movq	%rcx, (%rdx)
.Llinked:				/* "return address" of the root record */
	SWITCH_TO_TARGET
.Lnull_link:
	call	fringe__null_switch
	ud2
END(fringe_context_switch_link)
ALIAS(fringe_context_switch_link, fringe__ctx_switch_link)

/*
 * void *fringe__ctx_make(void *top, fringe_context_fn fn, void *userdata,
 *                        void **link, void *base)    (base is not needed)
 */
HIDDEN_FUNC(fringe__ctx_make)
	xorl	%eax, %eax
	movq	%rax, -8(%rdi)			/* terminal record */
	movq	%rax, -16(%rdi)
	leaq	.Llinked(%rip), %r8
	movq	%r8, -24(%rdi)			/* root record */
	leaq	-16(%rdi), %r8
	movq	%r8, -32(%rdi)			/* link word -> terminal */
	movq	%rdx, -40(%rdi)			/* userdata */
	movq	%rsi, -48(%rdi)			/* fn */
	leaq	.Lroot_entry(%rip), %r8
	movq	%r8, -56(%rdi)			/* return address */
	leaq	-32(%rdi), %r8
	movq	%r8, -64(%rdi)			/* rbp = root record */
	movq	%rax, -72(%rdi)			/* rbx */
	movq	%rax, -80(%rdi)			/* r12 */
	movq	%rax, -88(%rdi)			/* r13 */
	movq	%rax, -96(%rdi)			/* r14 */
	movq	%rax, -104(%rdi)		/* r15 */
	movq	%rax, -112(%rdi)
	stmxcsr	-112(%rdi)			/* control words */
	fnstcw	-108(%rdi)
	leaq	-32(%rdi), %r8
	movq	%r8, (%rcx)			/* *link */
	leaq	-112(%rdi), %rax
	ret
END(fringe__ctx_make)

/*
 * The root frame of every context.  Reached by the first switch, with
 * rsp = T - 48, rax = the switching context's S and rdx = the value.
 *
 * CFA = *(rsp + 16) + 16, i.e. link word + 16:
 *   DW_CFA_def_cfa_expression, 5 bytes:
 *   DW_OP_breg7 (rsp) 16, DW_OP_deref, DW_OP_plus_uconst 16
 * and the resumer's registers sit below it as in its save area.
 */
	.text
	.p2align 4
	.type	__morestack, @function
__morestack:
	.cfi_startproc
	.cfi_escape 0x0f, 5, 0x77, 0x10, 0x06, 0x23, 0x10
	.cfi_offset DW_RIP, -8
	.cfi_offset %rbp, -16
	.cfi_offset %rbx, -24
	.cfi_offset %r12, -32
	.cfi_offset %r13, -40
	.cfi_offset %r14, -48
	.cfi_offset %r15, -56
	/* Never executed: keeps .Lroot_entry - 1 inside this function, for
	 * unwinders that look up a return address minus one. */
	nop
.Lroot_entry:
	movq	%rdx, %rdi		/* value */
	movq	%rax, %rsi		/* from_sp */
	movq	8(%rsp), %rdx		/* userdata */
	call	*(%rsp)			/* fn; rsp is 16-aligned */
	call	fringe__entry_returned	/* fn must not return */
	ud2
	.cfi_endproc
	.size	__morestack, .-__morestack

FRINGE_ASM_FOOTER

/*
 * void fringe_test_with_regs(const struct fringe_test_regs *in,
 *                            void (*fn)(void *), void *arg,
 *                            struct fringe_test_regs *out)
 *
 * Load every callee-saved register and control word from `in` (rbx, rbp,
 * r12-r15, MXCSR, x87 CW at 8-byte steps), call fn(arg), store the same
 * registers into `out`, then restore the caller's values.
 *
 * Frame (after the prologue, 16-aligned):
 *     rsp + 24 .. 64  caller's r15 .. rbp (pushed)
 *     rsp + 8         out
 *     rsp + 0         caller's MXCSR (4 bytes) and x87 CW (2 bytes)
 */
#if defined(__x86_64__) && !defined(__ILP32__)
#include "arch/fringe-asm.h"

FUNC(fringe_test_with_regs)
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
	subq	$24, %rsp
	.cfi_adjust_cfa_offset 24
	stmxcsr	(%rsp)
	fnstcw	4(%rsp)
	movq	%rcx, 8(%rsp)

	movq	%rsi, %rax		/* fn */
	ldmxcsr	48(%rdi)
	fldcw	56(%rdi)
	movq	0(%rdi), %rbx
	movq	8(%rdi), %rbp
	movq	16(%rdi), %r12
	movq	24(%rdi), %r13
	movq	32(%rdi), %r14
	movq	40(%rdi), %r15
	movq	%rdx, %rdi		/* arg */
	call	*%rax

	movq	8(%rsp), %rax		/* out */
	movq	%rbx, 0(%rax)
	movq	%rbp, 8(%rax)
	movq	%r12, 16(%rax)
	movq	%r13, 24(%rax)
	movq	%r14, 32(%rax)
	movq	%r15, 40(%rax)
	movq	$0, 48(%rax)
	stmxcsr	48(%rax)
	movq	$0, 56(%rax)
	fnstcw	56(%rax)

	ldmxcsr	(%rsp)
	fldcw	4(%rsp)
	addq	$24, %rsp
	.cfi_adjust_cfa_offset -24
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
	ret
END(fringe_test_with_regs)

FRINGE_ASM_FOOTER
#else
/* Not this CPU: an empty object, marked non-executable-stack. */
	.section .note.GNU-stack, "", %progbits
#endif

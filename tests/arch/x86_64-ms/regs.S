/*
 * void fringe_test_with_regs(const struct fringe_test_regs *in,
 *                            void (*fn)(void *), void *arg,
 *                            struct fringe_test_regs *out)
 * Microsoft x64 ABI: rcx = in, rdx = fn, r8 = arg, r9 = out.
 *
 * Load every callee-saved register and control word from `in` (regs.h:
 * rbx, rbp, rdi, rsi, r12-r15 at 0..56, xmm6-xmm15 at 64 + 16 * n, MXCSR
 * at 224, x87 CW at 232), call fn(arg), store the same registers into
 * `out`, then restore the caller's values.
 *
 * Frame (after the prologue, 16-aligned):
 *     rsp + 216 .. 272  caller's r15 .. rbp (pushed)
 *     rsp + 48 .. 208   caller's xmm6 .. xmm15
 *     rsp + 40          caller's MXCSR (4 bytes) and x87 CW (2 bytes)
 *     rsp + 32          out
 *     rsp + 0 .. 32     home space of the call
 */
#include "arch/fringe-asm.h"

FUNC(fringe_test_with_regs)
	pushq	%rbp
	.seh_pushreg %rbp
	pushq	%rbx
	.seh_pushreg %rbx
	pushq	%rdi
	.seh_pushreg %rdi
	pushq	%rsi
	.seh_pushreg %rsi
	pushq	%r12
	.seh_pushreg %r12
	pushq	%r13
	.seh_pushreg %r13
	pushq	%r14
	.seh_pushreg %r14
	pushq	%r15
	.seh_pushreg %r15
	subq	$216, %rsp
	.seh_stackalloc 216
	.irp n, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	movaps	%xmm\n, 48 + 16 * (\n - 6)(%rsp)
	.seh_savexmm %xmm\n, 48 + 16 * (\n - 6)
	.endr
	.seh_endprologue
	stmxcsr	40(%rsp)
	fnstcw	44(%rsp)
	movq	%r9, 32(%rsp)

	movq	%rdx, %rax		/* fn */
	ldmxcsr	224(%rcx)
	fldcw	232(%rcx)
	movq	0(%rcx), %rbx
	movq	8(%rcx), %rbp
	movq	16(%rcx), %rdi
	movq	24(%rcx), %rsi
	movq	32(%rcx), %r12
	movq	40(%rcx), %r13
	movq	48(%rcx), %r14
	movq	56(%rcx), %r15
	.irp n, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	movups	64 + 16 * (\n - 6)(%rcx), %xmm\n
	.endr
	movq	%r8, %rcx		/* arg */
	call	*%rax

	movq	32(%rsp), %rax		/* out */
	movq	%rbx, 0(%rax)
	movq	%rbp, 8(%rax)
	movq	%rdi, 16(%rax)
	movq	%rsi, 24(%rax)
	movq	%r12, 32(%rax)
	movq	%r13, 40(%rax)
	movq	%r14, 48(%rax)
	movq	%r15, 56(%rax)
	.irp n, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	movups	%xmm\n, 64 + 16 * (\n - 6)(%rax)
	.endr
	movq	$0, 224(%rax)
	stmxcsr	224(%rax)
	movq	$0, 232(%rax)
	fnstcw	232(%rax)

	ldmxcsr	40(%rsp)
	fldcw	44(%rsp)
	.irp n, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	movaps	48 + 16 * (\n - 6)(%rsp), %xmm\n
	.endr
	addq	$216, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rsi
	popq	%rdi
	popq	%rbx
	popq	%rbp
	ret
END(fringe_test_with_regs)

FRINGE_ASM_FOOTER

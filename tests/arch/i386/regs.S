/*
 * void fringe_test_with_regs(const struct fringe_test_regs *in,
 *                            void (*fn)(void *), void *arg,
 *                            struct fringe_test_regs *out)
 *
 * Load every callee-saved register and control word from `in` (ebx, esi,
 * edi, ebp, x87 CW and, when built with SSE, MXCSR, at 8-byte steps),
 * call fn(arg), store the same registers into `out` (32-bit values
 * zero-extended), then restore the caller's values.
 *
 * Frame (after the prologue, 16-aligned when our caller's was):
 *     esp + 48 .. 60  in, fn, arg, out
 *     esp + 44        return address
 *     esp + 28 .. 40  caller's edi, esi, ebx, ebp (pushed)
 *     esp +  8        caller's MXCSR (with SSE)
 *     esp +  4        caller's x87 CW (2 bytes)
 *     esp +  0        the argument of fn
 */
#if defined(__i386__)
#include "arch/fringe-asm.h"

FUNC(fringe_test_with_regs)
	pushl	%ebp
	.cfi_adjust_cfa_offset 4
	.cfi_rel_offset %ebp, 0
	pushl	%ebx
	.cfi_adjust_cfa_offset 4
	.cfi_rel_offset %ebx, 0
	pushl	%esi
	.cfi_adjust_cfa_offset 4
	.cfi_rel_offset %esi, 0
	pushl	%edi
	.cfi_adjust_cfa_offset 4
	.cfi_rel_offset %edi, 0
	subl	$28, %esp
	.cfi_adjust_cfa_offset 28
	fnstcw	4(%esp)
#ifdef __SSE__
	stmxcsr	8(%esp)
#endif

	movl	48(%esp), %eax		/* in */
	fldcw	32(%eax)
#ifdef __SSE__
	ldmxcsr	40(%eax)
#endif
	movl	0(%eax), %ebx
	movl	8(%eax), %esi
	movl	16(%eax), %edi
	movl	24(%eax), %ebp
	movl	56(%esp), %eax		/* arg */
	movl	%eax, (%esp)
	call	*52(%esp)		/* fn; esp is 16-aligned */

	movl	60(%esp), %eax		/* out */
	movl	%ebx, 0(%eax)
	movl	$0, 4(%eax)
	movl	%esi, 8(%eax)
	movl	$0, 12(%eax)
	movl	%edi, 16(%eax)
	movl	$0, 20(%eax)
	movl	%ebp, 24(%eax)
	movl	$0, 28(%eax)
	movl	$0, 32(%eax)
	movl	$0, 36(%eax)
	fnstcw	32(%eax)
#ifdef __SSE__
	movl	$0, 44(%eax)
	stmxcsr	40(%eax)
#endif

	fldcw	4(%esp)
#ifdef __SSE__
	ldmxcsr	8(%esp)
#endif
	addl	$28, %esp
	.cfi_adjust_cfa_offset -28
	popl	%edi
	.cfi_adjust_cfa_offset -4
	.cfi_restore %edi
	popl	%esi
	.cfi_adjust_cfa_offset -4
	.cfi_restore %esi
	popl	%ebx
	.cfi_adjust_cfa_offset -4
	.cfi_restore %ebx
	popl	%ebp
	.cfi_adjust_cfa_offset -4
	.cfi_restore %ebp
	ret
END(fringe_test_with_regs)

FRINGE_ASM_FOOTER
#else
/* Not this CPU: an empty object, marked non-executable-stack. */
	.section .note.GNU-stack, "", %progbits
#endif

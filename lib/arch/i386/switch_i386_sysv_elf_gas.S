/*
 * Context switch for i386, System V ABI, ELF, GNU assembler.
 *
 * A suspended context is a stack pointer S pointing at this save area,
 * which sits right below the arguments of the switch call that suspended
 * it (S + 28 is the CFA of that call, 16-aligned for a gcc caller):
 *
 *     S + 36  value            \  arguments of the suspended switch call
 *     S + 32  sp                |  (+ stack at S + 40 for the _link one)
 *     S + 28  hidden pointer   /   where its fringe_transfer goes
 *     S + 24  return address   (where the context continues)
 *     S + 20  ebp              <- S + 20 is a frame record: [ebp, return]
 *     S + 16  ebx
 *     S + 12  esi
 *     S +  8  edi
 *     S +  4  x87 control word (2 bytes), 2 bytes unused
 *     S +  0  MXCSR (4 bytes; unused when built without SSE)
 *
 * These are exactly the registers and control words the i386 psABI makes
 * callee-saved.  fringe_transfer is returned in memory: the caller passes
 * a hidden pointer as the first stack argument and the callee pops it
 * (`ret $4`).  Each side's hidden pointer lies on its own stack, right
 * above its return address, so resuming a context fills in the transfer
 * through the *target's* pointer, returns that pointer in eax, and pops
 * return address and pointer together.  The return address is then jumped
 * to rather than returned to: a `ret` to another stack mispredicts in the
 * return stack buffer.
 *
 * MXCSR and the x87 control word are reloaded only when they differ
 * (loading them is slow on some CPUs), and for MXCSR only the control bits
 * are taken over: the exception flags stay those of the running thread.
 * The i386 baseline (i686) has no SSE and stmxcsr/ldmxcsr fault on such a
 * CPU, so MXCSR is handled only when this file is built for a CPU with SSE
 * (__SSE__ defined, e.g. -msse2 or -march=pentium4 and later).  Built
 * without it, a program that uses SSE itself does not get its MXCSR
 * control bits preserved across a switch.  The layout stays the same.
 *
 * The top of a context made by fringe__ctx_make (T = top, 16-aligned):
 *
 *     T -  4  0                \ terminal frame record: unwinding ends here
 *     T -  8  0                /
 *     T - 12  .Llinked         \ root frame record; ebp in the root frame
 *     T - 16  link word        /   points here.  The link word holds the
 *                                  address of the resumer's frame record
 *     T - 20  fn
 *     T - 24  userdata         \
 *     T - 28  (value)           | the root's call to fn(value, from_sp,
 *     T - 32  (from_sp)        /  userdata); esp in the root frame
 *     T - 36  T - 32           hidden pointer of the first switch: the
 *                              transfer lands in T - 32 and T - 28
 *     T - 40 .. T - 64         initial save area: return address
 *                              = root entry, ebp = T - 16, others 0,
 *                              control words of the creating thread
 *
 * Call-stack splicing: the root frame's CFI computes its CFA from the link
 * word, CFA = *ebp + 8 = link + 8, so DWARF unwinders restore the
 * resumer's eip, ebp, ebx, esi and edi from its save area and continue in
 * its frames.  The CFA is computed from ebp, not esp as on x86_64: the
 * first switch pops the hidden pointer slot at T - 36, so esp in the root
 * is T - 32 when the root runs but T - 36 when an unwinder reaches the root
 * from inside that switch, while ebp is T - 16 in both cases (and in any
 * frame that fn's CFI unwinds to, ebp being callee-saved).  A frame-pointer
 * walk goes root record -> [link, .Llinked] -> the resumer's record
 * (S + 20).  The link word starts out pointing at the terminal record,
 * where both kinds of walk stop.  The root function is named __morestack
 * (a local symbol) because gdb accepts a frame whose caller's stack lies
 * below it only under that name.
 *
 * SPDX-License-Identifier: MIT
 */

#include "../fringe-asm.h"

/* The slots of the save area (SAVE_PC, SAVE_EBP, ...) */
#include "save-area.h"

/* DWARF register numbers */
#define DW_EIP 8

/* SAVE_CONTEXT pushes, below the return address, ebp, ebx, esi, edi,
 * then 8 bytes for the control words: the slots save-area.h names must be
 * where those pushes put them. */
.if SAVE_PC != SAVE_CFA - 4 || SAVE_EBP != SAVE_CFA - 8 || \
    SAVE_EBX != SAVE_CFA - 12 || SAVE_ESI != SAVE_CFA - 16 || \
    SAVE_EDI != SAVE_CFA - 20 || SAVE_FPCW != 4 || SAVE_MXCSR != 0 || \
    SAVE_CFA != 28
.error "save-area.h does not match the pushes of SAVE_CONTEXT"
.endif

/* The C functions called from here are hidden: reached directly, without
 * PLT or GOT pointer (ebx), from position-independent code. */
	.hidden	fringe__null_switch
	.hidden	fringe__entry_returned

/*
 * Save the callee-saved state of the running context on its own stack.
 * Afterwards esp = S and the CFA is esp + 28; the arguments of the call
 * are at S + 28 (hidden pointer), S + 32, S + 36 and S + 40.
 */
.macro SAVE_CONTEXT
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
	subl	$8, %esp
	.cfi_adjust_cfa_offset 8
#ifdef __SSE__
	stmxcsr	(%esp)
#endif
	fnstcw	4(%esp)
.endm

/*
 * ecx = target S, our S holds the switch's arguments.  Switch to the
 * target and resume it: its fringe_transfer gets sp = our S and our value,
 * stored through the target's hidden pointer, which is returned in eax and
 * popped.  The CFI needs no change at the stack switch: both sides have
 * the same save area layout, so CFA = esp + 28 stays true and from there
 * on describes the target's frame.
 */
.macro SWITCH_TO_TARGET
	movl	36(%esp), %edx		/* value */
	movl	%esp, %eax		/* our S: the target's transfer.sp */
	movl	%ecx, %esp		/* now on the target's stack */
#ifdef __SSE__
	/* which MXCSR control bits differ between the two contexts? */
	movl	(%eax), %ecx
	xorl	(%esp), %ecx
	testl	$0xffc0, %ecx		/* control bits; 0x3f are flags */
	jnz	9f
1:
#endif
	movzwl	4(%eax), %ecx		/* x87 control word: no flags in it */
	cmpw	4(%esp), %cx
	jne	8f
2:	movl	28(%esp), %ecx		/* the target's hidden pointer */
	movl	%eax, (%ecx)		/* transfer.sp */
	movl	%edx, 4(%ecx)		/* transfer.value */
	movl	%ecx, %eax		/* a struct return hands back its pointer */
	.cfi_remember_state
	addl	$8, %esp		/* control words: already in place */
	.cfi_adjust_cfa_offset -8
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
	popl	%ecx			/* return address */
	.cfi_adjust_cfa_offset -4
	.cfi_register DW_EIP, %ecx
	addl	$4, %esp		/* pop the hidden pointer, as `ret $4` */
	.cfi_adjust_cfa_offset -4	/* CFA = esp - 4 (DW_CFA_def_cfa_offset_sf) */
	JMP_NOTRACK *%ecx

	/* slow paths, with the CFI of the point that branched here */
	.cfi_restore_state
#ifdef __SSE__
	/* Flip in the target's slot exactly the flag bits that differ from
	 * ours: the result has our flags and the target's controls.  The
	 * slot is consumed anyway. */
9:	andl	$0x3f, %ecx
	xorl	%ecx, (%esp)
	ldmxcsr	(%esp)
	jmp	1b
#endif
8:	fldcw	4(%esp)
	jmp	2b
.endm

/*
 * Abort on a NULL argument: fringe__null_switch(void), noreturn, called
 * with the 16-byte alignment gcc expects whatever our caller's was.  ebp
 * (already saved) is pointed at our frame record, which both keeps the
 * frame-pointer chain intact and gives the CFA a base that survives the
 * realignment of esp.
 */
.macro NULL_SWITCH
	leal	20(%esp), %ebp		/* our frame record, S + 20 */
	.cfi_def_cfa %ebp, 8		/* CFA = S + 28, as before */
	andl	$-16, %esp
	call	fringe__null_switch	/* noreturn */
	ud2
.endm

/*
 * fringe_transfer fringe_context_switch(void *sp, void *value)
 */
FUNC(fringe_context_switch)
	SAVE_CONTEXT
	movl	32(%esp), %ecx		/* sp */
	testl	%ecx, %ecx
	jz	.Lnull_switch
	SWITCH_TO_TARGET
.Lnull_switch:
	NULL_SWITCH
END(fringe_context_switch)
ALIAS(fringe_context_switch, fringe__ctx_switch)

/*
 * fringe_transfer fringe_context_switch_link(void *sp, void *value,
 *                                            fringe_stack *stack)
 */
FUNC(fringe_context_switch_link)
	SAVE_CONTEXT
	movl	32(%esp), %ecx		/* sp */
	testl	%ecx, %ecx
	jz	.Lnull_link
	movl	40(%esp), %edx		/* stack */
	testl	%edx, %edx
	jz	.Lnull_link
	movl	FRINGE_STACK_LINK_OFFSET(%edx), %edx
	testl	%edx, %edx		/* no context was made on the stack */
	jz	.Lnull_link
	leal	20(%esp), %eax		/* our frame record */
	movl	%eax, (%edx)
.Llinked:				/* "return address" of the root record */
	SWITCH_TO_TARGET
.Lnull_link:
	NULL_SWITCH
END(fringe_context_switch_link)
ALIAS(fringe_context_switch_link, fringe__ctx_switch_link)

/*
 * ecx = our return address.  Position-independent code reaches the
 * labels of this file relative to it; a call that returns keeps the
 * return stack buffer balanced (a call/pop pair would not).
 */
LOCAL_FUNC(fringe_i386_get_pc_ecx)
	movl	(%esp), %ecx
	ret
END(fringe_i386_get_pc_ecx)

/*
 * void *fringe__ctx_make(void *top, fringe_context_fn fn, void *userdata,
 *                        void **link, void *base)    (base is not needed)
 */
HIDDEN_FUNC(fringe__ctx_make)
	call	fringe_i386_get_pc_ecx	/* direct call: no landing pad needed */
.Lmake_pc:
	movl	4(%esp), %eax		/* top */
	xorl	%edx, %edx
	movl	%edx, -4(%eax)			/* terminal record */
	movl	%edx, -8(%eax)
	leal	(.Llinked - .Lmake_pc)(%ecx), %edx
	movl	%edx, -12(%eax)			/* root record */
	leal	-8(%eax), %edx
	movl	%edx, -16(%eax)			/* link word -> terminal */
	movl	8(%esp), %edx
	movl	%edx, -20(%eax)			/* fn */
	movl	12(%esp), %edx
	movl	%edx, -24(%eax)			/* userdata */
	leal	-32(%eax), %edx
	movl	%edx, -36(%eax)			/* hidden pointer -> T - 32 */
	leal	(.Lroot_entry - .Lmake_pc)(%ecx), %edx
	movl	%edx, -40(%eax)			/* return address */
	leal	-16(%eax), %edx
	movl	%edx, -44(%eax)			/* ebp = root record */
	xorl	%edx, %edx
	movl	%edx, -28(%eax)			/* transfer slots: not needed, */
	movl	%edx, -32(%eax)			/* but no stale data either */
	movl	%edx, -48(%eax)			/* ebx */
	movl	%edx, -52(%eax)			/* esi */
	movl	%edx, -56(%eax)			/* edi */
	movl	%edx, -60(%eax)
	movl	%edx, -64(%eax)
#ifdef __SSE__
	stmxcsr	-64(%eax)			/* control words */
#endif
	fnstcw	-60(%eax)
	movl	16(%esp), %edx
	leal	-16(%eax), %ecx
	movl	%ecx, (%edx)			/* *link */
	subl	$64, %eax			/* initial S */
	ret
END(fringe__ctx_make)

/*
 * The root frame of every context.  Reached by the first switch, with
 * esp = T - 32, ebp = T - 16 and eax = T - 32, where that switch stored
 * its transfer: [T - 32] = the switching context's S, [T - 28] = value.
 *
 * CFA = *ebp + 8, i.e. link word + 8:
 *   DW_CFA_def_cfa_expression, 5 bytes:
 *   DW_OP_breg5 (ebp) 0, DW_OP_deref, DW_OP_plus_uconst 8
 * and the resumer's registers sit below it as in its save area.
 */
	.text
	.p2align 4
	.type	__morestack, @function
__morestack:
	.cfi_startproc
	.cfi_escape 0x0f, 5, 0x75, 0x00, 0x06, 0x23, 0x08
	.cfi_offset DW_EIP, -4
	.cfi_offset %ebp, -8
	.cfi_offset %ebx, -12
	.cfi_offset %esi, -16
	.cfi_offset %edi, -20
	/* Never executed: keeps .Lroot_entry - 1 inside this function, for
	 * unwinders that look up a return address minus one. */
	nop
.Lroot_entry:
	movl	(%esp), %ecx		/* transfer.sp */
	movl	4(%esp), %edx		/* transfer.value */
	movl	%edx, (%esp)		/* argument 1: value */
	movl	%ecx, 4(%esp)		/* argument 2: from_sp; 3 is userdata */
	call	*12(%esp)		/* fn; esp is 16-aligned */
	call	fringe__entry_returned	/* fn must not return */
	ud2
	.cfi_endproc
	.size	__morestack, .-__morestack
FRINGE_ROOT_BOUNDS(__morestack)

FRINGE_ASM_FOOTER

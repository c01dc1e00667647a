/*
 * Context switch for x86_64, Microsoft x64 ABI, PE/COFF, GNU assembler.
 *
 * A suspended context is a stack pointer S (16-aligned) pointing at this
 * save area (save-area-ms.h names the slots):
 *
 *     S + 280  return address  (where the context continues)
 *     S + 272  rbp
 *     S + 264  rbx
 *     S + 256  rdi
 *     S + 248  rsi
 *     S + 240  r12
 *     S + 232  r13
 *     S + 224  r14
 *     S + 216  r15             <- what a link word points to
 *     S + 208  TEB GuaranteedStackBytes (4 bytes, 4 unused)
 *     S + 200  TEB DeallocationStack
 *     S + 192  TEB StackLimit
 *     S + 184  TEB StackBase
 *     S + 176  TEB ExceptionList
 *     S +  16  xmm6 .. xmm15, 16 bytes each
 *     S +   8  MXCSR (4 bytes), x87 control word (2 bytes), 2 bytes unused
 *     S +   0  hand-over slot: where the value for this context goes
 *
 * These are the registers and control words the Microsoft x64 ABI makes
 * callee-saved, and the fields of the Thread Environment Block (gs:) that
 * describe the running stack: they follow the running context, or Windows
 * takes a generator's stack for a foreign one (exception dispatch refuses
 * its frames, a stack probe or a guard page cannot grow it).  As in the
 * System V switch, the return address is popped and jumped to, MXCSR and
 * the x87 control word are reloaded only when they differ, and only
 * MXCSR's control bits move.  There is no red zone: the slow paths use the
 * target's hand-over slot, read already, as scratch space.
 *
 * fringe_transfer (16 bytes) is returned through a hidden pointer, passed
 * in rcx (the arguments move over by one register): a context suspended
 * in fringe_context_switch[_link] keeps that pointer in its hand-over
 * slot, and the switch that resumes it writes the transfer through it.
 * A generator's slot holds where its next value goes, as everywhere.
 *
 * The top of a context made by fringe__ctx_make (T = top, 16-aligned):
 *
 *     T -  8 .. T - 72   0       terminal block: eight register slots and
 *                                a return address 0, where unwinding ends
 *     T - 80   link word         the resumer's r15 slot (S + 216), at
 *                                first T - 72
 *     T - 88   userdata
 *     T - 96   fn
 *     T - 128 .. T - 96          home space of the call to fn
 *                           <- rsp in the root frame (R = T - 128)
 *     T - 416 .. T - 128         initial save area: return address = the
 *                                root's entry, registers 0, TEB fields of
 *                                the new stack, control words of the
 *                                creating thread, hand-over slot NULL
 *
 * Unwinding (SEH, .pdata/.xdata): every switch routine describes the
 * prologue that builds its save area, so that from inside a switch the
 * unwinder restores a saved context.  The root frame's unwind codes say
 * "rsp was saved at R + 48" (the link word) and then "r15 .. rbp were
 * pushed": the unwinder loads rsp from the link word, pops the resumer's
 * registers and return address from its save area and goes on in the
 * resumer's frames, as the DWARF splice of the System V backend does.  The
 * root frame has an exception handler too (fringe__root_exception, in
 * lib/os-windows.c): the resumer's frames lie outside the TEB's stack
 * limits, where exception dispatch stops without a word, so an exception
 * that nothing in the context handles ends the program there, loudly.
 *
 * The protocol every backend follows is in lib/arch/README.
 *
 * SPDX-License-Identifier: MIT
 */

#include "../fringe-asm.h"
#include "save-area-ms.h"

/* SAVE_CONTEXT pushes, below the return address, rbp, rbx, rdi, rsi,
 * r12 - r15, then allocates SAVE_ALLOC bytes for the rest. */
.if SAVE_PC != SAVE_SIZE - 8 || SAVE_RBP != SAVE_SIZE - 16 || \
    SAVE_RBX != SAVE_SIZE - 24 || SAVE_RDI != SAVE_SIZE - 32 || \
    SAVE_RSI != SAVE_SIZE - 40 || SAVE_R12 != SAVE_SIZE - 48 || \
    SAVE_R13 != SAVE_SIZE - 56 || SAVE_R14 != SAVE_SIZE - 64 || \
    SAVE_R15 != SAVE_SIZE - 72 || SAVE_ALLOC != SAVE_SIZE - 72 || \
    SAVE_HANDOVER != 0 || SAVE_MXCSR != 8 || SAVE_FPCW != 12 || \
    SAVE_XMM6 != 16 || SAVE_TEB_EXCEPT != SAVE_XMM6 + 160 || \
    (SAVE_SIZE % 16) != 0
.error "save-area-ms.h does not match the pushes of SAVE_CONTEXT"
.endif

/* Thread Environment Block fields, at these offsets from gs. */
#define TEB_EXCEPT 0x0
#define TEB_BASE 0x8
#define TEB_LIMIT 0x10
#define TEB_DEALLOC 0x1478
#define TEB_GUARANTEE 0x1748

/* The link word, this far below the top: a generator's is at
 * g - LINK_BELOW_TOP.  ROOT_RSP: rsp in the root frame, below the top. */
#define LINK_BELOW_TOP 80
#define ROOT_RSP 128
#define ROOT_LINK (ROOT_RSP - LINK_BELOW_TOP)  /* the link word from R */

/*
 * Save the callee-saved state of the running context on its own stack:
 * the prologue of every switch routine.  Afterwards rsp = S.  Clobbers
 * r10 and r11.
 */
.macro SAVE_CONTEXT fp=1
	.irp reg, rbp, rbx, rdi, rsi, r12, r13, r14, r15
	pushq	%\reg
	.seh_pushreg %\reg
	.endr
	subq	$SAVE_ALLOC, %rsp
	.seh_stackalloc SAVE_ALLOC
	.irp n, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	movaps	%xmm\n, SAVE_XMM6 + 16 * (\n - 6)(%rsp)
	.seh_savexmm %xmm\n, SAVE_XMM6 + 16 * (\n - 6)
	.endr
	.seh_endprologue
	movq	%gs:TEB_EXCEPT, %r10
	movq	%gs:TEB_BASE, %r11
	movq	%r10, SAVE_TEB_EXCEPT(%rsp)
	movq	%r11, SAVE_TEB_BASE(%rsp)
	movq	%gs:TEB_LIMIT, %r10
	movq	%gs:TEB_DEALLOC, %r11
	movq	%r10, SAVE_TEB_LIMIT(%rsp)
	movq	%r11, SAVE_TEB_DEALLOC(%rsp)
	movl	%gs:TEB_GUARANTEE, %r10d
	movl	%r10d, SAVE_TEB_GUARANTEE(%rsp)
.if \fp
	stmxcsr	SAVE_MXCSR(%rsp)
	fnstcw	SAVE_FPCW(%rsp)
.endif
.endm

/* Read the control words just saved at S = \from into r9d (MXCSR) and
 * r10d (x87 control word). */
.macro OUR_CONTROL_WORDS from, fp=1
.if \fp
	movl	SAVE_MXCSR(\from), %r9d
	movzwl	SAVE_FPCW(\from), %r10d
.endif
.endm

/*
 * With rsp = the target's S, its hand-over slot consumed, and our control
 * words in r9d / r10d: restore the target's control words, registers and
 * TEB fields, and jump to where it continues.  Clobbers rcx, r9 - r11;
 * rax, rdx and r8 reach the target.
 */
.macro RESUME_TARGET fp=1
.if \fp
	movl	SAVE_MXCSR(%rsp), %r11d	/* the target's control words */
	movzwl	SAVE_FPCW(%rsp), %ecx
	xorl	%r9d, %r11d		/* which control bits differ? */
	testl	$0xffc0, %r11d		/* MXCSR control bits */
	jnz	9f
1:	cmpw	%r10w, %cx		/* x87 control word */
	jne	8f
2:
.endif
	.irp n, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	movaps	SAVE_XMM6 + 16 * (\n - 6)(%rsp), %xmm\n
	.endr
	movq	SAVE_TEB_EXCEPT(%rsp), %r10
	movq	SAVE_TEB_BASE(%rsp), %r11
	movq	%r10, %gs:TEB_EXCEPT
	movq	%r11, %gs:TEB_BASE
	movq	SAVE_TEB_LIMIT(%rsp), %r10
	movq	SAVE_TEB_DEALLOC(%rsp), %r11
	movq	%r10, %gs:TEB_LIMIT
	movq	%r11, %gs:TEB_DEALLOC
	movl	SAVE_TEB_GUARANTEE(%rsp), %r10d
	movl	%r10d, %gs:TEB_GUARANTEE
	addq	$SAVE_ALLOC, %rsp
	.irp reg, r15, r14, r13, r12, rsi, rdi, rbx, rbp
	popq	%\reg
	.endr
	popq	%r11
	JMP_NOTRACK *%r11
.if \fp
	/* Slow paths, with the target's hand-over slot as scratch space. */
9:	xorl	%r9d, %r11d		/* the target's MXCSR again */
	andl	$~0x3f, %r11d		/* its control bits */
	andl	$0x3f, %r9d		/* our exception flags */
	orl	%r11d, %r9d
	movl	%r9d, SAVE_HANDOVER(%rsp)
	ldmxcsr	SAVE_HANDOVER(%rsp)
	jmp	1b
8:	movw	%cx, SAVE_HANDOVER(%rsp)
	fldcw	SAVE_HANDOVER(%rsp)
	jmp	2b
.endif
.endm

/*
 * Our context is saved at rsp, the transfer pointer in its slot; rdx =
 * the target's S, r8 = the value.  Switch, give the target its transfer
 * {our S, value} (or, for a new context, rdx = value and r8 = our S for
 * its root) and resume it.
 */
.macro SWITCH_TO_TARGET
	movq	%rsp, %r11		/* our S */
	OUR_CONTROL_WORDS %rsp
	movq	%rdx, %rsp		/* the switch */
	movq	%r8, %rdx		/* value */
	movq	%r11, %r8		/* from_sp */
	movq	SAVE_HANDOVER(%rsp), %rax	/* the target's transfer */
	testq	%rax, %rax
	jz	3f
	movq	%r8, (%rax)		/* ->sp */
	movq	%rdx, 8(%rax)		/* ->value; rax returns it */
3:	RESUME_TARGET
.endm

/*
 * fringe_transfer fringe_context_switch(void *sp, void *value)
 *   rcx = where the transfer goes, rdx = sp, r8 = value
 */
FUNC(fringe_context_switch)
	SAVE_CONTEXT
	movq	%rcx, SAVE_HANDOVER(%rsp)
	testq	%rdx, %rdx
	jz	.Lnull_switch
	SWITCH_TO_TARGET
.Lnull_switch:
	call	fringe__null_switch	/* rsp = S is 16-aligned; no return */
	ud2
END(fringe_context_switch)
ALIAS(fringe_context_switch, fringe__ctx_switch)

/*
 * fringe_transfer fringe_context_switch_link(void *sp, void *value,
 *                                            fringe_stack *stack)
 *   rcx = where the transfer goes, rdx = sp, r8 = value, r9 = stack
 */
FUNC(fringe_context_switch_link)
	SAVE_CONTEXT
	movq	%rcx, SAVE_HANDOVER(%rsp)
	testq	%rdx, %rdx
	jz	.Lnull_link
	testq	%r9, %r9
	jz	.Lnull_link
	movq	FRINGE_STACK_LINK_OFFSET(%r9), %r9
	testq	%r9, %r9		/* no context was made on the stack */
	jz	.Lnull_link
	leaq	SAVE_R15(%rsp), %r10	/* our registers, for unwinders */
	movq	%r10, (%r9)
	SWITCH_TO_TARGET
.Lnull_link:
	call	fringe__null_switch
	ud2
END(fringe_context_switch_link)
ALIAS(fringe_context_switch_link, fringe__ctx_switch_link)

/*
 * void *fringe__ctx_make(void *top, fringe_context_fn fn, void *userdata,
 *                        void **link, void *base)
 *   rcx = top, rdx = fn, r8 = userdata, r9 = link, base at 40(%rsp)
 *
 * The TEB fields of the new context describe [base, top) as committed
 * memory, and an empty exception frame chain (-1 ends the chain: a null
 * one is taken for a frame, as Wine does); lib/os-windows.c describes a
 * stack of its own with its reservation and guarantee.
 */
#define S0 (-ROOT_RSP - SAVE_SIZE)
HIDDEN_FUNC(fringe__ctx_make)
	.seh_endprologue
	xorl	%eax, %eax
	.irp off, 8, 16, 24, 32, 40, 48, 56, 64, 72
	movq	%rax, -\off(%rcx)		/* terminal block */
	.endr
	leaq	-72(%rcx), %r10
	movq	%r10, -LINK_BELOW_TOP(%rcx)	/* link word -> terminal */
	movq	%r8, -88(%rcx)			/* userdata */
	movq	%rdx, -96(%rcx)			/* fn */
	leaq	.Lroot_entry(%rip), %r10
	movq	%r10, S0 + SAVE_PC(%rcx)	/* return address */
	.irp slot, SAVE_RBP, SAVE_RBX, SAVE_RDI, SAVE_RSI, SAVE_R12, SAVE_R13, SAVE_R14, SAVE_R15
	movq	%rax, S0 + \slot(%rcx)
	.endr
	movq	$-1, S0 + SAVE_TEB_EXCEPT(%rcx)	/* an empty frame chain */
	movq	%rcx, S0 + SAVE_TEB_BASE(%rcx)
	movq	40(%rsp), %r10			/* base */
	movq	%r10, S0 + SAVE_TEB_LIMIT(%rcx)
	movq	%r10, S0 + SAVE_TEB_DEALLOC(%rcx)
	movq	%rax, S0 + SAVE_TEB_GUARANTEE(%rcx)
	xorps	%xmm0, %xmm0
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9
	movaps	%xmm0, S0 + SAVE_XMM6 + 16 * \n(%rcx)
	.endr
	movq	%rax, S0 + SAVE_MXCSR(%rcx)
	stmxcsr	S0 + SAVE_MXCSR(%rcx)		/* control words */
	fnstcw	S0 + SAVE_FPCW(%rcx)
	movq	%rax, S0 + SAVE_HANDOVER(%rcx)	/* hand-over slot: none */
	leaq	-LINK_BELOW_TOP(%rcx), %r10
	movq	%r10, (%r9)			/* *link */
	leaq	S0(%rcx), %rax
	ret
END(fringe__ctx_make)

/* ------------------------------------------------------------------------
 * Generators.  The offsets into struct fringe_generator come from
 * fringe-layout.h.  Publishing a state is a plain read-modify-write of the
 * state word, which only the thread running the generator writes: x86
 * does not reorder stores.
 * ------------------------------------------------------------------------ */

/*
 * int fringe__gen_resume(struct fringe_generator *g, void *input,
 *                        void **output, int code)
 *   rcx = g, rdx = input, r8 = output, r9d = code
 *
 * Jumped to by fringe_generator_resume() once g is RUNNING.  Saves the
 * resumer with `output` in its hand-over slot, links it as the
 * generator's resumer and switches to the generator, which receives
 * eax = code with `input` stored through its hand-over slot (unless code
 * is not 0), or, when new, enters its root frame with rdx = input.
 */
.macro GEN_RESUME fp
	SAVE_CONTEXT \fp
	movq	%r8, SAVE_HANDOVER(%rsp)	/* where our result goes */
	movq	%rsp, FRINGE_GEN_CALLER_SP_OFFSET(%rcx)
	leaq	SAVE_R15(%rsp), %r10		/* our registers go */
	movq	%r10, -LINK_BELOW_TOP(%rcx)	/*   into the link word */
	movl	%r9d, %eax			/* what the pending yield returns */
	movq	%rsp, %r8			/* from_sp, for a new generator */
	OUR_CONTROL_WORDS %rsp, \fp
	movq	FRINGE_GEN_SP_OFFSET(%rcx), %rsp	/* the switch */
	movq	SAVE_HANDOVER(%rsp), %r11	/* the generator's slot */
	testq	%r11, %r11
	jz	3f
	testl	%eax, %eax			/* a cancelled yield's input */
	jnz	3f				/*   is left alone */
	movq	%rdx, (%r11)
3:	RESUME_TARGET \fp
.endm

/*
 * The second half of a generator's yield or return: the generator's
 * context is saved at S = rsp, `g` is in rcx, the value in rdx.  Publish
 * \state, switch to the resumer, store the value through its hand-over
 * slot and return \result to the application's resume call.
 */
.macro LEAVE_GENERATOR state, result, fp
	movq	%rsp, FRINGE_GEN_SP_OFFSET(%rcx)
	OUR_CONTROL_WORDS %rsp, \fp
	movq	FRINGE_GEN_CALLER_SP_OFFSET(%rcx), %rsp	/* the switch */
	/* RUNNING -> \state, the owner's tag in the word unchanged */
	addl	$(\state - FRINGE_GEN_RUNNING), FRINGE_GEN_STATE_OFFSET(%rcx)
	movq	SAVE_HANDOVER(%rsp), %r11	/* the resumer's slot */
	testq	%r11, %r11
	jz	3f
	movq	%rdx, (%r11)
3:	movl	$\result, %eax
	RESUME_TARGET \fp
.endm

/*
 * int fringe__gen_yield(struct fringe_generator *g, void *output,
 *                       void **input)
 *   rcx = g, rdx = output, r8 = input
 */
.macro GEN_YIELD fp
	SAVE_CONTEXT \fp
	movq	%r8, SAVE_HANDOVER(%rsp)	/* where our next input goes */
	LEAVE_GENERATOR FRINGE_GEN_RUNNABLE, FRINGE_GEN_YIELDED, \fp
.endm

/*
 * void fringe__gen_return(struct fringe_generator *g, void *result)
 *   rcx = g, rdx = result
 */
.macro GEN_RETURN fp
	SAVE_CONTEXT \fp
	movq	$0, SAVE_HANDOVER(%rsp)
	LEAVE_GENERATOR FRINGE_GEN_FINISHED, FRINGE_GEN_RETURNED, \fp
.endm

FRINGE_GEN_ROUTINES

/*
 * The root frame of every context.  Reached by the first switch, with
 * rsp = R = T - 128, rdx = the value and r8 = the switching context's S.
 *
 * Its unwind codes, read last to first: rsp = [R + ROOT_LINK] (the link
 * word: the resumer's r15 slot), then r15 .. rbp popped from there, then
 * the return address: the resumer's frame.  Nothing in the prologue is
 * code; the codes describe the resumer's save area, not this frame.
 */
LOCAL_FUNC(fringe__context_root)
	.seh_handler fringe__root_exception, @except
	.irp reg, rbp, rbx, rdi, rsi, r12, r13, r14, r15
	.seh_pushreg %\reg
	.endr
	.seh_savereg %rsp, ROOT_LINK
	.seh_endprologue
	/* Never executed: keeps .Lroot_entry - 1 inside this function, for
	 * unwinders that look up a return address minus one. */
	nop
.Lroot_entry:
	movq	%rdx, %rcx		/* value */
	movq	%r8, %rdx		/* from_sp */
	movq	ROOT_RSP - 88(%rsp), %r8	/* userdata */
	call	*ROOT_RSP - 96(%rsp)	/* fn; rsp is 16-aligned, with home space */
	call	fringe__entry_returned	/* fn must not return */
	ud2
END(fringe__context_root)
FRINGE_ROOT_BOUNDS(fringe__context_root)

FRINGE_ASM_FOOTER

/*
 * Context switch for x86_64, System V ABI, ELF, GNU assembler.
 *
 * A suspended context is a stack pointer S pointing at this save area:
 *
 *     S + 64  return address  (where the context continues)
 *     S + 56  rbp             <- S + 56 is a frame record: [rbp, return]
 *     S + 48  rbx
 *     S + 40  r12
 *     S + 32  r13
 *     S + 24  r14
 *     S + 16  r15
 *     S +  8  MXCSR (4 bytes), x87 control word (2 bytes), 2 bytes unused
 *     S +  0  hand-over slot: where the value for this context goes
 *
 * The switches of a generator created with FRINGE_GENERATOR_SHARE_FPENV
 * (the _shared routines) keep no control words, and save an area without
 * their slot (SAVE_SHARED_SKIP bytes shorter): the hand-over slot is
 * pushed right below r15 and popped first, so that S + 0 is the hand-over
 * slot and every other slot is 8 bytes below its place in the table.
 * The first context of such a generator is the full one that
 * fringe__ctx_make builds, 8 bytes up (lib/arch/generators-native.c).
 *
 * These are exactly the registers and control words the psABI makes
 * callee-saved.  The return address is popped and jumped to rather than
 * returned to: a `ret` to another stack mispredicts in the return stack
 * buffer.  MXCSR and the x87 control word are reloaded only when they differ
 * (loading them is slow on some CPUs), and for MXCSR only the control bits
 * are taken over: the exception flags stay those of the running thread.
 * The stored control words are read back with loads of the size they were
 * stored with, 4 and 2 bytes, so that the loads are forwarded from the
 * stores (one wider load would wait for both stores to reach the cache).
 *
 * The top of a context made by fringe__ctx_make (T = top, 16-aligned):
 *
 *     T -  8  0                \ terminal frame record: unwinding ends here
 *     T - 16  0                /
 *     T - 24  .Llinked         \ root frame record; rbp in the root frame
 *     T - 32  link word        /   points here.  The link word holds the
 *     T - 40  userdata             address of the resumer's frame record
 *     T - 48  fn               <- rsp in the root frame (__morestack)
 *     T - 56 .. T - 120        initial save area: return address
 *                              = root entry, rbp = T - 32, others 0,
 *                              control words of the creating thread,
 *                              hand-over slot NULL
 *
 * The root frame's CFI computes its CFA as link word + 16, so unwinders
 * continue in the resumer's save area; a frame-pointer walk goes root
 * record -> [link, .Llinked] -> the resumer's record (S + 56).
 *
 * The protocol every backend follows is in lib/arch/README.
 *
 * SPDX-License-Identifier: MIT
 */

#include "config.h"	/* FRINGE_GEN_ENTRIES */
#include "../fringe-asm.h"
/* The slots of the save area: SAVE_SIZE (CFA - rsp while a context is
 * saved), SAVE_PC, SAVE_RBP, ..., SAVE_HANDOVER. */
#include "save-area.h"

/* DWARF register numbers */
#define DW_RIP 16

/* SAVE_CONTEXT pushes, below the return address, rbp, rbx, r12 - r15,
 * then 16 bytes for the control words and the hand-over slot: the slots
 * save-area.h names must be where those pushes put them. */
.if SAVE_PC != SAVE_SIZE - 8 || SAVE_RBP != SAVE_SIZE - 16 || \
    SAVE_RBX != SAVE_SIZE - 24 || SAVE_R12 != SAVE_SIZE - 32 || \
    SAVE_R13 != SAVE_SIZE - 40 || SAVE_R14 != SAVE_SIZE - 48 || \
    SAVE_R15 != SAVE_SIZE - 56 || SAVE_MXCSR != 8 || SAVE_FPCW != 12 || \
    SAVE_HANDOVER != 0 || SAVE_SIZE != 72 || SAVE_SHARED_SKIP != 8
.error "save-area.h does not match the pushes of SAVE_CONTEXT"
.endif

/* Where fringe__ctx_make puts the link word: this far below the top.  A
 * generator's context is made right below its control block, so the link
 * word of generator g is at g - LINK_BELOW_TOP. */
#define LINK_BELOW_TOP 32

/*
 * Save the callee-saved state of the running context on its own stack.
 * Afterwards rsp = S and the CFA is rsp + 72.  With fp = 0 the CFA is
 * rsp + 56, and the caller pushes the hand-over slot: then rsp = S of the
 * shorter area (CFA = rsp + 64).
 */
.macro SAVE_CONTEXT fp=1
	.irp reg, rbp, rbx, r12, r13, r14, r15
	pushq	%\reg
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset %\reg, 0
	.endr
.if \fp
	subq	$16, %rsp
	.cfi_adjust_cfa_offset 16
	stmxcsr	SAVE_MXCSR(%rsp)
	fnstcw	SAVE_FPCW(%rsp)
.endif
.endm

/*
 * Fill the hand-over slot of the area SAVE_CONTEXT \fp has just saved:
 * with fp = 0 the slot is pushed, which completes the shorter area.
 */
.macro PUT_HANDOVER fp, value
.if \fp
	movq	\value, SAVE_HANDOVER(%rsp)
.else
	pushq	\value
	.cfi_adjust_cfa_offset 8
.endif
.endm

/*
 * Right after the switch to a target's S: its hand-over slot into \reg,
 * popped with fp = 0 (RESUME_TARGET then expects rsp = S + 8).
 */
.macro TAKE_HANDOVER fp, reg
.if \fp
	movq	SAVE_HANDOVER(%rsp), \reg
.else
	popq	\reg
	.cfi_adjust_cfa_offset -8
.endif
.endm

/*
 * Read the control words just saved at S = \from into r8d (MXCSR) and
 * r9d (x87 control word).
 */
.macro OUR_CONTROL_WORDS from, fp=1
.if \fp
	movl	SAVE_MXCSR(\from), %r8d
	movzwl	SAVE_FPCW(\from), %r9d
.endif
.endm

/*
 * With rsp = the target's S (CFA = rsp + 72 describes the target's frame;
 * with fp = 0, S + 8 of the shorter area, its hand-over slot popped
 * already: CFA = rsp + 56) and our control words in r8d / r9d: restore
 * the target's registers and control words and jump to where it
 * continues.  Clobbers rcx, r8-r11.
 * Both sides have the same save area layout, so the CFI needs no change at
 * the stack switch.
 */
.macro RESUME_TARGET fp=1
.if \fp
	movl	SAVE_MXCSR(%rsp), %r10d	/* the target's control words */
	movzwl	SAVE_FPCW(%rsp), %r11d
.endif
	.cfi_remember_state
.if \fp
	addq	$16, %rsp
	.cfi_adjust_cfa_offset -16
.endif
	.irp reg, r15, r14, r13, r12, rbx, rbp
	popq	%\reg
	.cfi_adjust_cfa_offset -8
	.cfi_restore %\reg
	.endr
	popq	%rcx
	.cfi_adjust_cfa_offset -8
	.cfi_register DW_RIP, %rcx
.if \fp == 0
	JMP_NOTRACK *%rcx
.else
	/* which control bits differ between the two contexts? */
	xorl	%r8d, %r10d
	testl	$0xffc0, %r10d		/* MXCSR control bits */
	jnz	9f
1:	cmpw	%r9w, %r11w		/* x87 control word */
	jne	8f
2:	JMP_NOTRACK *%rcx

	/*
	 * Slow paths.  The save area just popped, below rsp, is scratch
	 * space now (inside the red zone).
	 */
9:	xorl	%r8d, %r10d		/* the target's MXCSR again */
	andl	$~0x3f, %r10d		/* its control bits */
	andl	$0x3f, %r8d		/* our exception flags */
	orl	%r10d, %r8d
	movl	%r8d, -8(%rsp)
	ldmxcsr	-8(%rsp)
	jmp	1b
8:	movw	%r11w, -8(%rsp)
	fldcw	-8(%rsp)
	jmp	2b
.endif
	.cfi_restore_state
.endm

/*
 * rdi = target S, rsi = value.  Switch to the target and resume it with
 * rax = our S (the "sp" of its transfer) and rdx = value.
 */
.macro SWITCH_TO_TARGET
	movq	%rsp, %rax
	movq	%rsi, %rdx
	OUR_CONTROL_WORDS %rax
	movq	%rdi, %rsp
	RESUME_TARGET
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
	leaq	SAVE_RBP(%rsp), %rcx	/* our frame record */
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
 *
 * S0, the initial save area, relative to T: right below fn.
 */
#define S0 (-48 - SAVE_SIZE)
HIDDEN_FUNC(fringe__ctx_make)
	xorl	%eax, %eax
	movq	%rax, -8(%rdi)			/* terminal record */
	movq	%rax, -16(%rdi)
	leaq	.Llinked(%rip), %r8
	movq	%r8, -24(%rdi)			/* root record */
	leaq	-16(%rdi), %r8
	movq	%r8, -LINK_BELOW_TOP(%rdi)	/* link word -> terminal */
	movq	%rdx, -40(%rdi)			/* userdata */
	movq	%rsi, -48(%rdi)			/* fn */
	leaq	.Lroot_entry(%rip), %r8
	movq	%r8, S0 + SAVE_PC(%rdi)		/* return address */
	leaq	-LINK_BELOW_TOP(%rdi), %r8
	movq	%r8, S0 + SAVE_RBP(%rdi)	/* rbp = root record */
	movq	%rax, S0 + SAVE_RBX(%rdi)
	movq	%rax, S0 + SAVE_R12(%rdi)
	movq	%rax, S0 + SAVE_R13(%rdi)
	movq	%rax, S0 + SAVE_R14(%rdi)
	movq	%rax, S0 + SAVE_R15(%rdi)
	movq	%rax, S0 + SAVE_MXCSR(%rdi)
	stmxcsr	S0 + SAVE_MXCSR(%rdi)		/* control words */
	fnstcw	S0 + SAVE_FPCW(%rdi)
	movq	%rax, S0 + SAVE_HANDOVER(%rdi)	/* hand-over slot: none */
	leaq	-LINK_BELOW_TOP(%rdi), %r8
	movq	%r8, (%rcx)			/* *link */
	leaq	S0(%rdi), %rax
	ret
END(fringe__ctx_make)

/* ------------------------------------------------------------------------
 * Generators.  The offsets into struct fringe_generator come from
 * fringe-layout.h.  Publishing a state is a plain read-modify-write of the
 * state word, which only the thread running the generator writes (its
 * owner, lib/generator.c): x86 does not reorder stores, so everything
 * written before it (the saved stack pointer) is visible to a thread that
 * sees the state.
 * ------------------------------------------------------------------------ */

/*
 * int fringe__gen_resume(struct fringe_generator *g, void *input,
 *                        void **output, int code)
 *
 * Jumped to (a tail call) by fringe_generator_resume() once g is RUNNING:
 * the return address on the stack is that of the application's call.
 * g is also the top of the generator's context (lib/generator.c makes it
 * right below the control block), so its link word is at a fixed offset.
 * Saves the resumer with `output` in its hand-over slot, links it as the
 * generator's resumer and switches to the generator, which receives
 * eax = code (what its pending fringe_generator_yield() returns: 0, or
 * -ECANCELED from fringe_generator_cancel()) with `input` stored
 * through its hand-over slot, or, when new, enters its root frame with
 * rdx = input.  With cancel = 0 there is no code: the yield returns 0.
 */
.macro GEN_RESUME fp, cancel=1
.if \cancel
	movl	%ecx, %eax			/* what the pending yield returns */
.else
	xorl	%eax, %eax			/* no code: the yield returns 0 */
.endif
	SAVE_CONTEXT \fp
	PUT_HANDOVER \fp, %rdx			/* where our result goes */
	movq	%rsp, FRINGE_GEN_CALLER_SP_OFFSET(%rdi)
	/* our frame record goes into the link word */
	leaq	SAVE_RBP - (1 - \fp) * SAVE_SHARED_SKIP(%rsp), %rdx
	movq	%rdx, -LINK_BELOW_TOP(%rdi)
	OUR_CONTROL_WORDS %rsp, \fp
	movq	FRINGE_GEN_SP_OFFSET(%rdi), %rsp	/* the switch */
	TAKE_HANDOVER \fp, %rcx		/* the generator's slot */
	testq	%rcx, %rcx
	jz	1f
.if \cancel
	testl	%eax, %eax			/* a cancelled yield's input */
	jnz	1f				/*   is left alone */
.endif
	movq	%rsi, (%rcx)
1:	movq	%rsi, %rdx			/* for a new generator's entry */
	RESUME_TARGET \fp
.endm

/*
 * The second half of a generator's yield or return: the generator's
 * context is saved at S = rsp (or abandoned), `g` is in rdi, the value in
 * rsi.  Publish \state, switch to the resumer, store the value through its
 * hand-over slot and return \result to the application's resume call.
 * The resumer's context is read only from its own stack: once the state
 * is published, another thread may run the generator.
 */
.macro LEAVE_GENERATOR state, result, fp
	movq	%rsp, FRINGE_GEN_SP_OFFSET(%rdi)
	OUR_CONTROL_WORDS %rsp, \fp
	movq	FRINGE_GEN_CALLER_SP_OFFSET(%rdi), %rsp	/* the switch */
	/* RUNNING -> \state, the owner's tag in the word unchanged */
	addl	$(\state - FRINGE_GEN_RUNNING), FRINGE_GEN_STATE_OFFSET(%rdi)
	TAKE_HANDOVER \fp, %rcx		/* the resumer's slot */
	testq	%rcx, %rcx
	jz	1f
	movq	%rsi, (%rcx)
1:	movl	$\result, %eax
	RESUME_TARGET \fp
.endm

/*
 * int fringe__gen_yield(struct fringe_generator *g, void *output,
 *                       void **input)
 *
 * Jumped to by fringe_generator_yield() after its checks: saves the
 * generator with `input` in its hand-over slot, makes it RUNNABLE and
 * makes the pending resume return FRINGE_YIELDED with `output`.
 */
.macro GEN_YIELD fp
	SAVE_CONTEXT \fp
	PUT_HANDOVER \fp, %rdx			/* where our next input goes */
	LEAVE_GENERATOR FRINGE_GEN_RUNNABLE, FRINGE_GEN_YIELDED, \fp
.endm

/*
 * void fringe__gen_return(struct fringe_generator *g, void *result)
 *
 * Called when the generator's function has returned: leaves it for good,
 * FINISHED, making the pending resume return FRINGE_FINISHED with
 * `result`.  Its context is saved only to keep one code path.
 */
.macro GEN_RETURN fp
	SAVE_CONTEXT \fp
	PUT_HANDOVER \fp, $0
	LEAVE_GENERATOR FRINGE_GEN_FINISHED, FRINGE_GEN_RETURNED, \fp
.endm

/*
 * The _shared versions leave the control words alone: no STMXCSR, whose
 * reading of MXCSR is the slowest part of a switch on some CPUs.  A
 * generator always switches with the versions of one kind, so the
 * control-word slots of the save areas are written and read by the same
 * kind.
 */
FRINGE_GEN_ROUTINES

#ifdef FRINGE_BACKEND_ENTRIES
/* ------------------------------------------------------------------------
 * fringe_generator_resume() and fringe_generator_yield() themselves
 * (FRINGE_BACKEND_ENTRIES, lib/fringe-layout.h).  The usual case, tested
 * in the order lib/generator.c tests it, switches here at once; every
 * other case jumps, with the arguments untouched, to lib/generator.c's
 * fringe__generator_resume or fringe__generator_yield, which make every
 * check again and sort out the errors.  So these decide nothing of their
 * own: any doubt goes to C.
 * ------------------------------------------------------------------------ */

/*
 * Switch with \body 0 (a generator with FRINGE_GENERATOR_SHARE_FPENV in
 * its flags, r9b) or \body 1 (the others).  The _shared one comes first:
 * as the branch's target it ran slower (the layout of the round trip's
 * code matters on x86, fringe-internal.h).  Leaves the CFI state of the
 * entry remembered, for the code after it.
 */
.macro BY_FPENV body
	.cfi_remember_state
	testb	$FRINGE_GEN_SHARE_FPENV, %r9b
	jz	1001f
	\body 0
1001:
	.cfi_restore_state
	.cfi_remember_state
	\body 1
.endm

/* Unless rdi, a handle, is the current one of the control block r8 (its
 * address with the generator's tag), go to \or_else.  Clobbers rax. */
.macro CURRENT_HANDLE or_else
	movzbl	FRINGE_GEN_TAG_OFFSET(%r8), %eax
	orq	%r8, %rax
	cmpq	%rax, %rdi
	jne	\or_else
.endm

/* The resume of the usual case: no code, its yield returns 0. */
.macro GEN_RESUME_USUAL fp
	GEN_RESUME \fp, cancel=0
.endm

/*
 * Trade the thread's C++ exception state, whose address is in \globals,
 * for the one kept above the control block \g, two words each, as
 * lib/generator.c's generator_eh_trade does (fringe__eh_switch): the
 * thread's words are stored only when they change.  Clobbers rcx and r11.
 */
.macro EH_TRADE g, globals
	.irp off, 0, 8
	movq	\off(\globals), %r11
	movq	FRINGE_GEN_EH_OFFSET+\off(\g), %rcx
	movq	%r11, FRINGE_GEN_EH_OFFSET+\off(\g)
	cmpq	%rcx, %r11
	je	1f
	movq	%rcx, \off(\globals)
1:
	.endr
.endm

/*
 * int fringe_generator_resume(fringe_generator *handle, void *input,
 *                             void **output)
 *
 * The usual case: a live generator's current handle, RUNNABLE and owned
 * by this thread (its state word is this thread's tag), the overflow
 * handler not armed and, for a generator with C++ state of its own, the
 * thread's C++ state known.  Then it is claimed (RUNNING) with a plain
 * store and switched to with code 0.
 */
FUNC(fringe_generator_resume)
	movq	%rdi, %r8
	andq	$-FRINGE_CONTEXT_ALIGN, %r8	/* the control block */
	jz	.Lresume_c			/* NULL */
	movzwl	FRINGE_GEN_MAGIC_OFFSET(%r8), %eax
	cmpl	$FRINGE_GEN_MAGIC, %eax
	jne	.Lresume_c
	CURRENT_HANDLE .Lresume_c
	movl	FRINGE_GEN_STATE_OFFSET(%r8), %eax
	movq	fringe__thread@GOTTPOFF(%rip), %rcx
	cmpq	%fs:FRINGE_THREAD_TAG_OFFSET(%rcx), %rax /* ours, RUNNABLE */
	jne	.Lresume_c
	cmpl	$0, fringe__overflow_armed(%rip)	/* an int */
	jne	.Lresume_c
	movzbl	FRINGE_GEN_FLAGS_OFFSET(%r8), %r9d
	testb	$FRINGE_GEN_OWN_EH, %r9b
	jnz	.Lresume_eh
.Lresume_claim:
	orl	$FRINGE_GEN_RUNNING, %eax
	movl	%eax, FRINGE_GEN_STATE_OFFSET(%r8)
	movq	%r8, %rdi
	BY_FPENV GEN_RESUME_USUAL
.Lresume_eh:
	.cfi_restore_state
	movq	%fs:FRINGE_THREAD_EH_OFFSET(%rcx), %r10
	testq	%r10, %r10			/* not asked for yet */
	jz	.Lresume_c
	EH_TRADE %r8, %r10
	jmp	.Lresume_claim
.Lresume_c:
	jmp	fringe__generator_resume
END(fringe_generator_resume)

/*
 * int fringe_generator_yield(fringe_yielder *yielder, void *output,
 *                            void **input)
 *
 * The usual case: the current handle of the generator whose stack this
 * runs on, below its control block and not below its stack's yield
 * floor.  Its C++ state, if it keeps its own, is traded back first.
 */
FUNC(fringe_generator_yield)
	movq	%rdi, %r8
	andq	$-FRINGE_CONTEXT_ALIGN, %r8	/* the control block */
	cmpq	%r8, %rsp			/* at or above it (or NULL)? */
	jae	.Lyield_c
	CURRENT_HANDLE .Lyield_c
	movq	FRINGE_GEN_STACK_OFFSET(%r8), %rax
	cmpq	FRINGE_STACK_YIELD_FLOOR_OFFSET(%rax), %rsp
	jb	.Lyield_c
	movq	%r8, %rdi
	movzbl	FRINGE_GEN_FLAGS_OFFSET(%rdi), %r9d
	testb	$FRINGE_GEN_OWN_EH, %r9b
	jnz	.Lyield_eh
.Lyield_switch:
	BY_FPENV GEN_YIELD
.Lyield_eh:
	.cfi_restore_state
	/* Entered on this thread, which set its globals then. */
	movq	fringe__thread@GOTTPOFF(%rip), %rcx
	movq	%fs:FRINGE_THREAD_EH_OFFSET(%rcx), %r10
	EH_TRADE %rdi, %r10
	jmp	.Lyield_switch
.Lyield_c:
	jmp	fringe__generator_yield
END(fringe_generator_yield)
#endif /* FRINGE_BACKEND_ENTRIES */

/*
 * The root frame of every context.  Reached by the first switch, with
 * rsp = T - 48, rax = the switching context's S (0 for a generator) and
 * rdx = the value.
 *
 * CFA = *(rsp + 16) + 16, i.e. link word + 16:
 *   DW_CFA_def_cfa_expression, 5 bytes:
 *   DW_OP_breg7 (rsp) 16, DW_OP_deref, DW_OP_plus_uconst 16
 * and the resumer's registers sit below it as in its save area.
 */
LOCAL_FUNC(__morestack)
	.cfi_escape 0x0f, 5, 0x77, 0x10, 0x06, 0x23, SAVE_SIZE - SAVE_RBP
	.cfi_offset DW_RIP, SAVE_PC - SAVE_SIZE
	.cfi_offset %rbp, SAVE_RBP - SAVE_SIZE
	.cfi_offset %rbx, SAVE_RBX - SAVE_SIZE
	.cfi_offset %r12, SAVE_R12 - SAVE_SIZE
	.cfi_offset %r13, SAVE_R13 - SAVE_SIZE
	.cfi_offset %r14, SAVE_R14 - SAVE_SIZE
	.cfi_offset %r15, SAVE_R15 - SAVE_SIZE
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
END(__morestack)
FRINGE_ROOT_BOUNDS(__morestack)

FRINGE_ASM_FOOTER

/*
 * fringe-asm.h - macros shared by every assembly backend.
 *
 *   FUNC(name)        start a global function (type, alignment, CFI, and
 *                     a landing pad when branch protection is on)
 *   HIDDEN_FUNC(name) the same, hidden from other modules
 *   LOCAL_FUNC(name)  a function local to its object file
 *   ALIAS(name, hidden_name) give FUNC `name` a hidden second name,
 *                     used for calls from inside the library
 *   END(name)         end a function: .size and CFI end
 *   FRINGE_GEN_ROUTINES  the six generator routines, from the backend's
 *                     GEN_RESUME, GEN_YIELD and GEN_RETURN macros
 *
 * Every backend ends with FRINGE_ASM_FOOTER, which marks the stack
 * non-executable and, when the compiler enables control-flow protection,
 * adds the GNU property note for it.
 *
 * The object format decides once, here, which directives exist: symbol
 * types, sizes and visibility, and the notes, are ELF's (FRINGE_ELF).  On
 * PE/COFF (Windows) a function is a COFF symbol of type "function", has
 * SEH unwind information instead of CFI (FUNC opens it with .seh_proc,
 * END closes it; the backend describes its prologue with .seh_*), and
 * needs no hidden names: what a DLL exports is decided at link time from
 * lib/libfringe-c.map, so internal symbols stay inside it.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef FRINGE_ASM_H
#define FRINGE_ASM_H

#include "fringe-layout.h"

#if defined(__ELF__)
#define FRINGE_ELF 1
#elif defined(_WIN32)
#define FRINGE_PE 1
#else
#error "libfringe-c's assembly backends know ELF and PE/COFF only"
#endif

/* ELF "@function"; ARM assemblers treat '@' as a comment, use '%'. */
#if defined(__arm__)
#define FRINGE_TYPE_FUNCTION %function
#define FRINGE_TYPE_NOTYPE %notype
#else
#define FRINGE_TYPE_FUNCTION @function
#define FRINGE_TYPE_NOTYPE @notype
#endif

/* --- landing pads for indirect branches -------------------------------- */

#if (defined(__x86_64__) || defined(__i386__)) && defined(__CET__) &&       \
	(__CET__ & 1)
#define FRINGE_X86_IBT 1
#ifdef __x86_64__
#define LANDING_PAD endbr64
#else
#define LANDING_PAD endbr32
#endif
/* An indirect jump to a return address, which has no landing pad. */
#define JMP_NOTRACK notrack jmp
#elif defined(__aarch64__) && defined(__ARM_FEATURE_BTI_DEFAULT)
#define FRINGE_AARCH64_BTI 1
#define LANDING_PAD bti c
#else
#define LANDING_PAD
#define JMP_NOTRACK jmp
#endif

/* --- function boundaries ----------------------------------------------- */

/* Each function starts a 64-byte line: a switch is a few dozen
 * instructions, and their placement across fetch lines shows in its time. */
#ifdef FRINGE_ELF
#define FRINGE_FUNC_START(name)                                              \
	.text;                                                               \
	.p2align 6;                                                          \
	.type name, FRINGE_TYPE_FUNCTION;                                    \
	name:                                                                \
	.cfi_startproc;                                                      \
	LANDING_PAD

#define FUNC(name)                                                           \
	.globl name;                                                         \
	FRINGE_FUNC_START(name)

#define HIDDEN_FUNC(name)                                                    \
	.globl name;                                                         \
	.hidden name;                                                        \
	FRINGE_FUNC_START(name)

#define LOCAL_FUNC(name) FRINGE_FUNC_START(name)

#define ALIAS(name, hidden_name)                                             \
	.globl hidden_name;                                                  \
	.hidden hidden_name;                                                 \
	.type hidden_name, FRINGE_TYPE_FUNCTION;                             \
	.set hidden_name, name

#define END(name)                                                            \
	.cfi_endproc;                                                        \
	.size name, .- name

#else /* FRINGE_PE */
/* COFF storage class 2 (external) or 3 (static), type 0x20 (function). */
#define FRINGE_FUNC_START(name, class)                                       \
	.text;                                                               \
	.p2align 6;                                                          \
	.def name;                                                           \
	.scl class;                                                          \
	.type 32;                                                            \
	.endef;                                                              \
	name:                                                                \
	.seh_proc name;                                                      \
	LANDING_PAD

#define FUNC(name)                                                           \
	.globl name;                                                         \
	FRINGE_FUNC_START(name, 2)

#define HIDDEN_FUNC(name) FUNC(name)

#define LOCAL_FUNC(name) FRINGE_FUNC_START(name, 3)

#define ALIAS(name, hidden_name)                                             \
	.globl hidden_name;                                                  \
	.def hidden_name;                                                    \
	.scl 2;                                                              \
	.type 32;                                                            \
	.endef;                                                              \
	.set hidden_name, name

#define END(name) .seh_endproc
#endif

/* --- the generator switch ------------------------------------------------ */

/*
 * FRINGE_GEN_ROUTINES defines the six generator routines of
 * lib/arch/README from the backend's assembler macros GEN_RESUME,
 * GEN_YIELD and GEN_RETURN, each taking fp = 1 (keep the floating-point
 * control state of each side) or 0 (leave it alone: the _shared routines,
 * for FRINGE_GENERATOR_SHARE_FPENV).  With fpctl=0, for a CPU that has no
 * such state, the _shared names are aliases of the others.
 */
.macro FRINGE_GEN_FUNC name, body, fp
HIDDEN_FUNC(\name)
	\body \fp
END(\name)
.endm

.macro FRINGE_GEN_ROUTINES fpctl=1
	FRINGE_GEN_FUNC fringe__gen_resume, GEN_RESUME, 1
	FRINGE_GEN_FUNC fringe__gen_yield, GEN_YIELD, 1
	FRINGE_GEN_FUNC fringe__gen_return, GEN_RETURN, 1
.if \fpctl
	FRINGE_GEN_FUNC fringe__gen_resume_shared, GEN_RESUME, 0
	FRINGE_GEN_FUNC fringe__gen_yield_shared, GEN_YIELD, 0
	FRINGE_GEN_FUNC fringe__gen_return_shared, GEN_RETURN, 0
.else
	ALIAS(fringe__gen_resume, fringe__gen_resume_shared)
	ALIAS(fringe__gen_yield, fringe__gen_yield_shared)
	ALIAS(fringe__gen_return, fringe__gen_return_shared)
.endif
.endm

/* --- the root frame ------------------------------------------------------ */

/*
 * Placed right after the root function of every context (named `root`):
 * fringe__root_start and fringe__root_end (hidden) bound its code, so that
 * lib/debug.c can tell debuggers where a context's frames end.  Both are
 * labels without a type or a size, which debuggers pass over when they
 * name the code at an address: the root frame keeps its name.
 */
#ifdef FRINGE_ELF
#define FRINGE_ROOT_BOUNDS(root)                                             \
	.globl fringe__root_start;                                           \
	.hidden fringe__root_start;                                          \
	.set fringe__root_start, root;                                       \
	.type fringe__root_start, FRINGE_TYPE_NOTYPE;                        \
	.size fringe__root_start, 0;                                         \
	.globl fringe__root_end;                                             \
	.hidden fringe__root_end;                                            \
	fringe__root_end:
#else
#define FRINGE_ROOT_BOUNDS(root)                                             \
	.globl fringe__root_start;                                           \
	.set fringe__root_start, root;                                       \
	.globl fringe__root_end;                                             \
	fringe__root_end:
#endif

/* --- end of every backend file ------------------------------------------ */

#define FRINGE_NOTE_GNU_STACK .section .note.GNU-stack, "", %progbits

/*
 * GNU property note advertising the indirect-branch protection this object
 * supports: IBT on x86 (never SHSTK: a switch does not switch shadow
 * stacks), BTI on AArch64.  One object without it turns the feature off
 * for the whole library.
 */
#if defined(FRINGE_X86_IBT) || defined(FRINGE_AARCH64_BTI)
#if defined(__x86_64__) || defined(__aarch64__)
#define FRINGE_NOTE_ALIGN 3  /* 8-byte aligned property array */
#define FRINGE_NOTE_DESCSZ 16 /* type, size, bits, padding */
#else
#define FRINGE_NOTE_ALIGN 2
#define FRINGE_NOTE_DESCSZ 12
#endif
#ifdef FRINGE_X86_IBT
#define FRINGE_PROPERTY_TYPE 0xc0000002 /* GNU_PROPERTY_X86_FEATURE_1_AND */
#define FRINGE_PROPERTY_BITS 1          /* ..._X86_FEATURE_1_IBT */
#else
#define FRINGE_PROPERTY_TYPE 0xc0000000 /* GNU_PROPERTY_AARCH64_FEATURE_1_AND */
#define FRINGE_PROPERTY_BITS 1          /* ..._AARCH64_FEATURE_1_BTI */
#endif
#define FRINGE_NOTE_PROPERTY                                                 \
	.pushsection .note.gnu.property, "a";                                \
	.p2align FRINGE_NOTE_ALIGN;                                          \
	.long 4;                                                             \
	.long FRINGE_NOTE_DESCSZ;                                            \
	.long 5; /* NT_GNU_PROPERTY_TYPE_0 */                                \
	.asciz "GNU";                                                        \
	.long FRINGE_PROPERTY_TYPE;                                          \
	.long 4;                                                             \
	.long FRINGE_PROPERTY_BITS;                                          \
	.p2align FRINGE_NOTE_ALIGN;                                          \
	.popsection
#else
#define FRINGE_NOTE_PROPERTY
#endif

#ifdef FRINGE_ELF
#define FRINGE_ASM_FOOTER                                                    \
	FRINGE_NOTE_PROPERTY;                                                \
	FRINGE_NOTE_GNU_STACK
#else
/* PE has neither notes nor executable stacks. */
#define FRINGE_ASM_FOOTER
#endif

#endif /* FRINGE_ASM_H */

/*
 * fringe-layout.h - constants shared by the C code and the assembly
 * backends.  Only preprocessor definitions: this file is included from .S
 * files.  lib/fringe-internal.h checks each offset against the C structs
 * with _Static_assert.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef FRINGE_LAYOUT_H
#define FRINGE_LAYOUT_H

#define FRINGE_PTR_SIZE __SIZEOF_POINTER__

/*
 * Offset of `link` in struct fringe_stack: the address of the link word
 * that fringe_context_switch_link() stores the resumer's frame into.
 */
#define FRINGE_STACK_LINK_OFFSET (2 * FRINGE_PTR_SIZE)

/* Alignment of the top of a context, in bytes, on every backend. */
#define FRINGE_CONTEXT_ALIGN 16

/*
 * struct fringe_generator, for the backends' generator switch
 * (lib/arch/README): offsets of the fields they use, the states they
 * publish and the results they return.
 */
#define FRINGE_GEN_SP_OFFSET 0
#define FRINGE_GEN_CALLER_SP_OFFSET FRINGE_PTR_SIZE
#define FRINGE_GEN_STACK_OFFSET (2 * FRINGE_PTR_SIZE)
#define FRINGE_GEN_STATE_OFFSET (5 * FRINGE_PTR_SIZE)
#define FRINGE_GEN_RUNNABLE 0 /* FRINGE_GENERATOR_RUNNABLE */
#define FRINGE_GEN_RUNNING 1  /* FRINGE_GENERATOR_RUNNING */
#define FRINGE_GEN_FINISHED 2 /* FRINGE_GENERATOR_FINISHED */
#define FRINGE_GEN_YIELDED 0  /* FRINGE_YIELDED */
#define FRINGE_GEN_RETURNED 1 /* FRINGE_FINISHED */

/*
 * What a backend's own fringe_generator_resume() and
 * fringe_generator_yield() read to recognise the usual case
 * (FRINGE_GEN_ENTRIES below): the rest of the control block, the
 * generator's flags, its C++ state of its own (right above the control
 * block), its stack's yield floor and the calling thread's block
 * (fringe__thread).
 */
#define FRINGE_GEN_FLAGS_OFFSET (5 * FRINGE_PTR_SIZE + 4)
#define FRINGE_GEN_TAG_OFFSET (5 * FRINGE_PTR_SIZE + 5)
#define FRINGE_GEN_MAGIC_OFFSET (5 * FRINGE_PTR_SIZE + 6)
#define FRINGE_GEN_EH_OFFSET (5 * FRINGE_PTR_SIZE + 8)
#define FRINGE_GEN_MAGIC 0x4647     /* "FG", 16 bits, while alive */
#define FRINGE_GEN_SHARE_FPENV 1    /* FRINGE_GENERATOR_SHARE_FPENV */
#define FRINGE_GEN_OWN_EH 0x80      /* C++ state of its own */
#define FRINGE_STACK_YIELD_FLOOR_OFFSET (3 * FRINGE_PTR_SIZE)
#define FRINGE_THREAD_TAG_OFFSET 0
#define FRINGE_THREAD_EH_OFFSET (8 + FRINGE_PTR_SIZE) /* runtime's globals */

/*
 * FRINGE_GEN_ENTRIES (config.h): the backend's assembly defines
 * fringe_generator_resume() and fringe_generator_yield(), which switch at
 * once in the usual case and jump to lib/generator.c's, under hidden
 * names, in every other (lib/arch/README).  Never where switches are
 * announced to a sanitizer (FRINGE_SANITIZE_FIBERS): such builds use the
 * generic routines, and `make fuzz` sets it over a config.h written for
 * the plain library.
 */
#if defined(FRINGE_GEN_ENTRIES) && !defined(FRINGE_SANITIZE_FIBERS)
#define FRINGE_BACKEND_ENTRIES 1
#endif

#endif /* FRINGE_LAYOUT_H */

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

#endif /* FRINGE_LAYOUT_H */

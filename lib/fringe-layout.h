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

#endif /* FRINGE_LAYOUT_H */

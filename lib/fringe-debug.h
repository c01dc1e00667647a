/*
 * fringe-debug.h - the description of the library that debuggers read:
 * the object fringe_debug, exported so that a debugger finds it in a
 * stripped library and in a core file.  Its format is documented in
 * fringe_debug(3); gdb/libfringe-c-gdb.py reads it.
 *
 * Format, version 3.  Every number is in the target's byte order.  The
 * header gives the offset of each part, so that a reader needs to know
 * nothing but the header:
 *
 *   offset  size  field
 *        0     4  magic, FRINGE_DEBUG_MAGIC
 *        4     2  version, FRINGE_DEBUG_VERSION; a reader that does not
 *                 know a version must not read further
 *        6     2  size of the whole object
 *        8     2  pointer size
 *       10     2  nfields: number of entries of fields[]
 *       12     2  offset of fields[] (uint32_t each, enum
 *                 fringe_debug_field gives the index)
 *       14     2  nregs: number of entries of regs[]
 *       16     2  offset of regs[] (struct fringe_debug_reg each)
 *       18     2  offset of backend[] (the backend's name, NUL-terminated)
 *       20     2  offset of pointers[] (pointer-sized each, enum
 *                 fringe_debug_pointer gives the index)
 *       22     2  zero
 *
 * Later versions may add entries at the end of fields[] and pointers[];
 * readers take the counts from the header.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef FRINGE_DEBUG_H
#define FRINGE_DEBUG_H

#include <stdint.h>

#define FRINGE_DEBUG_MAGIC 0x46524447u /* "FRDG" */
#define FRINGE_DEBUG_VERSION 3

/* fields[]: offsets into the library's structures, the save area of a
 * suspended context, and constants. */
enum fringe_debug_field {
	/* struct fringe_stack */
	FRINGE_DEBUG_STACK_BASE,
	FRINGE_DEBUG_STACK_LIMIT,
	FRINGE_DEBUG_STACK_LINK,
	FRINGE_DEBUG_STACK_OWNER,
	FRINGE_DEBUG_STACK_MAGIC,  /* uint32_t */
	FRINGE_DEBUG_STACK_KIND,   /* uint8_t: 1 mapped, 2 caller memory */
	FRINGE_DEBUG_STACK_FLAGS,  /* uint8_t */
	FRINGE_DEBUG_STACK_POOL,
	FRINGE_DEBUG_STACK_NEXT,   /* the next in the list of live stacks */
	/* struct fringe_generator */
	FRINGE_DEBUG_GEN_SP,       /* saved stack pointer while suspended */
	FRINGE_DEBUG_GEN_CALLER_SP, /* non-NULL once it has started */
	FRINGE_DEBUG_GEN_STACK,
	FRINGE_DEBUG_GEN_FN,        /* until it has finished */
	FRINGE_DEBUG_GEN_USERDATA,
	FRINGE_DEBUG_GEN_RESULT,    /* once finished (where fn was) */
	FRINGE_DEBUG_GEN_STATE,    /* int */
	FRINGE_DEBUG_GEN_FLAGS,    /* uint8_t; bit 0: SHARE_FPENV */
	FRINGE_DEBUG_GEN_MAGIC,    /* uint16_t */
	/* the save area of a suspended context at S (nregs == 0: none that a
	 * debugger can read, as with the ucontext backend) */
	FRINGE_DEBUG_SAVE_PC,      /* the slot of the return address */
	FRINGE_DEBUG_SAVE_SP,      /* S + this: the caller's stack pointer */
	/* a generator with FRINGE_GENERATOR_SHARE_FPENV saves an area this
	 * many bytes shorter at the bottom: read it as one at S - this */
	FRINGE_DEBUG_SAVE_SHARED_SKIP,
	/* constants */
	FRINGE_DEBUG_STACK_MAGIC_VALUE,
	FRINGE_DEBUG_GEN_MAGIC_VALUE,
	FRINGE_DEBUG_STACK_PAINTED, /* the flag of a painted stack */
	FRINGE_DEBUG_PAINT_PATTERN, /* each 32 bits of a painted word */
	FRINGE_DEBUG_NFIELDS
};

/* pointers[] */
enum fringe_debug_pointer {
	FRINGE_DEBUG_STACKS,     /* the first of the list of live stacks */
	FRINGE_DEBUG_ROOT_START, /* the code of the root frame of every */
	FRINGE_DEBUG_ROOT_END,   /*   context (NULL: no root frame) */
	FRINGE_DEBUG_NPOINTERS
};

/* A register of the save area: its name (as debuggers name it,
 * NUL-padded) and its slot, the offset from S. */
struct fringe_debug_reg {
	char name[8];
	uint32_t slot;
};

#define FRINGE_DEBUG_MAX_REGS 24

struct fringe_debug {
	uint32_t magic;
	uint16_t version;
	uint16_t size;
	uint16_t ptr_size;
	uint16_t nfields;
	uint16_t fields_offset;
	uint16_t nregs;
	uint16_t regs_offset;
	uint16_t backend_offset;
	uint16_t pointers_offset;
	uint16_t zero;
	void *pointers[FRINGE_DEBUG_NPOINTERS];
	uint32_t fields[FRINGE_DEBUG_NFIELDS];
	char backend[16];
	struct fringe_debug_reg regs[FRINGE_DEBUG_MAX_REGS];
};

#endif /* FRINGE_DEBUG_H */

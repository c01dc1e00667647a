/*
 * save-area.h - the save area of a suspended context on aarch64: where
 * the switch in switch_aarch64_aapcs_elf_gas.S keeps each register, as offsets from
 * the context's saved stack pointer S.  Only preprocessor definitions:
 * the switch uses them, and lib/debug.c publishes them in fringe_debug
 * (see fringe_debug(3)) so that debuggers find the registers of a
 * suspended context without knowing the backend.  Change the layout here.
 *
 * What every backend's save-area.h defines:
 *   FRINGE_SAVE_PC      the slot of the return address (where the
 *                       context continues)
 *   FRINGE_SAVE_SP      S + FRINGE_SAVE_SP is the stack pointer of
 *                       the switch's caller, as unwinders restore it
 *   FRINGE_SAVE_REGS(X) X(name, slot) for each integer register a caller
 *                       expects back (the callee-saved ones, the frame
 *                       pointer among them), named as debuggers name them
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef FRINGE_SAVE_AREA_H
#define FRINGE_SAVE_AREA_H

/* The table in the switch's header comment.  The switch stores and loads
 * the registers in pairs (stp/ldp): each pair's slots are adjacent, which
 * the switch checks. */
#define SAVE_SIZE 176    /* the CFA of a suspended switch call is S + 176 */
#define SAVE_LR 168      /* x30: return address */
#define SAVE_FP 160      /* x29; [x29, x30] is a frame record */
#define SAVE_X28 152
#define SAVE_X27 144
#define SAVE_X26 136
#define SAVE_X25 128
#define SAVE_X24 120
#define SAVE_X23 112
#define SAVE_X22 104
#define SAVE_X21 96
#define SAVE_X20 88
#define SAVE_X19 80
#define SAVE_D15 72      /* low 64 bits of v8-v15 */
#define SAVE_D14 64
#define SAVE_D13 56
#define SAVE_D12 48
#define SAVE_D11 40
#define SAVE_D10 32
#define SAVE_D9 24
#define SAVE_D8 16
#define SAVE_HANDOVER 8  /* the generators' hand-over slot */
#define SAVE_FPCTL 0     /* FPCR */

#define FRINGE_SAVE_PC SAVE_LR
#define FRINGE_SAVE_SP SAVE_SIZE
#define FRINGE_SAVE_REGS(X)                                                  \
	X("x29", SAVE_FP) X("x30", SAVE_LR)                                  \
	X("x19", SAVE_X19) X("x20", SAVE_X20) X("x21", SAVE_X21)             \
	X("x22", SAVE_X22) X("x23", SAVE_X23) X("x24", SAVE_X24)             \
	X("x25", SAVE_X25) X("x26", SAVE_X26) X("x27", SAVE_X27)             \
	X("x28", SAVE_X28)

#endif /* FRINGE_SAVE_AREA_H */

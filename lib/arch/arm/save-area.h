/*
 * save-area.h - the save area of a suspended context on arm: where
 * the switch in switch_arm_aapcs_elf_gas.S keeps each register, as offsets from
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

/* The table in the switch's header comment; SAVE_CONTEXT pushes
 * {r0, r4-r11, lr}, then d8-d15, then the FPSCR, which the switch
 * checks. */
#define SAVE_SIZE 112    /* the CFA of a suspended switch call is S + 112 */
#define SAVE_LR 108      /* return address */
#define SAVE_R11 104     /* [r11, lr] is a frame record */
#define SAVE_R4 76       /* r4 .. r10 at SAVE_R4 + 4 * (n - 4) */
#define SAVE_R0 72       /* where this side's fringe_transfer goes */
#define SAVE_D8 8        /* d8 .. d15 */
#define SAVE_FPSCR 0

#define FRINGE_SAVE_PC SAVE_LR
#define FRINGE_SAVE_SP SAVE_SIZE
#define FRINGE_SAVE_REGS(X)                                                  \
	X("r11", SAVE_R11) X("lr", SAVE_LR)                                  \
	X("r4", SAVE_R4) X("r5", SAVE_R4 + 4) X("r6", SAVE_R4 + 8)           \
	X("r7", SAVE_R4 + 12) X("r8", SAVE_R4 + 16) X("r9", SAVE_R4 + 20)    \
	X("r10", SAVE_R4 + 24)

#endif /* FRINGE_SAVE_AREA_H */

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
 * {hand-over, r4-r11, lr}, then (VFP) d8-d15, then the FPSCR, which the
 * switch checks.  Soft float keeps the core part only, from S + 0. */
#ifdef __ARM_FP
#define SAVE_FPCTL 0     /* FPSCR; S + 4 unused (keeps S 8-aligned) */
#define SAVE_D8 8        /* d8 .. d15 at SAVE_D8 + 8 * (n - 8) */
#define SAVE_HANDOVER 72
#else
#define SAVE_HANDOVER 0
#endif
#define SAVE_R4 (SAVE_HANDOVER + 4)
#define SAVE_R5 (SAVE_HANDOVER + 8)
#define SAVE_R6 (SAVE_HANDOVER + 12)
#define SAVE_R7 (SAVE_HANDOVER + 16)
#define SAVE_R8 (SAVE_HANDOVER + 20)
#define SAVE_R9 (SAVE_HANDOVER + 24)
#define SAVE_R10 (SAVE_HANDOVER + 28)
#define SAVE_R11 (SAVE_HANDOVER + 32)  /* [r11, lr] is a frame record */
#define SAVE_LR (SAVE_HANDOVER + 36)   /* return address */
#define SAVE_SIZE (SAVE_HANDOVER + 40) /* the CFA of a suspended switch */

#define FRINGE_SAVE_PC SAVE_LR
#define FRINGE_SAVE_SP SAVE_SIZE
#define FRINGE_SAVE_REGS(X)                                                  \
	X("r11", SAVE_R11) X("lr", SAVE_LR)                                  \
	X("r4", SAVE_R4) X("r5", SAVE_R5) X("r6", SAVE_R6)                   \
	X("r7", SAVE_R7) X("r8", SAVE_R8) X("r9", SAVE_R9)                   \
	X("r10", SAVE_R10)

#endif /* FRINGE_SAVE_AREA_H */

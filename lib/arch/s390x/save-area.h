/*
 * save-area.h - the save area of a suspended context on s390x: where
 * the switch in switch_s390x_zarch_elf_gas.S keeps each register, as offsets from
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

#define FRAME 160			/* one standard frame */
#define SW_BACKCHAIN 0			/* back chain of S */
#define SW_FPC 8			/* FPC, 4 bytes */
#define SW_F8 16			/* f8..f15 at SW_F8 + 8 * (n - 8) */
#define SW_PC 112			/* pc slot of the record S */
#define SW_R2 (FRAME + 16)		/* the caller's r2 slot */
#define SW_R6 (FRAME + 48)		/* r6..r15 at SW_R6 + 8 * (n - 6) */
#define SW_R14 (FRAME + 112)
#define SW_R15 (FRAME + 120)
#define SW_CFA (2 * FRAME)		/* CFA - S */

/* The context continues with r15 = S + FRAME, the caller's own frame. */
#define FRINGE_SAVE_PC SW_R14
#define FRINGE_SAVE_SP FRAME
#define FRINGE_SAVE_REGS(X)                                                  \
	X("r14", SW_R14) X("r6", SW_R6) X("r7", SW_R6 + 8)                   \
	X("r8", SW_R6 + 16) X("r9", SW_R6 + 24) X("r10", SW_R6 + 32)         \
	X("r11", SW_R6 + 40) X("r12", SW_R6 + 48) X("r13", SW_R6 + 56)

#endif /* FRINGE_SAVE_AREA_H */

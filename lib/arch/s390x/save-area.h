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

/* The table in the switch's header comment: S is the switch's own
 * 160-byte frame, the 160 bytes above it the caller's register save area
 * (r<n> at S + 160 + 8 * n, as the ABI places it).  r6-r15 and f8-f15
 * are each 8 bytes apart, in order: the switch stores and loads them as
 * blocks. */
#define SAVE_SIZE 320      /* the CFA of a suspended switch call is S + 320 */
#define SAVE_BACKCHAIN 0   /* back chain of the frame record S: S + 160 */
#define SAVE_FPCTL 8       /* FPC, 4 bytes, then 4 bytes unused */
#define SAVE_F8 16
#define SAVE_F9 (SAVE_F8 + 8)
#define SAVE_F10 (SAVE_F8 + 16)
#define SAVE_F11 (SAVE_F8 + 24)
#define SAVE_F12 (SAVE_F8 + 32)
#define SAVE_F13 (SAVE_F8 + 40)
#define SAVE_F14 (SAVE_F8 + 48)
#define SAVE_F15 (SAVE_F8 + 56)
#define SAVE_HANDOVER 80   /* the generators' hand-over slot */
#define SAVE_PC 112        /* pc of the frame record S (the switch) */
#define SAVE_R2 176        /* the caller's fringe_transfer buffer */
#define SAVE_R6 208
#define SAVE_R7 (SAVE_R6 + 8)
#define SAVE_R8 (SAVE_R6 + 16)
#define SAVE_R9 (SAVE_R6 + 24)
#define SAVE_R10 (SAVE_R6 + 32)
#define SAVE_R11 (SAVE_R6 + 40)
#define SAVE_R12 (SAVE_R6 + 48)
#define SAVE_R13 (SAVE_R6 + 56)
#define SAVE_R14 (SAVE_R6 + 64) /* return address */
#define SAVE_R15 (SAVE_R6 + 72) /* holds S + 160 */

/* The context continues with r15 = S + 160, the caller's own frame (its
 * CFA is 160 bytes higher still, as for any s390x call). */
#define FRINGE_SAVE_PC SAVE_R14
#define FRINGE_SAVE_SP (SAVE_SIZE - 160)
#define FRINGE_SAVE_REGS(X)                                                  \
	X("r14", SAVE_R14) X("r6", SAVE_R6) X("r7", SAVE_R7)                 \
	X("r8", SAVE_R8) X("r9", SAVE_R9) X("r10", SAVE_R10)                 \
	X("r11", SAVE_R11) X("r12", SAVE_R12) X("r13", SAVE_R13)

#endif /* FRINGE_SAVE_AREA_H */

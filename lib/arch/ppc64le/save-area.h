/*
 * save-area.h - the save area of a suspended context on ppc64le: where
 * the switch in switch_ppc64_elfv2_elf_gas.S keeps each register, as offsets from
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

/* The table in the switch's header comment.  S is an ELFv2 stack frame of
 * SAVE_SIZE bytes; SAVE_CR and SAVE_LR lie above it, in the frame header
 * of the switch's caller (C = S + SAVE_SIZE), where the ABI lets a callee
 * keep them. */
#define SAVE_SIZE 528      /* the CFA of a suspended switch call is S + 528 */
#define SAVE_LR (SAVE_SIZE + 16) /* return address */
#define SAVE_CR (SAVE_SIZE + 8)  /* CR, one word (CR2-CR4 are reloaded) */
#define SAVE_F14 384       /* f14 .. f31 at SAVE_F14 + 8 * (n - 14) */
#define SAVE_R14 240       /* r14 .. r31 at SAVE_R14 + 8 * (n - 14) */
#define SAVE_V20 48        /* v20 .. v31 at SAVE_V20 + 16 * (n - 20) */
#define SAVE_VSCR 40       /* one word */
#define SAVE_FPCTL 32      /* FPSCR, the doubleword image mffs gives */
#define SAVE_R2 24         /* the TOC pointer, in S's TOC save doubleword */
#define SAVE_HANDOVER 16   /* the generators' hand-over slot */

#define FRINGE_SAVE_PC SAVE_LR
#define FRINGE_SAVE_SP SAVE_SIZE
#define FRINGE_SAVE_REGS(X)                                                  \
	X("r2", SAVE_R2) X("lr", SAVE_LR)                                    \
	X("r14", SAVE_R14) X("r15", SAVE_R14 + 8) X("r16", SAVE_R14 + 16)    \
	X("r17", SAVE_R14 + 24) X("r18", SAVE_R14 + 32)                      \
	X("r19", SAVE_R14 + 40) X("r20", SAVE_R14 + 48)                      \
	X("r21", SAVE_R14 + 56) X("r22", SAVE_R14 + 64)                      \
	X("r23", SAVE_R14 + 72) X("r24", SAVE_R14 + 80)                      \
	X("r25", SAVE_R14 + 88) X("r26", SAVE_R14 + 96)                      \
	X("r27", SAVE_R14 + 104) X("r28", SAVE_R14 + 112)                    \
	X("r29", SAVE_R14 + 120) X("r30", SAVE_R14 + 128)                    \
	X("r31", SAVE_R14 + 136)

#endif /* FRINGE_SAVE_AREA_H */

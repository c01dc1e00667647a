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

#define FRAME_SIZE	528
#define TOC_SAVE	24
#define FPSCR_SAVE	32
#define VSCR_SAVE	40
#define VR_SAVE(n)	(48 + 16 * ((n) - 20))
#define GPR_SAVE(n)	(240 + 8 * ((n) - 14))
#define FPR_SAVE(n)	(384 + 8 * ((n) - 14))
/* The caller's frame header (offsets from C = S + FRAME_SIZE) */
#define CALLER_CR	8
#define CALLER_LR	16

#define FRINGE_SAVE_PC (FRAME_SIZE + CALLER_LR)
#define FRINGE_SAVE_SP FRAME_SIZE
#define FRINGE_SAVE_REGS(X)                                                  \
	X("r2", TOC_SAVE) X("lr", FRAME_SIZE + CALLER_LR)                    \
	X("r14", GPR_SAVE(14)) X("r15", GPR_SAVE(15)) X("r16", GPR_SAVE(16)) \
	X("r17", GPR_SAVE(17)) X("r18", GPR_SAVE(18)) X("r19", GPR_SAVE(19)) \
	X("r20", GPR_SAVE(20)) X("r21", GPR_SAVE(21)) X("r22", GPR_SAVE(22)) \
	X("r23", GPR_SAVE(23)) X("r24", GPR_SAVE(24)) X("r25", GPR_SAVE(25)) \
	X("r26", GPR_SAVE(26)) X("r27", GPR_SAVE(27)) X("r28", GPR_SAVE(28)) \
	X("r29", GPR_SAVE(29)) X("r30", GPR_SAVE(30)) X("r31", GPR_SAVE(31))

#endif /* FRINGE_SAVE_AREA_H */

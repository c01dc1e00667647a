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

#define SA_FPCR 0    /* FPCR */
#define SA_D8 16     /* d8-d15 */
#define SA_X19 80    /* x19-x28 */
#define SA_FP 160    /* frame record: x29, x30 */
#define SA_SIZE 176  /* 16-byte multiple */

#define FRINGE_SAVE_PC (SA_FP + 8)
#define FRINGE_SAVE_SP SA_SIZE
#define FRINGE_SAVE_REGS(X)                                                  \
	X("x29", SA_FP) X("x30", SA_FP + 8)                                  \
	X("x19", SA_X19) X("x20", SA_X19 + 8) X("x21", SA_X19 + 16)          \
	X("x22", SA_X19 + 24) X("x23", SA_X19 + 32) X("x24", SA_X19 + 40)    \
	X("x25", SA_X19 + 48) X("x26", SA_X19 + 56) X("x27", SA_X19 + 64)    \
	X("x28", SA_X19 + 72)

#endif /* FRINGE_SAVE_AREA_H */

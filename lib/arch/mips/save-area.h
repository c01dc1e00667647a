/*
 * save-area.h - the save area of a suspended context on 32-bit MIPS (o32):
 * where the switch in switch_mips32_o32_elf_gas.S keeps each register, as
 * offsets from
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

/* The table in the switch's header comment. */
#define FRAME 104
#define RA_SLOT 100
#define FP_SLOT 96
#define S_SLOT(n) (64 + 4 * (n))
#define GP_SLOT 60
#define RES_SLOT 56
#define F_SLOT(k) (8 + 8 * (k)) /* $f<20 + 2k> */
#define FCSR_SLOT 0

#define FRINGE_SAVE_PC RA_SLOT
#define FRINGE_SAVE_SP FRAME
#define FRINGE_SAVE_REGS(X)                                                  \
	X("s8", FP_SLOT) X("ra", RA_SLOT) X("gp", GP_SLOT)                   \
	X("s0", S_SLOT(0)) X("s1", S_SLOT(1)) X("s2", S_SLOT(2))             \
	X("s3", S_SLOT(3)) X("s4", S_SLOT(4)) X("s5", S_SLOT(5))             \
	X("s6", S_SLOT(6)) X("s7", S_SLOT(7))

#endif /* FRINGE_SAVE_AREA_H */

/*
 * save-area.h - the save area of a suspended context on 64-bit MIPS (n64):
 * where the switch in switch_mips64_n64_elf_gas.S keeps each register, as
 * offsets from the context's saved stack pointer S.  Only preprocessor
 * definitions: the switch uses them, and lib/debug.c publishes them in
 * fringe_debug (see fringe_debug(3)) so that debuggers find the registers
 * of a suspended context without knowing the backend.  Change the layout
 * here.
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
#define SAVE_SIZE 176    /* the CFA of a suspended switch call is S + 176 */
#define SAVE_RA 168      /* return address */
#define SAVE_FP 160      /* fp (s8) */
#define SAVE_GP 152
#define SAVE_S0 88       /* s0 .. s7 at SAVE_S0 + 8 * n */
#define SAVE_F24 24      /* $f24 .. $f31: $f<n> at SAVE_F24 + 8 * (n - 24) */
#define SAVE_HANDOVER 8  /* the generators' hand-over slot */
#define SAVE_FPCTL 0     /* FCSR, zero-extended */

#define FRINGE_SAVE_PC SAVE_RA
#define FRINGE_SAVE_SP SAVE_SIZE
#define FRINGE_SAVE_REGS(X)                                                  \
	X("s8", SAVE_FP) X("ra", SAVE_RA) X("gp", SAVE_GP)                   \
	X("s0", SAVE_S0) X("s1", SAVE_S0 + 8) X("s2", SAVE_S0 + 16)          \
	X("s3", SAVE_S0 + 24) X("s4", SAVE_S0 + 32) X("s5", SAVE_S0 + 40)    \
	X("s6", SAVE_S0 + 48) X("s7", SAVE_S0 + 56)

#endif /* FRINGE_SAVE_AREA_H */

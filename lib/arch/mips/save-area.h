/*
 * save-area.h - the save area of a suspended context on 32-bit MIPS (o32):
 * where the switch in switch_mips32_o32_elf_gas.S keeps each register, as
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
#define SAVE_SIZE 104    /* the CFA of a suspended switch call is S + 104 */
#define SAVE_RA 100      /* return address */
#define SAVE_FP 96       /* fp (s8) */
#define SAVE_S0 64       /* s0 .. s7 at SAVE_S0 + 4 * n */
#define SAVE_GP 60
#define SAVE_A0 56       /* where this side's fringe_transfer goes */
#define SAVE_F20 8       /* $f20, $f22 .. $f30 as doubles: $f<n> at
			    SAVE_F20 + 4 * (n - 20) */
#define SAVE_HANDOVER 4  /* the generators' hand-over slot */
#define SAVE_FPCTL 0     /* FCSR */

#define FRINGE_SAVE_PC SAVE_RA
#define FRINGE_SAVE_SP SAVE_SIZE
#define FRINGE_SAVE_REGS(X)                                                  \
	X("s8", SAVE_FP) X("ra", SAVE_RA) X("gp", SAVE_GP)                   \
	X("s0", SAVE_S0) X("s1", SAVE_S0 + 4) X("s2", SAVE_S0 + 8)           \
	X("s3", SAVE_S0 + 12) X("s4", SAVE_S0 + 16) X("s5", SAVE_S0 + 20)    \
	X("s6", SAVE_S0 + 24) X("s7", SAVE_S0 + 28)

#endif /* FRINGE_SAVE_AREA_H */

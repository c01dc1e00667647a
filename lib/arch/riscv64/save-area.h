/*
 * save-area.h - the save area of a suspended context on riscv64: where
 * the switch in switch_riscv64_lp64d_elf_gas.S keeps each register, as offsets from
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
#define SAVE_SIZE 224    /* the CFA of a suspended switch call is S + 224 */
#define SAVE_RA 216      /* return address */
#define SAVE_S0 208      /* s0 .. s11: s<n> at SAVE_S0 - 8 * n; */
			 /*   [s0, ra] is a frame record */
#define SAVE_FS0 112     /* fs0 .. fs11: fs<n> at SAVE_FS0 - 8 * n */
#define SAVE_FPCTL 8     /* frm, zero-extended */
#define SAVE_HANDOVER 0  /* the generators' hand-over slot */

#define FRINGE_SAVE_PC SAVE_RA
#define FRINGE_SAVE_SP SAVE_SIZE
#define FRINGE_SAVE_REGS(X)                                                  \
	X("s0", SAVE_S0) X("ra", SAVE_RA)                                    \
	X("s1", SAVE_S0 - 8) X("s2", SAVE_S0 - 16) X("s3", SAVE_S0 - 24)     \
	X("s4", SAVE_S0 - 32) X("s5", SAVE_S0 - 40) X("s6", SAVE_S0 - 48)    \
	X("s7", SAVE_S0 - 56) X("s8", SAVE_S0 - 64) X("s9", SAVE_S0 - 72)    \
	X("s10", SAVE_S0 - 80) X("s11", SAVE_S0 - 88)

#endif /* FRINGE_SAVE_AREA_H */

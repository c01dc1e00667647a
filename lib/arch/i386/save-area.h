/*
 * save-area.h - the save area of a suspended context on i386: where
 * the switch in switch_i386_sysv_elf_gas.S keeps each register, as offsets from
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

/* The table in the switch's header comment; SAVE_CONTEXT pushes ebp, ebx,
 * esi, edi in this order below the return address, the order of
 * FRINGE_SAVE_REGS, which the switch checks. */
#define SAVE_SIZE 32     /* the CFA of a suspended call is S + 32 */
#define SAVE_PC 28       /* return address */
#define SAVE_EBP 24      /* [ebp, return address] is a frame record */
#define SAVE_EBX 20
#define SAVE_ESI 16
#define SAVE_EDI 12
#define SAVE_FPCTL 8     /* x87 control word, 2 bytes, then 2 unused */
#define SAVE_MXCSR 4     /* unused when built without SSE */
#define SAVE_HANDOVER 0  /* the generators' hand-over slot */

/* fringe_context_switch returns with `ret $4`, popping the hidden pointer
 * of its fringe_transfer result too; but the caller's call frame
 * information at the return address counts that pop itself (the
 * callee-popped bytes of the call), so unwinders give the caller the
 * CFA as its stack pointer, as for any call. */
#define FRINGE_SAVE_PC SAVE_PC
#define FRINGE_SAVE_SP SAVE_SIZE
#define FRINGE_SAVE_REGS(X)                                                  \
	X("ebp", SAVE_EBP) X("ebx", SAVE_EBX) X("esi", SAVE_ESI)             \
	X("edi", SAVE_EDI)

#endif /* FRINGE_SAVE_AREA_H */

/*
 * save-area.h - the save area of a suspended context on x86_64: where
 * the switch in switch_x86_64_sysv_elf_gas.S keeps each register, as offsets from
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
 * and, if the generators created with FRINGE_GENERATOR_SHARE_FPENV save a
 * shorter area (no slots for floating-point control words):
 *   FRINGE_SAVE_SHARED_SKIP  how many bytes shorter, at the bottom: such
 *                       a context's slots are at S - SKIP + slot, and its
 *                       hand-over slot is at S (lib/arch/README)
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef FRINGE_SAVE_AREA_H
#define FRINGE_SAVE_AREA_H

/* The table in the switch's header comment; SAVE_CONTEXT pushes rbp, rbx,
 * r12 .. r15 in this order below the return address, which the switch
 * checks. */
#define SAVE_SIZE 72     /* the CFA of a suspended switch call is S + 72 */
#define SAVE_PC 64       /* return address */
#define SAVE_RBP 56      /* [rbp, return address] is a frame record */
#define SAVE_RBX 48
#define SAVE_R12 40
#define SAVE_R13 32
#define SAVE_R14 24
#define SAVE_R15 16
#define SAVE_MXCSR 8     /* 4 bytes, then the x87 control word, 2 bytes */
#define SAVE_FPCW 12
#define SAVE_HANDOVER 0  /* the generators' hand-over slot */
/* The area of a generator with FRINGE_GENERATOR_SHARE_FPENV has no
 * control-word slot: the same slots from r15 up, its hand-over slot right
 * below them, 8 bytes up from where a full area's is. */
#define SAVE_SHARED_SKIP 8

#define FRINGE_SAVE_PC SAVE_PC
#define FRINGE_SAVE_SP SAVE_SIZE
#define FRINGE_SAVE_SHARED_SKIP SAVE_SHARED_SKIP
#define FRINGE_SAVE_REGS(X)                                                  \
	X("rbp", SAVE_RBP) X("rbx", SAVE_RBX) X("r12", SAVE_R12)             \
	X("r13", SAVE_R13) X("r14", SAVE_R14) X("r15", SAVE_R15)

#endif /* FRINGE_SAVE_AREA_H */

/*
 * save-area-ms.h - the save area of a suspended context on x86_64 with
 * the Microsoft x64 ABI (Windows): where switch_x86_64_ms_pe_gas.S keeps
 * each register and each of the Thread Environment Block's stack fields,
 * as offsets from the context's saved stack pointer S (16-aligned).  Only
 * preprocessor definitions, as save-area.h (which describes the System V
 * backend and what every backend's header defines).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef FRINGE_SAVE_AREA_H
#define FRINGE_SAVE_AREA_H

/* The table in the switch's header comment.  SAVE_CONTEXT pushes rbp,
 * rbx, rdi, rsi, r12 .. r15 in this order below the return address, then
 * makes room for the rest; the switch checks these against its code. */
#define SAVE_SIZE 288    /* the CFA of a suspended switch call is S + 288 */
#define SAVE_PC 280      /* return address */
#define SAVE_RBP 272
#define SAVE_RBX 264
#define SAVE_RDI 256
#define SAVE_RSI 248
#define SAVE_R12 240
#define SAVE_R13 232
#define SAVE_R14 224
#define SAVE_R15 216     /* the lowest pushed register: the link target */
#define SAVE_TEB_GUARANTEE 208 /* GuaranteedStackBytes, 4 bytes */
#define SAVE_TEB_DEALLOC 200   /* DeallocationStack */
#define SAVE_TEB_LIMIT 192     /* StackLimit */
#define SAVE_TEB_BASE 184      /* StackBase */
#define SAVE_TEB_EXCEPT 176    /* ExceptionList */
#define SAVE_XMM6 16     /* xmm6 .. xmm15, 16 bytes each */
#define SAVE_MXCSR 8     /* 4 bytes, then the x87 control word, 2 bytes */
#define SAVE_FPCW 12
#define SAVE_HANDOVER 0  /* the hand-over slot */
/* What SAVE_CONTEXT allocates below the pushed registers. */
#define SAVE_ALLOC (SAVE_R15 - SAVE_HANDOVER)

#define FRINGE_SAVE_PC SAVE_PC
#define FRINGE_SAVE_SP SAVE_SIZE
#define FRINGE_SAVE_REGS(X)                                                  \
	X("rbp", SAVE_RBP) X("rbx", SAVE_RBX) X("rdi", SAVE_RDI)             \
	X("rsi", SAVE_RSI) X("r12", SAVE_R12) X("r13", SAVE_R13)             \
	X("r14", SAVE_R14) X("r15", SAVE_R15)

#endif /* FRINGE_SAVE_AREA_H */

/*
 * void fringe_test_with_regs(const struct fringe_test_regs *in,
 *                            void (*fn)(void *), void *arg,
 *                            struct fringe_test_regs *out)
 *
 * Load every callee-saved register and fcsr from `in` (s0-s11, fs0-fs11,
 * fcsr at 8-byte steps), call fn(arg), store the same registers into
 * `out`, then restore the caller's values.
 *
 * Frame (after the prologue, 16-aligned; CFA = sp + 224):
 *     sp + 216        caller's ra
 *     sp + 208 .. 120 caller's s0 .. s11
 *     sp + 112 .. 24  caller's fs0 .. fs11
 *     sp + 16         out
 *     sp + 8          caller's fcsr
 */
#if defined(__riscv) && __riscv_xlen == 64
#include "arch/fringe-asm.h"

#define FRAME 224
#define RA_SLOT 216
#define S_SLOT(n) (208 - 8 * (n))
#define FS_SLOT(n) (112 - 8 * (n))
#define OUT_SLOT 16
#define FCSR_SLOT 8
#define CFA_REL(slot) ((slot) - FRAME)

/* Words of struct fringe_test_regs, in regs.h order. */
#define IN_S(n) (8 * (n))
#define IN_FS(n) (96 + 8 * (n))
#define IN_FCSR 192

FUNC(fringe_test_with_regs)
	addi	sp, sp, -FRAME
	.cfi_adjust_cfa_offset FRAME
	sd	ra, RA_SLOT(sp)
	.cfi_offset ra, CFA_REL(RA_SLOT)
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
	sd	s\n, S_SLOT(\n)(sp)
	.cfi_offset s\n, CFA_REL(S_SLOT(\n))
	.endr
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
	fsd	fs\n, FS_SLOT(\n)(sp)
	.cfi_offset fs\n, CFA_REL(FS_SLOT(\n))
	.endr
	frcsr	t0			/* the caller's whole fcsr */
	sd	t0, FCSR_SLOT(sp)
	sd	a3, OUT_SLOT(sp)

	ld	t0, IN_FCSR(a0)
	fscsr	t0			/* frm and fflags from the pattern */
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
	fld	fs\n, IN_FS(\n)(a0)
	.endr
	/* s0 is the frame pointer: from here to the reload below, this
	 * frame has no frame record, only CFI. */
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
	ld	s\n, IN_S(\n)(a0)
	.endr
	mv	a0, a2			/* arg */
	jalr	a1			/* fn(arg) */

	ld	t0, OUT_SLOT(sp)
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
	sd	s\n, IN_S(\n)(t0)
	.endr
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
	fsd	fs\n, IN_FS(\n)(t0)
	.endr
	frcsr	t1
	sd	t1, IN_FCSR(t0)

	ld	t0, FCSR_SLOT(sp)
	fscsr	t0			/* the caller's fcsr, flags included */
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
	fld	fs\n, FS_SLOT(\n)(sp)
	.cfi_restore fs\n
	.endr
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
	ld	s\n, S_SLOT(\n)(sp)
	.cfi_restore s\n
	.endr
	ld	ra, RA_SLOT(sp)
	.cfi_restore ra
	addi	sp, sp, FRAME
	.cfi_adjust_cfa_offset -FRAME
	ret
END(fringe_test_with_regs)

FRINGE_ASM_FOOTER
#else
/* Not this CPU: an empty object, marked non-executable-stack. */
	.section .note.GNU-stack, "", %progbits
#endif

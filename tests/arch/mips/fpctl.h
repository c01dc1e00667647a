/* MIPS (o32, and n64 through mips64/fpctl.h), hard float: flush-to-zero
 * is FCSR.FS, bit 24. */
#ifdef __mips_hard_float
#define FRINGE_TEST_HAVE_FTZ 1
#define FPCTL_WORD unsigned int
#define FPCTL_FZ (1u << 24)
#define FPCTL_READ(w) __asm__ volatile("cfc1 %0, $31" : "=r"(w))
#define FPCTL_WRITE(w) __asm__ volatile("ctc1 %0, $31" : : "r"(w))
#else
#define FRINGE_TEST_HAVE_FTZ 0
#endif

/* AArch64: flush-to-zero is FPCR.FZ, bit 24. */
#define FRINGE_TEST_HAVE_FTZ 1
#define FPCTL_WORD unsigned long
#define FPCTL_FZ (1ul << 24)
#define FPCTL_READ(w) __asm__ volatile("mrs %0, fpcr" : "=r"(w))
#define FPCTL_WRITE(w) __asm__ volatile("msr fpcr, %0" : : "r"(w))

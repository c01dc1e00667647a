/* PowerPC64: the back chain: 0(r1) is the caller's r1, whose frame holds
 * our LR at 16 bytes. */
#define FRINGE_TEST_FP_NEXT(fp) (((void *const *)(fp))[0])
#define FRINGE_TEST_FP_RET(fp) (((void *const *)FRINGE_TEST_FP_NEXT(fp))[2])

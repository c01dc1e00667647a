/* RISC-V: the frame pointer (s0) points just above [caller's frame
 * pointer, ra]. */
#define FRINGE_TEST_FP_NEXT(fp) (((void *const *)(fp))[-2])
#define FRINGE_TEST_FP_RET(fp) (((void *const *)(fp))[-1])

/* i386: the frame pointer points at [caller's frame pointer, return
 * address]. */
#define FRINGE_TEST_FP_NEXT(fp) (((void *const *)(fp))[0])
#define FRINGE_TEST_FP_RET(fp) (((void *const *)(fp))[1])

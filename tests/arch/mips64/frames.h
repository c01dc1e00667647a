/* GCC's MIPS frames keep the caller's fp and the return address at
 * offsets that only the function's unwind information knows. */
#define FRINGE_TEST_FP_NONE "MIPS frames keep no chain of frame pointers"

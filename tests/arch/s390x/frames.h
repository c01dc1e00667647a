/* s390x: the back chain, where the code keeps one (-mbackchain, config.h
 * FRINGE_BACKCHAIN): 0(r15) is the caller's r15; a function saves its
 * return address (r14) in its caller's register save area, at 112
 * bytes. */
#ifdef FRINGE_BACKCHAIN
#define FRINGE_TEST_FP_NEXT(fp) (((void *const *)(fp))[0])
#define FRINGE_TEST_FP_RET(fp) (((void *const *)FRINGE_TEST_FP_NEXT(fp))[14])
#else
#define FRINGE_TEST_FP_NONE "s390x code built without -mbackchain keeps " \
			    "no chain of frames"
#endif

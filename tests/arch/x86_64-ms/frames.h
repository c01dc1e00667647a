/* Windows x64 walks frames with SEH unwind information, not frame
 * pointers (tests/arch/frames.h). */
#define FRINGE_TEST_FP_NONE "Windows x64 unwinds with SEH, not frame " \
			    "pointers"

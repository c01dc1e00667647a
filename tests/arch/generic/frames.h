/* No frame-pointer walker for this CPU (tests/arch/frames.h). */
#define FRINGE_TEST_FP_NONE "no frame-pointer walker for this CPU " \
			    "(tests/arch/<cpu>/frames.h)"

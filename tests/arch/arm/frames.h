/* ARM and Thumb code each keep their own kind of frame record, and
 * GCC's ARM-mode one is not the AAPCS's. */
#define FRINGE_TEST_FP_NONE "32-bit ARM has no single frame-record layout"

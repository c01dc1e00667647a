/*
 * frames.h - how a frame-pointer walk (what perf --call-graph fp does)
 * steps from one frame to the next, for the backtrace suite.
 *
 * The CPU's part is tests/arch/<cpu>/frames.h, found through the include
 * path that tests/Makefile.inc sets for the CPU the tests are built for;
 * tests/arch/generic/frames.h stands in where the CPU has none.  It
 * defines FRINGE_TEST_FP_NEXT(fp), the caller's frame pointer, and
 * FRINGE_TEST_FP_RET(fp), the return address into the caller, starting
 * from __builtin_frame_address(0) of a function compiled with
 * -fno-omit-frame-pointer; or, where the ABI has no chain a simple
 * walker can follow, FRINGE_TEST_FP_NONE, which says why.  Include
 * config.h first (FRINGE_BACKCHAIN).
 */
#ifndef FRINGE_TEST_FRAMES_H
#define FRINGE_TEST_FRAMES_H

#include <frames.h>

#endif /* FRINGE_TEST_FRAMES_H */

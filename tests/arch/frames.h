/*
 * frames.h - how a frame-pointer walk (what perf --call-graph fp does)
 * steps from one frame to the next on each CPU, for the backtrace suite.
 *
 * FRINGE_TEST_FP_NEXT(fp) gives the caller's frame pointer and
 * FRINGE_TEST_FP_RET(fp) the return address into the caller, starting
 * from __builtin_frame_address(0) of a function compiled with
 * -fno-omit-frame-pointer.  Left undefined where the ABI has no chain a
 * simple walker can follow; FRINGE_TEST_FP_NONE then says why.  Include
 * config.h first (FRINGE_BACKCHAIN).
 */
#ifndef FRINGE_TEST_FRAMES_H
#define FRINGE_TEST_FRAMES_H

#if defined(__x86_64__) || defined(__i386__) || defined(__aarch64__)
/* The frame pointer points at [caller's frame pointer, return address]. */
#define FRINGE_TEST_FP_NEXT(fp) (((void *const *)(fp))[0])
#define FRINGE_TEST_FP_RET(fp) (((void *const *)(fp))[1])
#elif defined(__riscv)
/* The frame pointer points just above [caller's frame pointer, ra]. */
#define FRINGE_TEST_FP_NEXT(fp) (((void *const *)(fp))[-2])
#define FRINGE_TEST_FP_RET(fp) (((void *const *)(fp))[-1])
#elif defined(__powerpc64__)
/* The back chain: 0(r1) is the caller's r1, whose frame holds our LR at
 * 16 bytes. */
#define FRINGE_TEST_FP_NEXT(fp) (((void *const *)(fp))[0])
#define FRINGE_TEST_FP_RET(fp) (((void *const *)FRINGE_TEST_FP_NEXT(fp))[2])
#elif defined(__s390x__) && defined(FRINGE_BACKCHAIN)
/* The back chain (-mbackchain): 0(r15) is the caller's r15; a function
 * saves its return address (r14) in its caller's register save area, at
 * 112 bytes. */
#define FRINGE_TEST_FP_NEXT(fp) (((void *const *)(fp))[0])
#define FRINGE_TEST_FP_RET(fp) (((void *const *)FRINGE_TEST_FP_NEXT(fp))[14])
#elif defined(__mips__)
/* GCC's MIPS frames keep the caller's fp and the return address at
 * offsets that only the function's unwind information knows. */
#define FRINGE_TEST_FP_NONE "MIPS frames keep no chain of frame pointers"
#elif defined(__arm__)
/* ARM and Thumb code each keep their own kind of frame record, and
 * GCC's ARM-mode one is not the AAPCS's. */
#define FRINGE_TEST_FP_NONE "32-bit ARM has no single frame-record layout"
#endif

#ifndef FRINGE_TEST_FP_NONE
#define FRINGE_TEST_FP_NONE "no frame-pointer walker for this CPU in " \
			    "tests/arch/frames.h"
#endif

#endif /* FRINGE_TEST_FRAMES_H */

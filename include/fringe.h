/*
 * fringe.h - the public interface of libfringe-c
 *
 * libfringe-c provides user-space context switching for C and C++:
 *
 *   - stacks: guarded mmap'd stacks and stacks on caller-provided memory;
 *   - generators: functions running on their own stack that suspend with a
 *     value (yield) and continue with a new one (resume);
 *   - the low-level context API generators are built on: prepare a stack so
 *     that switching to it calls a function, switch with a pointer-sized
 *     value, and a linking switch that lets unwinders continue from the
 *     target's frames into the frames of whoever switched to it.
 *
 * Error convention: every function that can fail returns an int that is 0
 * (or a documented non-negative status) on success and a negative errno
 * value (-EINVAL, -ENOMEM, -EBUSY, ...) on failure.  errno is not used.
 * Each function's man page lists the values it returns.
 *
 * Copyright (c) 2026 The libfringe-c authors
 * SPDX-License-Identifier: MIT
 */
#ifndef FRINGE_H
#define FRINGE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Version of these headers.  Compare with fringe_version() at run time. */
#define FRINGE_VERSION_MAJOR 1
#define FRINGE_VERSION_MINOR 0
#define FRINGE_VERSION_PATCH 0
/* 0xMMmmpp: one byte each for major, minor and patch. */
#define FRINGE_VERSION_HEX                                                   \
	((FRINGE_VERSION_MAJOR << 16) | (FRINGE_VERSION_MINOR << 8) |        \
	 FRINGE_VERSION_PATCH)

#if defined(__GNUC__) && __GNUC__ >= 4
#define FRINGE_EXPORT __attribute__((visibility("default")))
#define FRINGE_WARN_UNUSED __attribute__((warn_unused_result))
#else
#define FRINGE_EXPORT
#define FRINGE_WARN_UNUSED
#endif

/* Run-time version: FRINGE_VERSION_HEX of the library actually loaded. */
FRINGE_EXPORT unsigned long fringe_version(void);
/* Run-time version as a string, "MAJOR.MINOR.PATCH". */
FRINGE_EXPORT const char *fringe_version_string(void);

/* ------------------------------------------------------------------------
 * Stacks
 * ------------------------------------------------------------------------ */

/*
 * Smallest usable size accepted for any stack, in bytes.  It is a floor,
 * not a recommendation: the function, lazy symbol binding and signal
 * handlers all need room on the stack; see fringe(7).
 */
#define FRINGE_STACK_MIN_SIZE 4096u
/* Usable size of an mmap'd stack created with size 0, in bytes. */
#define FRINGE_STACK_DEFAULT_SIZE (256u * 1024u)

/* An opaque stack descriptor. */
typedef struct fringe_stack fringe_stack;

/*
 * Map a stack with a PROT_NONE guard page below its usable area.  `size` is
 * the usable size: 0 means FRINGE_STACK_DEFAULT_SIZE, other values are
 * raised to FRINGE_STACK_MIN_SIZE and rounded up to whole pages.
 * Returns 0 and stores the stack in *stack, or -EINVAL, -ENOMEM.
 */
FRINGE_EXPORT FRINGE_WARN_UNUSED int
fringe_stack_create(fringe_stack **stack, size_t size);

/*
 * Use `size` bytes at `memory` (any alignment) as an unguarded stack.  The
 * descriptor itself is kept inside that memory, so no allocation happens;
 * the usable area is what remains after alignment and the descriptor and
 * must be at least FRINGE_STACK_MIN_SIZE.  The memory must stay valid until
 * fringe_stack_destroy().  Returns 0, or -EINVAL.
 */
FRINGE_EXPORT FRINGE_WARN_UNUSED int
fringe_stack_create_on(fringe_stack **stack, void *memory, size_t size);

/*
 * Release a stack: unmap it, or for caller memory just forget it.
 * Returns 0, -EINVAL (NULL or not a live stack), or -EBUSY (a generator
 * still uses it).
 */
FRINGE_EXPORT int fringe_stack_destroy(fringe_stack *stack);

/* Lowest usable address (16-byte aligned); NULL for a NULL stack. */
FRINGE_EXPORT void *fringe_stack_base(const fringe_stack *stack);
/* One past the highest usable address (16-byte aligned); NULL for NULL. */
FRINGE_EXPORT void *fringe_stack_limit(const fringe_stack *stack);
/* limit - base, in bytes; 0 for a NULL stack. */
FRINGE_EXPORT size_t fringe_stack_size(const fringe_stack *stack);

/*
 * The most bytes of the stack that have been used, counted down from its
 * limit, stored in *bytes.  A painted stack (fringe_stack_paint()) is
 * measured to the word: the lowest word that no longer holds the pattern.
 * Otherwise a mapped stack is measured to the page, from the lowest of its
 * pages the kernel has made resident (mincore(2)): the result is a whole
 * number of pages and counts the pages touched since the stack was mapped.
 * Nothing is recorded on a switch.  Returns 0, -EINVAL, -ENODATA (a stack
 * on caller memory that was not painted), or the error of mincore(2).
 */
FRINGE_EXPORT int fringe_stack_high_water(const fringe_stack *stack,
					  size_t *bytes);

/*
 * Fill the stack's whole usable area with a pattern, so that
 * fringe_stack_high_water() measures it to the word from now on.  It
 * writes every page of the stack (a mapped stack's pages all become
 * resident).  Not on a stack in use: returns 0, -EINVAL, or -EBUSY (a
 * generator or a context is on it, or a pool keeps it).
 */
FRINGE_EXPORT int fringe_stack_paint(fringe_stack *stack);

/* ------------------------------------------------------------------------
 * Stack pools
 * ------------------------------------------------------------------------ */

/* An opaque cache of guarded mmap'd stacks of one size. */
typedef struct fringe_stack_pool fringe_stack_pool;

/*
 * Make an empty pool of stacks of `stack_size` usable bytes (taken as by
 * fringe_stack_create()) that keeps at most `max_cached` returned stacks
 * for reuse.  Returns 0, -EINVAL or -ENOMEM.
 */
FRINGE_EXPORT FRINGE_WARN_UNUSED int
fringe_stack_pool_create(fringe_stack_pool **pool, size_t stack_size,
			 size_t max_cached);

/*
 * Hand out a stack: a cached one (no system call), else a newly mapped
 * one.  Returns 0, -EINVAL, or -ENOMEM (mapping failed: memory, or the
 * vm.max_map_count limit).
 */
FRINGE_EXPORT FRINGE_WARN_UNUSED int
fringe_stack_pool_get(fringe_stack_pool *pool, fringe_stack **stack);

/*
 * Give a stack from fringe_stack_pool_get() back: it is reset and cached,
 * or unmapped if the cache is full.  Returns 0, -EINVAL (not a stack of
 * this pool), or -EBUSY (a generator still uses it, or it was already
 * given back).
 */
FRINGE_EXPORT int fringe_stack_pool_put(fringe_stack_pool *pool,
					fringe_stack *stack);

/*
 * Unmap every cached stack and free the pool.  Returns 0, -EINVAL, or
 * -EBUSY (stacks handed out have not all been given back or destroyed).
 */
FRINGE_EXPORT int fringe_stack_pool_destroy(fringe_stack_pool *pool);

/* ------------------------------------------------------------------------
 * Generators
 * ------------------------------------------------------------------------ */

/* An opaque generator; its control block lives at the top of its stack. */
typedef struct fringe_generator fringe_generator;
/* The handle a generator's function yields through. */
typedef struct fringe_yielder fringe_yielder;

/*
 * A generator's function.  `input` is the value passed to the first
 * fringe_generator_resume(); its return value is reported by the resume
 * that sees the generator finish.
 */
typedef void *(*fringe_generator_fn)(fringe_yielder *yielder, void *input,
				     void *userdata);

/* States reported by fringe_generator_state(). */
enum fringe_generator_state {
	FRINGE_GENERATOR_RUNNABLE = 0, /* created or suspended in a yield */
	FRINGE_GENERATOR_RUNNING = 1,  /* resumed and not yet back */
	FRINGE_GENERATOR_FINISHED = 2  /* its function has returned */
};

/* Non-negative results of fringe_generator_resume(). */
#define FRINGE_YIELDED 0  /* the generator yielded a value */
#define FRINGE_FINISHED 1 /* the generator's function has returned */

/*
 * Create a generator that will run fn(yielder, input, userdata) on `stack`.
 * Nothing runs until the first resume.  No memory is allocated: the
 * control block is placed at the top of the stack, which stays in use until
 * fringe_generator_destroy().  Returns 0, -EINVAL, or -EBUSY (the stack is
 * already used by another generator).
 */
FRINGE_EXPORT FRINGE_WARN_UNUSED int
fringe_generator_create(fringe_generator **generator, fringe_stack *stack,
			fringe_generator_fn fn, void *userdata);

/*
 * Flags for fringe_generator_create_flags().
 *
 * FRINGE_GENERATOR_SHARE_FPENV: the generator does not keep floating-point
 * control modes (rounding mode, flush-to-zero, exception masks) of its
 * own; switches into and out of it may leave the thread's modes as they
 * are, which makes them cheaper (on x86_64 a round trip then reads MXCSR
 * no more).  For code that never changes those modes nothing else
 * differs; a mode one side changes may be seen by the other.
 */
#define FRINGE_GENERATOR_SHARE_FPENV 0x1u
/*
 * FRINGE_GENERATOR_SHARE_EH: the generator does not keep C++
 * exception-handling state of its own (the exceptions being handled and
 * the count of uncaught ones, see fringe_eh_state_switch()).  Without it,
 * in a process with a C++ runtime, each resume exchanges that state
 * between the resumer and the generator; in a process without one there
 * is nothing to exchange and the flag changes nothing.  For generators
 * that never yield from a catch handler or during unwinding.
 */
#define FRINGE_GENERATOR_SHARE_EH 0x2u

/*
 * fringe_generator_create() with `flags` (0 or FRINGE_GENERATOR_* flags,
 * or-ed).  Returns 0, -EINVAL (also for an unknown flag), or -EBUSY.
 */
FRINGE_EXPORT FRINGE_WARN_UNUSED int
fringe_generator_create_flags(fringe_generator **generator,
			      fringe_stack *stack, fringe_generator_fn fn,
			      void *userdata, unsigned int flags);

/*
 * Run the generator until it yields or finishes, passing `input` (the
 * return of its pending yield, or its function's `input` the first time).
 * Returns FRINGE_YIELDED and stores the yielded value in *output, or
 * FRINGE_FINISHED and stores the function's return value in *output (again
 * on every later resume, without running anything).  `output` may be NULL.
 * Errors: -EINVAL (NULL or destroyed generator), -EBUSY (it is running:
 * a generator resuming itself or one of its resumers, or another thread),
 * -EPERM (it belongs to another thread: see fringe_generator_release()).
 */
FRINGE_EXPORT int fringe_generator_resume(fringe_generator *generator,
					  void *input, void **output);

/*
 * From inside the generator's function: suspend, making the pending
 * fringe_generator_resume() return FRINGE_YIELDED with `output`.  Returns 0
 * when resumed again and stores the new input in *input (may be NULL).
 * Returns -ECANCELED, storing nothing, when the generator is being
 * cancelled (fringe_generator_cancel(), fringe_generator_destroy()): the
 * function should then release what it holds and return, without yielding
 * again.  Errors: -EINVAL (NULL yielder), -EPERM (not called on the
 * yielder's own running generator: from outside it, or with another
 * generator's yielder).  A yield made below the generator's stack (the
 * stack has overflowed) aborts with a message.
 */
FRINGE_EXPORT int fringe_generator_yield(fringe_yielder *yielder,
					 void *output, void **input);

/* The generator a yielder belongs to (NULL for NULL). */
FRINGE_EXPORT fringe_generator *
fringe_generator_from_yielder(fringe_yielder *yielder);

/* The current state, or -EINVAL for NULL or a destroyed generator. */
FRINGE_EXPORT int fringe_generator_state(const fringe_generator *generator);

/*
 * Threads: a generator belongs to the thread that created it or last
 * resumed (or cancelled) it, so that resuming it there needs no locked
 * instruction.  Other threads are refused with -EPERM (resume, cancel and
 * destroy; a finished generator's result may be read by any thread)
 * until the owner, while the generator is suspended or finished, calls
 * fringe_generator_release(); then any thread may claim it by resuming,
 * cancelling or destroying it.  Returns 0 (also when nobody owned
 * it), -EINVAL (NULL or destroyed), -EPERM (another thread owns it),
 * -EBUSY (it is running).
 */
FRINGE_EXPORT int fringe_generator_release(fringe_generator *generator);

/* The stack the generator runs on (NULL for NULL or destroyed). */
FRINGE_EXPORT fringe_stack *
fringe_generator_stack(const fringe_generator *generator);

/*
 * Destroy a generator that is not running, finished or not.  A suspended,
 * unfinished generator is cancelled first (fringe_generator_cancel()), so
 * its function gets to clean up.  Its stack is released for reuse (a new
 * generator or fringe_stack_destroy()).  Returns 0, -EINVAL (NULL or
 * already destroyed), -EBUSY (it is running), or -EPERM (another thread
 * owns it).
 */
FRINGE_EXPORT int fringe_generator_destroy(fringe_generator *generator);

/*
 * Cancel a generator that is not running: resume a suspended one for the
 * last time, its pending fringe_generator_yield() returning -ECANCELED, so
 * that its function can release what it holds and return.  Afterwards the
 * generator is finished (resumes report FRINGE_FINISHED and the function's
 * return value).  A generator that has finished already, or was never
 * resumed, is simply marked finished: its function does not run.  Returns
 * 0, or -ECANCELED if the function yielded again instead of returning (it
 * is then abandoned at that yield, and finished with a NULL value),
 * -EINVAL (NULL or destroyed), -EBUSY (it is running), -EPERM (another
 * thread owns it).
 */
FRINGE_EXPORT int fringe_generator_cancel(fringe_generator *generator);

/* ------------------------------------------------------------------------
 * Low-level context API
 *
 * A context is identified by its saved stack pointer.  Switching to a
 * stack pointer consumes it: the switch saves the current context and
 * hands its new stack pointer to the other side, in the fringe_transfer
 * that side's switch (or entry function) receives.  Nothing is allocated
 * and nothing is checked beyond NULL pointers: these are the primitives
 * that schedulers build on.
 * ------------------------------------------------------------------------ */

/* What a switch returns: who switched back to us, and with what value. */
typedef struct fringe_transfer {
	void *sp;    /* saved stack pointer of the context that switched here */
	void *value; /* the value it passed */
} fringe_transfer;

/*
 * The entry function of a context: called on the context's stack by the
 * first switch to it, with that switch's value and the switching context's
 * stack pointer.  It must never return: a context ends by switching away
 * for the last time.  If it returns, the library prints a message and
 * calls abort().
 */
typedef void (*fringe_context_fn)(void *value, void *from_sp, void *userdata);

/*
 * Prepare `stack` so that the first switch to *sp calls
 * fn(value, from_sp, userdata) on it.  The whole usable area is used; the
 * stack stays owned by the caller, who must not destroy or re-initialize
 * it while the context may still be switched to.  Returns 0, -EINVAL, or
 * -EBUSY (a generator uses the stack).
 */
FRINGE_EXPORT FRINGE_WARN_UNUSED int
fringe_context_init(fringe_stack *stack, fringe_context_fn fn, void *userdata,
		    void **sp);

/*
 * Save the current context and switch to `sp`, passing `value`.  Returns
 * when some context switches back to the saved one, with its stack pointer
 * and value.  A NULL `sp` aborts with a message.
 */
FRINGE_EXPORT fringe_transfer fringe_context_switch(void *sp, void *value);

/*
 * Like fringe_context_switch(), and also record the current context as
 * the resumer of the context that runs on `stack` (the stack `sp` belongs
 * to), so that debuggers, backtrace(3) and profilers unwinding from inside
 * it continue into the caller of this function.  A NULL `sp` or `stack`,
 * or a stack on which no context was made, aborts with a message.
 */
FRINGE_EXPORT fringe_transfer fringe_context_switch_link(void *sp, void *value,
							 fringe_stack *stack);

/*
 * C++ exception-handling state.  The C++ runtime keeps per thread the
 * exceptions being handled (what `throw;` rethrows) and the count of
 * exceptions in flight (std::uncaught_exceptions()).  Code that runs on
 * several stacks of one thread needs a copy per stack, exchanged at each
 * switch; generators do it themselves, schedulers built on the context
 * API call fringe_eh_state_switch() around their switches.
 */
typedef struct fringe_eh_state {
	void *fringe_opaque[4];
} fringe_eh_state;

/* The state of a context that has not run yet: nothing being handled. */
#define FRINGE_EH_STATE_INIT {{0, 0, 0, 0}}

/*
 * Store the calling thread's C++ exception-handling state in *save and
 * make *load the thread's (`save` may equal `load`: an exchange).  Returns
 * 1, or 0 when the process has no C++ runtime (nothing is done), or
 * -EINVAL (NULL argument).
 */
FRINGE_EXPORT int fringe_eh_state_switch(fringe_eh_state *save,
					 const fringe_eh_state *load);

/* ------------------------------------------------------------------------
 * Stack overflow diagnostics
 * ------------------------------------------------------------------------ */

/*
 * Install a SIGSEGV and SIGBUS handler that reports a generator's stack
 * overflow ("libfringe-c: stack overflow in generator (stack LO-HI)") and
 * aborts, and passes every other fault on to the handler installed before.
 * It runs on a guarded alternate signal stack that the calling thread gets
 * now and any other thread on its first generator resume (threads that
 * have an alternate signal stack keep theirs).  Calling it again does
 * nothing.  Returns 0, -ENOMEM (no memory for the alternate signal stack),
 * -EAGAIN (no thread-specific data key left), or the error of sigaction().
 */
FRINGE_EXPORT int fringe_overflow_handler_install(void);

#ifdef __cplusplus
}
#endif

#endif /* FRINGE_H */

/*
 * generator.c - generators on top of the backend's context switch.
 *
 * The control block sits at the top of the generator's stack and the
 * context is built right below it, so creating a generator allocates
 * nothing.  Resuming uses the linking switch, so unwinders walk from the
 * generator's frames into its resumer's.
 *
 * Threads.  A generator belongs to the thread that created it or last
 * resumed it: its state word holds that thread's tag beside the state,
 * and only the owner changes the word, with plain loads and stores, so
 * that resuming, yielding and destroying on one thread execute no locked
 * instruction (creating one claims its stack with a compare-and-swap).
 * Another thread is refused (-EPERM) until the owner hands the generator
 * off with fringe_generator_release(); a generator nobody owns is claimed
 * with a compare-and-swap, so two threads resuming it at once cannot both
 * run it.  A finished generator never runs again: any
 * thread may query it.
 *
 * The switch itself is the backend's (fringe__gen_resume, fringe__gen_yield
 * and fringe__gen_return, lib/arch/README): resume and yield make their
 * checks here and end with a tail call into it, and the backend hands the
 * values over, publishes the new state after the switch and returns
 * straight to the application.  No code of this file runs after a switch.
 * A backend may also run the usual resume and yield itself
 * (FRINGE_BACKEND_ENTRIES): then it comes here for every other case.
 * A generator created with FRINGE_GENERATOR_SHARE_FPENV switches with
 * the _shared ones: one test of its flags byte, which resume and yield
 * read anyway.
 *
 * Cancellation is a last resume that makes the pending yield return
 * -ECANCELED instead of 0.  If the function yields again rather than
 * returning, that yield never returns: the generator is abandoned there
 * and counts as finished.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>

#include "fringe-internal.h"

/* Internal state of a destroyed generator (never reported). */
#define FRINGE_GENERATOR_DEAD 3

/*
 * The state word: the state in its low two bits (STATE_BITS), the owning
 * thread's tag in the others (0: nobody owns the generator).
 */
#define STATE_BITS 3u
#define word_state(w) ((int)((w) & STATE_BITS))
#define word_owner(w) ((w) & ~STATE_BITS)

/*
 * Thread tags (fringe_thread.tag): a non-zero multiple of 4 from next_tag,
 * given on a thread's first claim (or when it creates a pool).  Until
 * then, and for every thread after 2^30 of them have had one, it is
 * FRINGE_NO_TAG, which no state word can equal: such a thread runs
 * generators without owning them, claiming each resume with a
 * compare-and-swap.  Tags are never reused, so a tag identifies one
 * thread for the life of the process.
 */
static uint32_t next_tag = 4;

_Thread_local struct fringe_thread fringe__thread FRINGE_TLS_MODEL = {
	FRINGE_NO_TAG, NULL, NULL, 0
};
/* This thread's block, by a short name. */
#define self fringe__thread

uint32_t fringe__thread_owner(void)
{
	uint32_t t;

	if (FRINGE_LIKELY(self.tag != FRINGE_NO_TAG))
		return (uint32_t)self.tag;
	t = __atomic_load_n(&next_tag, __ATOMIC_RELAXED);
	do {
		if (t == 0) /* all handed out: the counter stays at 0 */
			return 0;
	} while (!__atomic_compare_exchange_n(&next_tag, &t, t + 4, 1,
					      __ATOMIC_RELAXED,
					      __ATOMIC_RELAXED));
	self.tag = t;
	return t;
}

/* The control block a handle (or yielder) points to, without its tag. */
static inline struct fringe_generator *handle_block(const void *handle)
{
	return (struct fringe_generator *)((uintptr_t)handle &
					   ~FRINGE_GEN_TAG_MASK);
}

/* The handle of a generator (and the yielder its function receives). */
static inline void *generator_handle(const struct fringe_generator *g)
{
	return (void *)((uintptr_t)g | g->tag);
}

/*
 * The control block of a live generator's handle, or NULL.  The magic is
 * read and cleared atomically: a destroy may race with a resume on
 * another thread, which then fails on the state.  A handle whose tag is
 * not the generator's belongs to an earlier generator on the same stack.
 */
static inline struct fringe_generator *handle_generator(const void *handle)
{
	struct fringe_generator *g = handle_block(handle);

	if (FRINGE_UNLIKELY(g == NULL) ||
	    FRINGE_UNLIKELY(__atomic_load_n(&g->magic, __ATOMIC_RELAXED) !=
			    FRINGE_GENERATOR_MAGIC) ||
	    FRINGE_UNLIKELY(generator_handle(g) != handle))
		return NULL;
	return g;
}

/* Where a generator with FRINGE_GEN_OWN_EH keeps its C++ state: right
 * above its control block, so that the context below the control block
 * starts at the same place for every generator. */
static inline struct fringe_eh_globals *generator_eh(struct fringe_generator *g)
{
	return (struct fringe_eh_globals *)(g + 1);
}

/*
 * C++ exception-handling state: a generator with FRINGE_GEN_OWN_EH trades
 * the thread's state for its own each time it is entered (a resume) and
 * each time it is left (a yield or its return), so each side sees only its
 * own.  Both trades are a few loads and stores made in C before the
 * switch, which keeps resume and yield tail calls into the backend.  The
 * thread's state is found through self.eh_globals, which the
 * first entry in a thread sets (generator_switch_in_eh_first()); code
 * that leaves a generator runs on the thread that entered it, so the
 * trades on the way out always find it set.
 */
static inline void generator_eh_trade(struct fringe_generator *g)
{
	if (FRINGE_UNLIKELY(g->flags & FRINGE_GEN_OWN_EH))
		fringe__eh_exchange(self.eh_globals, generator_eh(g));
}

/*
 * For the overflow handler (async-signal-safe): does `addr` lie at most
 * `reach` bytes below the stack of a generator this thread is running?
 */
int fringe__generator_overflowed(const void *addr, size_t reach, void **base,
				 void **limit)
{
	const struct fringe_running *r;
	uintptr_t a = (uintptr_t)addr;

	for (r = self.current; r != NULL; r = r->outer) {
		const struct fringe_stack *stack = r->generator->stack;
		uintptr_t b = (uintptr_t)stack->base;

		if (a < b && b - a <= reach) {
			*base = stack->base;
			*limit = stack->limit;
			return 1;
		}
	}
	return 0;
}

/*
 * Once fringe_overflow_handler_install() has armed the handler, every
 * thread that runs generators gets an alternate signal stack on its first
 * resume, and keeps track of the generators it is running (self.current)
 * for the handler: each resume adds its generator to the list until the
 * generator yields or returns (generator_switch_in_armed()).  Before,
 * nothing needs either, and the switch paths make no store for them.
 * Generators that are running when the handler is installed join the
 * list at their next resume.
 */
static inline int overflow_armed(void)
{
	return FRINGE_UNLIKELY(__atomic_load_n(&fringe__overflow_armed,
					       __ATOMIC_RELAXED));
}

/*
 * A yield must run on its generator's stack, below the control block.
 * Anywhere else it is refused, except a little below the stack, on no
 * other stack the library knows: the stack has overflowed, and on a stack
 * without a guard page something below it has been overwritten already.
 */
static __attribute__((noinline, cold)) int
yield_elsewhere(const struct fringe_generator *g)
{
	/* This function's frame lies right below the yield's, on the same
	 * stack (the yield passes no address of its own: that would keep it
	 * from jumping to the switch). */
	uintptr_t frame = (uintptr_t)__builtin_frame_address(0);
	uintptr_t base = (uintptr_t)g->stack->base;

	if (frame >= base ||
	    base - frame > FRINGE_OVERFLOW_REACH_PAGES * fringe__page_size())
		return -EPERM;
	/* Close below it.  The overflow handler's own stack? */
	if (fringe__os_on_handler_stack(frame))
		return -EPERM;
	/* Any other stack the library made or was given. */
	if (fringe__debug_stack_holds(NULL, (const void *)frame))
		return -EPERM;
	fringe__abort("stack overflow in generator: a yield was made below "
		      "its stack");
}

/* A yield whose frame lies at or above its control block. */
static __attribute__((noinline, cold)) int
yield_above(struct fringe_generator *g, const fringe_yielder *yielder)
{
	if (g == NULL)
		return -EINVAL;
	if (generator_handle(g) != (const void *)yielder)
		return -EPERM;
	return yield_elsewhere(g);
}

/*
 * The entry function of every generator's context (fringe__gen_make()):
 * the backend calls it on the first resume, which has recorded the
 * resumer already.  The return value goes to the resumer through
 * fringe__gen_return().
 */
void fringe__gen_entry(void *input, void *from_sp, void *userdata)
{
	struct fringe_generator *g = userdata;
	void *result;

	(void)from_sp;
	result = g->fn(generator_handle(g), input, g->userdata);
	g->result = result; /* in place of fn */
	generator_eh_trade(g);
	if (g->flags & FRINGE_GENERATOR_SHARE_FPENV)
		fringe__gen_return_shared(g, result);
	fringe__gen_return(g, result);
}

FRINGE_EXPORT int fringe_generator_create_flags(fringe_generator **out,
						fringe_stack *stack,
						fringe_generator_fn fn,
						void *userdata,
						unsigned int flags)
{
	struct fringe_generator *g, *none = NULL;
	uintptr_t top;
	int own_eh;

	if (out == NULL)
		return -EINVAL;
	*out = NULL;
	if (!fringe__stack_valid(stack) || fn == NULL ||
	    (flags & ~FRINGE_GENERATOR_FLAGS_ALL) != 0)
		return -EINVAL;
	/* C++ exception state of its own, above the control block, unless
	 * asked not to or the process has no C++ runtime. */
	own_eh = !(flags & FRINGE_GENERATOR_SHARE_EH) && fringe__eh_runtime();
	top = ((uintptr_t)stack->limit - sizeof *g -
	       (own_eh ? FRINGE_GEN_EH_SIZE : 0)) &
	      ~(uintptr_t)(FRINGE_CONTEXT_ALIGN - 1);
	g = (struct fringe_generator *)top;
	if (!__atomic_compare_exchange_n(&stack->owner, &none, g, 0,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return -EBUSY;

	g->stack = stack;
	g->fn = fn;
	g->userdata = userdata;
	g->caller_sp = NULL;
	/* Only what the switches need (SHARE_EH has done its work). */
	g->flags = (uint8_t)(flags & FRINGE_GENERATOR_SHARE_FPENV);
	g->tag = (uint8_t)(stack->generation++ & FRINGE_GEN_TAG_MASK);
	if (own_eh) {
		static const struct fringe_eh_globals none_caught;

		g->flags |= FRINGE_GEN_OWN_EH;
		*generator_eh(g) = none_caught;
	}
	/* Owned by the creating thread (if it has a tag). */
	__atomic_store_n(&g->state, fringe__thread_owner() | FRINGE_GENERATOR_RUNNABLE,
			 __ATOMIC_RELAXED);
	__atomic_store_n(&g->magic, FRINGE_GENERATOR_MAGIC, __ATOMIC_RELAXED);
	fringe__san_stack_reset(stack);
	g->sp = fringe__gen_make(g);
	*out = generator_handle(g);
	return 0;
}

FRINGE_EXPORT int fringe_generator_create(fringe_generator **out,
					  fringe_stack *stack,
					  fringe_generator_fn fn,
					  void *userdata)
{
	return fringe_generator_create_flags(out, stack, fn, userdata, 0);
}

/* Publish `state` for a generator this thread is running: the owner (or
 * none) stays.  Release: what the generator wrote is visible to a thread
 * that sees the new state (its result, once finished). */
static void generator_publish(struct fringe_generator *g, int state)
{
	uint32_t w = __atomic_load_n(&g->state, __ATOMIC_RELAXED);

	__atomic_store_n(&g->state, word_owner(w) | (uint32_t)state,
			 __ATOMIC_RELEASE);
}

/* Mark a generator whose function will not run again as finished, with
 * no result. */
static void generator_finished(struct fringe_generator *g)
{
	g->result = NULL;
	g->sp = NULL;
	generator_publish(g, FRINGE_GENERATOR_FINISHED);
}

/*
 * Move `g` from RUNNABLE to RUNNING for this thread: 0, or why not.  The
 * usual case, a generator this thread owns, takes a load and a store; one
 * nobody owns is claimed with a compare-and-swap, which makes this
 * thread its owner (unless it has no tag).
 */
static __attribute__((noinline)) int generator_claim_slow(struct fringe_generator *g)
{
	uint32_t mine = fringe__thread_owner();
	uint32_t w = __atomic_load_n(&g->state, __ATOMIC_ACQUIRE);

	for (;;) {
		switch (word_state(w)) {
		case FRINGE_GENERATOR_FINISHED:
			return FRINGE_FINISHED;
		case FRINGE_GENERATOR_DEAD:
			return -EINVAL;
		case FRINGE_GENERATOR_RUNNING:
			return -EBUSY;
		}
		if (word_owner(w) == mine && mine != 0) {
			__atomic_store_n(&g->state,
					 mine | FRINGE_GENERATOR_RUNNING,
					 __ATOMIC_RELAXED);
			return 0;
		}
		if (word_owner(w) != 0)
			return -EPERM; /* another thread's */
		if (__atomic_compare_exchange_n(&g->state, &w,
						mine | FRINGE_GENERATOR_RUNNING,
						0, __ATOMIC_ACQUIRE,
						__ATOMIC_ACQUIRE))
			return 0;
	}
}

/* The usual claim: owned by this thread and RUNNABLE (0), so that no
 * other thread writes the word.  1 if claimed. */
static inline __attribute__((always_inline)) int
generator_claim_owned(struct fringe_generator *g)
{
	uint32_t w = __atomic_load_n(&g->state, __ATOMIC_RELAXED);

	if (FRINGE_UNLIKELY((uint64_t)w != self.tag))
		return 0;
	__atomic_store_n(&g->state, w | FRINGE_GENERATOR_RUNNING,
			 __ATOMIC_RELAXED);
	return 1;
}

static inline __attribute__((always_inline)) int
generator_claim(struct fringe_generator *g)
{
	if (FRINGE_LIKELY(generator_claim_owned(g)))
		return 0;
	return generator_claim_slow(g);
}

/*
 * Run `g`, which the caller has moved to RUNNING, until it yields or
 * finishes; its pending yield returns `code` (0, or -ECANCELED with no
 * input).  A tail call: keep it in tail position.
 */
static inline __attribute__((always_inline)) int
generator_run_here(struct fringe_generator *g, void *input, void **output,
		   int code)
{
	if (g->flags & FRINGE_GENERATOR_SHARE_FPENV)
		return fringe__gen_resume_shared(g, input, output, code);
	return fringe__gen_resume(g, input, output, code);
}

/* A resume once the overflow handler is armed: `g` is on the thread's
 * list of running generators until it yields or returns.  Out of line, so
 * that the usual resume needs no stack frame; not a tail call, since the
 * entry lives in this frame. */
static __attribute__((noinline, cold)) int
generator_switch_in_armed(struct fringe_generator *g, void *input,
			  void **output, int code)
{
	struct fringe_running running = { g, self.current };
	int rc;

	if (FRINGE_UNLIKELY(!self.overflow_ready))
		fringe__overflow_thread_setup();
	/* The handler may run between any two instructions: the entry is
	 * complete before the list shows it. */
	__atomic_signal_fence(__ATOMIC_RELEASE);
	self.current = &running;
	rc = generator_run_here(g, input, output, code);
	/* The generator has left the thread (it may move to another one):
	 * back to the list this resume started from. */
	self.current = running.outer;
	return rc;
}

static inline __attribute__((always_inline)) int
generator_enter(struct fringe_generator *g, void *input, void **output,
		int code)
{
	if (overflow_armed())
		return generator_switch_in_armed(g, input, output, code);
	return generator_run_here(g, input, output, code);
}

/* The first entry into a generator with C++ state of its own in a thread
 * that has not asked the runtime for its state yet: out of line, so that
 * the usual resume makes no call and needs no registers saved. */
static __attribute__((noinline, cold)) int
generator_switch_in_eh_first(struct fringe_generator *g, void *input,
			     void **output, int code)
{
	fringe__eh_exchange(fringe__eh_thread_lookup(), generator_eh(g));
	return generator_enter(g, input, output, code);
}

static inline __attribute__((always_inline)) int
generator_switch_in(struct fringe_generator *g, void *input, void **output,
		    int code)
{
	if (FRINGE_UNLIKELY(g->flags & FRINGE_GEN_OWN_EH)) {
		struct fringe_eh_globals *thread = self.eh_globals;

		if (FRINGE_UNLIKELY(thread == NULL))
			return generator_switch_in_eh_first(g, input, output,
							    code);
		fringe__eh_exchange(thread, generator_eh(g));
	}
	return generator_enter(g, input, output, code);
}

/* A resume that is not by the owner of a RUNNABLE generator. */
static __attribute__((noinline)) int
generator_resume_slow(struct fringe_generator *g, void *input, void **output)
{
	int rc = generator_claim_slow(g);

	if (FRINGE_UNLIKELY(rc != 0)) {
		if (rc == FRINGE_FINISHED && output != NULL)
			*output = g->result;
		return rc;
	}
	return generator_switch_in(g, input, output, 0);
}

/*
 * The public resume and yield, or, where the backend defines those
 * (FRINGE_BACKEND_ENTRIES), what its entry points jump to in every case
 * but the usual one: these make all the checks again, and sort out the
 * errors.
 */
#ifdef FRINGE_BACKEND_ENTRIES
#define SWITCH_API(name) FRINGE_HIDDEN FRINGE_SWITCH_PATH int fringe__##name
#else
#define SWITCH_API(name) FRINGE_EXPORT FRINGE_SWITCH_PATH int fringe_##name
#endif

SWITCH_API(generator_resume)(fringe_generator *handle, void *input,
			     void **output)
{
	struct fringe_generator *g = handle_generator(handle);

	if (FRINGE_UNLIKELY(g == NULL))
		return -EINVAL;
	if (FRINGE_UNLIKELY(!generator_claim_owned(g)))
		return generator_resume_slow(g, input, output);
	/* Returns (to our caller) when the generator yields or finishes. */
	return generator_switch_in(g, input, output, 0);
}

/* The yield's switch out: a tail call into the backend, which returns
 * (to the yield's caller) when the generator is resumed again, with the
 * code that resume passes: 0, or -ECANCELED. */
static inline __attribute__((always_inline)) int
generator_leave(struct fringe_generator *g, void *output, void **input)
{
	/* The usual SHARE_FPENV generator first: one compare. */
	if (g->flags == FRINGE_GENERATOR_SHARE_FPENV)
		return fringe__gen_yield_shared(g, output, input);
	generator_eh_trade(g);
	if (g->flags & FRINGE_GENERATOR_SHARE_FPENV)
		return fringe__gen_yield_shared(g, output, input);
	return fringe__gen_yield(g, output, input);
}

/*
 * A yield made below its stack's yield_floor: below the stack, or on a
 * stack that hosts others (its floor raised), where code running on a
 * nested stack is not the generator's although its frames lie within the
 * generator's stack.
 */
static __attribute__((noinline, cold)) int
yield_below_floor(struct fringe_generator *g, void *output, void **input)
{
	/* This function's frame lies right below the yield's. */
	const void *frame = __builtin_frame_address(0);

	if ((uintptr_t)frame < (uintptr_t)g->stack->base)
		return yield_elsewhere(g);
	if (fringe__debug_stack_holds(g->stack, frame))
		return -EPERM;
	return generator_leave(g, output, input);
}

SWITCH_API(generator_yield)(fringe_yielder *yielder, void *output,
			    void **input)
{
	struct fringe_generator *g = handle_block(yielder);
	char here; /* its address: where this yield's frame is */

	/*
	 * Only the generator's own function, on its stack, may yield through
	 * it: not an earlier generator's function on the same stack (the
	 * handle's tag tells them apart), nor code on another stack.  A
	 * stack runs one context at a time, so code on a generator's stack
	 * is that generator's, running on this thread, unless the code runs
	 * on a stack made inside it (yield_below_floor()).  A frame at or above
	 * the control block (always so for a NULL yielder) is sorted out
	 * off the path.
	 */
	if (FRINGE_UNLIKELY((uintptr_t)&here >= (uintptr_t)g))
		return yield_above(g, yielder);
	if (FRINGE_UNLIKELY(generator_handle(g) != (void *)yielder))
		return -EPERM;
	/* Below the stack, or on one that hosts others?  Tail calls, so
	 * that the usual yield needs no registers saved. */
	if (FRINGE_UNLIKELY((uintptr_t)&here <
			    (uintptr_t)__atomic_load_n(&g->stack->yield_floor,
						       __ATOMIC_RELAXED)))
		return yield_below_floor(g, output, input);
	return generator_leave(g, output, input);
}

FRINGE_EXPORT fringe_generator *fringe_generator_from_yielder(fringe_yielder *yielder)
{
	return (fringe_generator *)yielder;
}

FRINGE_EXPORT int fringe_generator_state(const fringe_generator *handle)
{
	struct fringe_generator *g = handle_generator(handle);
	int state;

	if (g == NULL)
		return -EINVAL;
	state = word_state(__atomic_load_n(&g->state, __ATOMIC_ACQUIRE));
	return state == FRINGE_GENERATOR_DEAD ? -EINVAL : state;
}

/*
 * fringe_generator_release(): the owner gives a suspended or finished
 * generator up, so that any thread may claim it next.  The release store
 * makes everything the owner did with it visible to that thread, whose
 * claim is an acquiring compare-and-swap.
 */
FRINGE_EXPORT int fringe_generator_release(fringe_generator *handle)
{
	struct fringe_generator *g = handle_generator(handle);
	uint32_t w;

	if (g == NULL)
		return -EINVAL;
	w = __atomic_load_n(&g->state, __ATOMIC_ACQUIRE);
	if (word_state(w) == FRINGE_GENERATOR_DEAD)
		return -EINVAL;
	if (word_owner(w) == 0)
		return 0;
	if ((uint64_t)word_owner(w) != self.tag)
		return -EPERM;
	if (word_state(w) == FRINGE_GENERATOR_RUNNING)
		return -EBUSY;
	__atomic_store_n(&g->state, w & STATE_BITS, __ATOMIC_RELEASE);
	return 0;
}

FRINGE_EXPORT fringe_stack *fringe_generator_stack(const fringe_generator *handle)
{
	struct fringe_generator *g = handle_generator(handle);

	return g != NULL ? g->stack : NULL;
}

/*
 * fringe_generator_cancel(): 0 when `g` is finished (also if it already
 * was, or never started), -ECANCELED when its function yielded again and
 * was abandoned, -EBUSY or -EINVAL.
 */
FRINGE_EXPORT int fringe_generator_cancel(fringe_generator *handle)
{
	struct fringe_generator *g = handle_generator(handle);
	int rc;

	if (g == NULL)
		return -EINVAL;
	rc = generator_claim(g);
	if (rc == FRINGE_FINISHED)
		return 0;
	if (rc != 0)
		return rc;
	if (g->caller_sp == NULL) {
		/* Never resumed: its function never runs. */
		generator_finished(g);
		return 0;
	}
	rc = generator_switch_in(g, NULL, NULL, -ECANCELED);
	if (rc == FRINGE_FINISHED)
		return 0;
	/* It yielded instead of returning: abandon it where it stands. */
	generator_finished(g);
	return -ECANCELED;
}

FRINGE_EXPORT int fringe_generator_destroy(fringe_generator *handle)
{
	struct fringe_generator *g;
	uint32_t w;
	int rc;

	/* A suspended, unfinished generator gets the chance to clean up;
	 * whether it took it (0) or was abandoned (-ECANCELED), it is
	 * finished now and can be destroyed. */
	rc = fringe_generator_cancel(handle);
	if (rc != 0 && rc != -ECANCELED)
		return rc;
	g = handle_block(handle);
	/* Finished now.  The owner marks it dead with a store; a generator
	 * nobody owns goes to the first thread that swaps the state. */
	w = __atomic_load_n(&g->state, __ATOMIC_ACQUIRE);
	do {
		if (word_state(w) == FRINGE_GENERATOR_RUNNING)
			return -EBUSY;
		if (word_state(w) == FRINGE_GENERATOR_DEAD)
			return -EINVAL;
		if ((uint64_t)word_owner(w) == self.tag) {
			__atomic_store_n(&g->state, w | FRINGE_GENERATOR_DEAD,
					 __ATOMIC_RELAXED);
			break;
		}
		if (word_owner(w) != 0)
			return -EPERM;
	} while (!__atomic_compare_exchange_n(
		&g->state, &w, FRINGE_GENERATOR_DEAD, 1, __ATOMIC_ACQ_REL,
		__ATOMIC_ACQUIRE));
	__atomic_store_n(&g->magic, 0, __ATOMIC_RELAXED);
	g->stack->link = NULL;
	__atomic_store_n(&g->stack->owner, NULL, __ATOMIC_RELEASE);
	return 0;
}

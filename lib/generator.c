/*
 * generator.c - generators on top of the backend's context switch.
 *
 * The control block sits at the top of the generator's stack and the
 * context is built right below it, so creating a generator allocates
 * nothing.  Resuming uses the linking switch, so unwinders walk from the
 * generator's frames into its resumer's.
 *
 * State changes: only a resumer moves a generator out of RUNNING, and only
 * a successful compare-and-swap moves it in, so two threads resuming the
 * same generator cannot both run it.
 *
 * Cancellation is a last resume whose value is the address of a private
 * token: the pending yield recognizes it and returns -ECANCELED instead of
 * a value.  If the function yields again rather than returning, that yield
 * never returns: the generator is abandoned there and counts as finished.
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
 * The generator whose function this thread is running, innermost first;
 * NULL outside any generator.  Only a resume changes it, around its switch,
 * and a generator runs on the thread that resumed it, so the value is
 * always this thread's even when generators move between threads.
 * initial-exec: one instruction to reach, instead of a __tls_get_addr call.
 */
static _Thread_local struct fringe_generator *current
	__attribute__((tls_model("initial-exec")));

/* The value a cancellation resumes a generator with; nothing else can
 * have this address. */
static char cancel_token;
#define CANCEL_VALUE ((void *)&cancel_token)

/* The magic is read and cleared atomically: a destroy may race with a
 * resume on another thread, which then fails on the state. */
static int generator_valid(const struct fringe_generator *g)
{
	return g != NULL && __atomic_load_n(&g->magic, __ATOMIC_RELAXED) ==
				    FRINGE_GENERATOR_MAGIC;
}

int fringe__generator_overflowed(const void *addr, size_t reach, void **base,
				 void **limit)
{
	const struct fringe_generator *g;
	uintptr_t a = (uintptr_t)addr;

	for (g = current; g != NULL; g = g->outer) {
		uintptr_t b = (uintptr_t)g->base;

		if (a < b && b - a <= reach) {
			*base = g->base;
			*limit = g->stack->limit;
			return 1;
		}
	}
	return 0;
}

/*
 * The entry function of every generator's context.  After the user's
 * function returns, `fn` is cleared to tell the resumer the generator has
 * finished, and the context is left for good.
 */
static void generator_entry(void *input, void *from_sp, void *userdata)
{
	struct fringe_generator *g = userdata;

	fringe__san_started(g->stack);
	g->caller_sp = from_sp;
	g->started = 1;
	g->result = g->fn((fringe_yielder *)g, input, g->userdata);
	g->fn = NULL;
	fringe__san_leave(g->stack, 1);
	fringe__ctx_switch(g->caller_sp, NULL);
	fringe__abort("a finished generator was switched to");
}

FRINGE_EXPORT int fringe_generator_create(fringe_generator **out,
					  fringe_stack *stack,
					  fringe_generator_fn fn,
					  void *userdata)
{
	struct fringe_generator *g, *none = NULL;
	uintptr_t top;

	if (out == NULL)
		return -EINVAL;
	*out = NULL;
	if (!fringe__stack_valid(stack) || fn == NULL)
		return -EINVAL;
	top = ((uintptr_t)stack->limit - sizeof *g) &
	      ~(uintptr_t)(FRINGE_CONTEXT_ALIGN - 1);
	g = (struct fringe_generator *)top;
	if (!__atomic_compare_exchange_n(&stack->owner, &none, g, 0,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return -EBUSY;

	g->stack = stack;
	g->fn = fn;
	g->userdata = userdata;
	g->result = NULL;
	g->caller_sp = NULL;
	g->base = stack->base;
	g->outer = NULL;
	g->started = 0;
	atomic_init(&g->state, FRINGE_GENERATOR_RUNNABLE);
	g->magic = FRINGE_GENERATOR_MAGIC;
	fringe__san_stack_reset(stack);
	g->sp = fringe__ctx_make(g, generator_entry, g, &stack->link,
				 stack->base);
	*out = g;
	return 0;
}

/*
 * Switch into `g`, which the caller has moved to RUNNING, and return what
 * it switched back with.  `current` names it for as long as it runs.
 */
static inline fringe_transfer generator_switch(struct fringe_generator *g,
					       void *input)
{
	struct fringe_generator *outer = current;
	fringe_transfer t;
	void *fake;

	/* After fringe_overflow_handler_install(), every thread that runs
	 * generators gets an alternate signal stack, on its first resume. */
	if (FRINGE_UNLIKELY(__atomic_load_n(&fringe__overflow_armed,
					    __ATOMIC_RELAXED)) &&
	    FRINGE_UNLIKELY(!fringe__overflow_thread_ready))
		fringe__overflow_thread_setup();
	g->outer = outer;
	current = g;
	fringe__san_enter(g->stack, &fake);
	t = fringe__ctx_switch_link(g->sp, input, g->stack);
	fringe__san_entered(fake);
	current = outer;
	return t;
}

/* `g`'s function has returned (fn was cleared): it is finished. */
static int generator_finish(struct fringe_generator *g, void **output)
{
	g->sp = NULL;
	if (output != NULL)
		*output = g->result;
	atomic_store_explicit(&g->state, FRINGE_GENERATOR_FINISHED,
			      memory_order_release);
	return FRINGE_FINISHED;
}

FRINGE_EXPORT int fringe_generator_resume(fringe_generator *g, void *input,
					  void **output)
{
	int expected = FRINGE_GENERATOR_RUNNABLE;
	fringe_transfer t;

	if (FRINGE_UNLIKELY(!generator_valid(g)))
		return -EINVAL;
	if (FRINGE_UNLIKELY(!atomic_compare_exchange_strong_explicit(
		    &g->state, &expected, FRINGE_GENERATOR_RUNNING,
		    memory_order_acquire, memory_order_acquire))) {
		if (expected == FRINGE_GENERATOR_FINISHED) {
			if (output != NULL)
				*output = g->result;
			return FRINGE_FINISHED;
		}
		return expected == FRINGE_GENERATOR_RUNNING ? -EBUSY : -EINVAL;
	}

	t = generator_switch(g, input);
	if (FRINGE_UNLIKELY(g->fn == NULL))
		return generator_finish(g, output);
	g->sp = t.sp;
	if (output != NULL)
		*output = t.value;
	atomic_store_explicit(&g->state, FRINGE_GENERATOR_RUNNABLE,
			      memory_order_release);
	return FRINGE_YIELDED;
}

FRINGE_EXPORT int fringe_generator_yield(fringe_yielder *yielder, void *output,
					 void **input)
{
	struct fringe_generator *g = (struct fringe_generator *)yielder;
	fringe_transfer t;

	if (FRINGE_UNLIKELY(g == NULL))
		return -EINVAL;
	/* Only the generator's own function (innermost on this thread) may
	 * yield through it. */
	if (FRINGE_UNLIKELY(g != current))
		return -EPERM;
	/* A frame below the stack: it has overflowed, and on a stack without
	 * a guard page something below it has been overwritten already. */
	if (FRINGE_UNLIKELY((uintptr_t)__builtin_frame_address(0) <
			    (uintptr_t)g->base))
		fringe__abort("stack overflow in generator: a yield was made "
			      "below its stack");

	fringe__san_leave(g->stack, 0);
	t = fringe__ctx_switch(g->caller_sp, output);
	fringe__san_returned(g->stack);
	g->caller_sp = t.sp;
	if (FRINGE_UNLIKELY(t.value == CANCEL_VALUE))
		return -ECANCELED;
	if (input != NULL)
		*input = t.value;
	return 0;
}

FRINGE_EXPORT fringe_generator *fringe_generator_from_yielder(fringe_yielder *yielder)
{
	return (fringe_generator *)yielder;
}

FRINGE_EXPORT int fringe_generator_state(const fringe_generator *g)
{
	int state;

	if (!generator_valid(g))
		return -EINVAL;
	state = atomic_load_explicit(&((fringe_generator *)g)->state,
				     memory_order_acquire);
	return state == FRINGE_GENERATOR_DEAD ? -EINVAL : state;
}

FRINGE_EXPORT fringe_stack *fringe_generator_stack(const fringe_generator *g)
{
	return generator_valid(g) ? g->stack : NULL;
}

/*
 * fringe_generator_cancel(), under an internal name: returns 0 when `g` is
 * finished (also if it already was, or never started), -ECANCELED when its
 * function yielded again and was abandoned, -EBUSY or -EINVAL.
 */
static int generator_cancel(struct fringe_generator *g)
{
	int expected = FRINGE_GENERATOR_RUNNABLE;

	if (!generator_valid(g))
		return -EINVAL;
	if (!atomic_compare_exchange_strong_explicit(
		    &g->state, &expected, FRINGE_GENERATOR_RUNNING,
		    memory_order_acquire, memory_order_acquire)) {
		if (expected == FRINGE_GENERATOR_FINISHED)
			return 0;
		return expected == FRINGE_GENERATOR_RUNNING ? -EBUSY : -EINVAL;
	}
	if (!g->started) {
		/* Its function never runs. */
		g->fn = NULL;
		(void)generator_finish(g, NULL);
		return 0;
	}
	(void)generator_switch(g, CANCEL_VALUE);
	if (g->fn == NULL) {
		(void)generator_finish(g, NULL);
		return 0;
	}
	/* It yielded instead of returning: abandon it where it stands. */
	g->fn = NULL;
	g->result = NULL;
	(void)generator_finish(g, NULL);
	return -ECANCELED;
}

FRINGE_EXPORT int fringe_generator_cancel(fringe_generator *g)
{
	return generator_cancel(g);
}

FRINGE_EXPORT int fringe_generator_destroy(fringe_generator *g)
{
	int state;

	/* A suspended, unfinished generator gets the chance to clean up;
	 * whether it took it (0) or was abandoned (-ECANCELED), it is
	 * finished now and can be destroyed. */
	state = generator_cancel(g);
	if (state == -EINVAL || state == -EBUSY)
		return state;
	state = atomic_load_explicit(&g->state, memory_order_acquire);
	do {
		if (state == FRINGE_GENERATOR_RUNNING)
			return -EBUSY;
		if (state == FRINGE_GENERATOR_DEAD)
			return -EINVAL;
	} while (!atomic_compare_exchange_weak_explicit(
		&g->state, &state, FRINGE_GENERATOR_DEAD, memory_order_acq_rel,
		memory_order_acquire));
	__atomic_store_n(&g->magic, 0, __ATOMIC_RELAXED);
	g->stack->link = NULL;
	__atomic_store_n(&g->stack->owner, NULL, __ATOMIC_RELEASE);
	return 0;
}

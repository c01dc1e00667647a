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
 * Two ways to switch (FRINGE_FAST_GENERATORS, from fringe-internal.h):
 * where the backend switches generators itself, resume and yield make
 * their checks here and end with a tail call into the backend, which
 * returns straight to the application and publishes the new state after
 * the switch; no code of this file runs after a switch.  Otherwise (and
 * in sanitizer builds, whose hooks surround each switch) they call the
 * context switch and finish the work here when it returns.
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

static int generator_valid(const struct fringe_generator *g)
{
	return g != NULL && g->magic == FRINGE_GENERATOR_MAGIC;
}

#ifdef FRINGE_FAST_GENERATORS

/*
 * The entry function of every generator's context.  fringe__gen_resume()
 * has recorded the resumer already (`from_sp` is not used); the return
 * value goes to the resumer through fringe__gen_return().
 */
static void generator_entry(void *input, void *from_sp, void *userdata)
{
	struct fringe_generator *g = userdata;
	void *result;

	(void)from_sp;
	result = g->fn((fringe_yielder *)g, input, g->userdata);
	current = g->outer;
	g->result = result;
	g->fn = NULL;
	fringe__gen_return(g, result);
}

#else

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
	g->result = g->fn((fringe_yielder *)g, input, g->userdata);
	g->fn = NULL;
	fringe__san_leave(g->stack, 1);
	fringe__ctx_switch(g->caller_sp, NULL);
	fringe__abort("a finished generator was switched to");
}

#endif

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
	g->outer = NULL;
	atomic_init(&g->state, FRINGE_GENERATOR_RUNNABLE);
	g->magic = FRINGE_GENERATOR_MAGIC;
	fringe__san_stack_reset(stack);
	g->sp = fringe__ctx_make(g, generator_entry, g, &stack->link,
				 stack->base);
	*out = g;
	return 0;
}

FRINGE_EXPORT int fringe_generator_resume(fringe_generator *g, void *input,
					  void **output)
{
	int expected = FRINGE_GENERATOR_RUNNABLE;
#ifndef FRINGE_FAST_GENERATORS
	struct fringe_generator *outer;
	fringe_transfer t;
	void *fake;
#endif

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

#ifdef FRINGE_FAST_GENERATORS
	g->outer = current;
	current = g;
	/* Returns (to our caller) when the generator yields or finishes. */
	return fringe__gen_resume(g, input, output);
#else
	outer = current;
	current = g;
	fringe__san_enter(g->stack, &fake);
	t = fringe__ctx_switch_link(g->sp, input, g->stack);
	fringe__san_entered(fake);
	current = outer;

	if (FRINGE_UNLIKELY(g->fn == NULL)) {
		g->sp = NULL;
		if (output != NULL)
			*output = g->result;
		atomic_store_explicit(&g->state, FRINGE_GENERATOR_FINISHED,
				      memory_order_release);
		return FRINGE_FINISHED;
	}
	g->sp = t.sp;
	if (output != NULL)
		*output = t.value;
	atomic_store_explicit(&g->state, FRINGE_GENERATOR_RUNNABLE,
			      memory_order_release);
	return FRINGE_YIELDED;
#endif
}

FRINGE_EXPORT int fringe_generator_yield(fringe_yielder *yielder, void *output,
					 void **input)
{
	struct fringe_generator *g = (struct fringe_generator *)yielder;
#ifndef FRINGE_FAST_GENERATORS
	fringe_transfer t;
#endif

	if (FRINGE_UNLIKELY(g == NULL))
		return -EINVAL;
	/* Only the generator's own function (innermost on this thread) may
	 * yield through it. */
	if (FRINGE_UNLIKELY(g != current))
		return -EPERM;

#ifdef FRINGE_FAST_GENERATORS
	current = g->outer;
	/* Returns (to our caller) when the generator is resumed again. */
	return fringe__gen_yield(g, output, input);
#else
	fringe__san_leave(g->stack, 0);
	t = fringe__ctx_switch(g->caller_sp, output);
	fringe__san_returned(g->stack);
	g->caller_sp = t.sp;
	if (input != NULL)
		*input = t.value;
	return 0;
#endif
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

FRINGE_EXPORT int fringe_generator_destroy(fringe_generator *g)
{
	int state;

	if (!generator_valid(g))
		return -EINVAL;
	state = atomic_load_explicit(&g->state, memory_order_acquire);
	do {
		if (state == FRINGE_GENERATOR_RUNNING)
			return -EBUSY;
		if (state == FRINGE_GENERATOR_DEAD)
			return -EINVAL;
	} while (!atomic_compare_exchange_weak_explicit(
		&g->state, &state, FRINGE_GENERATOR_DEAD, memory_order_acq_rel,
		memory_order_acquire));
	g->magic = 0;
	g->stack->link = NULL;
	__atomic_store_n(&g->stack->owner, NULL, __ATOMIC_RELEASE);
	return 0;
}

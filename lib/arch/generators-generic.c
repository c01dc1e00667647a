/*
 * generators-generic.c - the generator switch written in C over the
 * backend's context switch, for the ucontext backend and for sanitizer
 * builds, whose hooks run around every switch.  The same contract as a
 * backend's own routines (lib/arch/README), slower: every switch returns
 * through this file.
 *
 * A switch carries one value; a generator switch needs two (the value and
 * the code: what the pending yield returns, or whether the generator
 * yielded or returned).  Each side passes the address of a hand-over
 * record on its own stack, which the other side reads as soon as it runs
 * again, while the first side is still suspended.  Nothing crosses in
 * thread-local storage: a suspended generator may continue on another
 * thread.
 *
 * The floating-point control state always travels with each context
 * here, as the context switch keeps it: the _shared routines are the
 * same as the others.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stddef.h>

#include "fringe-internal.h"

struct handover {
	void *value;
	int code; /* to a generator: 0 or -ECANCELED; from one:
		     FRINGE_YIELDED or FRINGE_FINISHED */
};

/* The first resume arrives here, with the resumer's hand-over record. */
static void generic_entry(void *value, void *from_sp, void *userdata)
{
	struct fringe_generator *g = userdata;
	const struct handover *in = value;

	fringe__san_started(g->stack);
	g->caller_sp = from_sp;
	fringe__gen_entry(in->value, from_sp, g);
}

void *fringe__gen_make(struct fringe_generator *g)
{
	void *sp = fringe__ctx_make(g, generic_entry, g, &g->stack->link,
				g->stack->base);

	fringe__os_context_made(g->stack, sp);
	return sp;
}

int fringe__gen_resume(struct fringe_generator *g, void *input, void **output,
		       int code)
{
	struct handover in = { input, code };
	const struct handover *back;
	fringe_transfer t;
	uint32_t w;
	void *fake;

	fringe__san_enter(g->stack, &fake);
	t = fringe__ctx_switch_link(g->sp, &in, g->stack);
	fringe__san_entered(fake);
	back = t.value;
	g->sp = t.sp;
	if (output != NULL)
		*output = back->value;
	/* Publish: RUNNING -> RUNNABLE or FINISHED, the owner unchanged. */
	w = __atomic_load_n(&g->state, __ATOMIC_RELAXED);
	w += (back->code == FRINGE_YIELDED ? FRINGE_GEN_RUNNABLE
					   : FRINGE_GEN_FINISHED) -
	     FRINGE_GEN_RUNNING;
	__atomic_store_n(&g->state, w, __ATOMIC_RELEASE);
	return back->code;
}

int fringe__gen_yield(struct fringe_generator *g, void *output, void **input)
{
	struct handover out = { output, FRINGE_YIELDED };
	const struct handover *in;
	fringe_transfer t;

	fringe__san_leave(g->stack, 0);
	t = fringe__ctx_switch(g->caller_sp, &out);
	fringe__san_returned(g->stack);
	g->caller_sp = t.sp;
	in = t.value;
	if (in->code != 0)
		return in->code;
	if (input != NULL)
		*input = in->value;
	return 0;
}

void fringe__gen_return(struct fringe_generator *g, void *result)
{
	struct handover out = { result, FRINGE_FINISHED };

	fringe__san_leave(g->stack, 1);
	fringe__ctx_switch(g->caller_sp, &out);
	fringe__abort("a finished generator was switched to");
}

int fringe__gen_resume_shared(struct fringe_generator *g, void *input,
			      void **output, int code)
{
	return fringe__gen_resume(g, input, output, code);
}

int fringe__gen_yield_shared(struct fringe_generator *g, void *output,
			     void **input)
{
	return fringe__gen_yield(g, output, input);
}

void fringe__gen_return_shared(struct fringe_generator *g, void *result)
{
	fringe__gen_return(g, result);
}

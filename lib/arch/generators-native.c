/*
 * generators-native.c - generator glue for a backend that switches
 * generators itself (every hand-written one): its fringe__gen_resume,
 * fringe__gen_yield and fringe__gen_return, and their _shared versions,
 * are in its assembly; a generator's context is an ordinary one whose
 * entry is the generator's.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include "fringe-internal.h"

#ifdef FRINGE_BACKEND_SAVE_AREA
#include FRINGE_BACKEND_SAVE_AREA
#endif
#ifndef FRINGE_SAVE_SHARED_SKIP
#define FRINGE_SAVE_SHARED_SKIP 0
#endif

static inline void *gen_make_full(struct fringe_generator *g)
{
	void *sp = fringe__ctx_make(g, fringe__gen_entry, g, &g->stack->link,
				    g->stack->base);

	fringe__os_context_made(g->stack, sp);
	return sp;
}

/* A backend whose _shared routines save a shorter area starts such a
 * generator in the full one, that much further up: the slots above are
 * the same, and the new hand-over slot, at the new S, is empty. */
static __attribute__((noinline)) void *
gen_make_shorter(struct fringe_generator *g)
{
	char *sp = (char *)gen_make_full(g) + FRINGE_SAVE_SHARED_SKIP;

	*(void **)(void *)sp = NULL;
	return sp;
}

void *fringe__gen_make(struct fringe_generator *g)
{
	if (FRINGE_SAVE_SHARED_SKIP != 0 &&
	    (g->flags & FRINGE_GENERATOR_SHARE_FPENV))
		return gen_make_shorter(g);
	return gen_make_full(g);
}

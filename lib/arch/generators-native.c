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

void *fringe__gen_make(struct fringe_generator *g)
{
	void *sp = fringe__ctx_make(g, fringe__gen_entry, g, &g->stack->link,
				    g->stack->base);

	fringe__os_context_made(g->stack, sp);
	return sp;
}

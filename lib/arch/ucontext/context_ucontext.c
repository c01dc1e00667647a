/*
 * The portable backend: POSIX ucontext (getcontext, makecontext,
 * swapcontext).  Used on hosts without a hand-written backend and with
 * --with-backend=ucontext anywhere.
 *
 * A suspended context is a pointer to a struct uc_frame on its own stack:
 *
 *     uc      the registers swapcontext() saved
 *     value   filled in by the switch that resumes it
 *     from    the frame of the context that resumed it
 *
 * A new context's frame (a struct uc_root, whose first member is its
 * uc_frame) sits at the top of its stack; makecontext() arranges for
 * uc_root_start() to run on the rest of the stack.
 *
 * Costs and limits compared with the assembly backends: swapcontext()
 * saves and restores the signal mask, a system call on every switch, so
 * switches take hundreds of nanoseconds instead of a few; and there is no
 * call-stack splicing, so unwinding inside a context stops at its root
 * (fringe_context_switch_link() is fringe_context_switch()).
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdint.h>
#include <ucontext.h>

#include "fringe-internal.h"

struct uc_frame {
	ucontext_t uc;
	void *value;
	struct uc_frame *from;
};

struct uc_root {
	struct uc_frame frame; /* must be first: the context's sp */
	fringe_context_fn fn;
	void *userdata;
	void *link; /* the link word; nothing reads it */
};

/* makecontext() passes int arguments: a pointer travels in two halves. */
static void uc_root_start(unsigned int hi, unsigned int lo)
{
	uintptr_t bits = ((uintptr_t)hi << 16 << 16) | (uintptr_t)lo;
	struct uc_root *root = (struct uc_root *)bits;

	root->fn(root->frame.value, root->frame.from, root->userdata);
	fringe__entry_returned();
}

void *fringe__ctx_make(void *top, fringe_context_fn fn, void *userdata,
		       void **link, void *base)
{
	uintptr_t at = ((uintptr_t)top - sizeof(struct uc_root)) &
		       ~(uintptr_t)(FRINGE_CONTEXT_ALIGN - 1);
	struct uc_root *root = (struct uc_root *)at;
	uintptr_t bits = (uintptr_t)root;

	if (getcontext(&root->frame.uc) != 0)
		fringe__abort("getcontext failed");
	root->frame.uc.uc_stack.ss_sp = base;
	root->frame.uc.uc_stack.ss_size = (size_t)(at - (uintptr_t)base);
	root->frame.uc.uc_link = NULL;
	root->frame.value = NULL;
	root->frame.from = NULL;
	root->fn = fn;
	root->userdata = userdata;
	root->link = NULL;
	makecontext(&root->frame.uc, (void (*)(void))uc_root_start, 2,
		    (unsigned int)(bits >> 16 >> 16),
		    (unsigned int)(bits & 0xffffffffu));
	*link = &root->link;
	return root;
}

FRINGE_EXPORT fringe_transfer fringe_context_switch(void *sp, void *value)
{
	struct uc_frame self, *to = sp;
	fringe_transfer t;

	if (FRINGE_UNLIKELY(to == NULL))
		fringe__null_switch();
	to->value = value;
	to->from = &self;
	if (swapcontext(&self.uc, &to->uc) != 0)
		fringe__abort("swapcontext failed");
	t.sp = self.from;
	t.value = self.value;
	return t;
}

FRINGE_EXPORT fringe_transfer fringe_context_switch_link(void *sp, void *value,
							 fringe_stack *stack)
{
	/* As on every backend: a stack with no context made on it is an
	 * error, though nothing here would read its link word. */
	if (FRINGE_UNLIKELY(sp == NULL || stack == NULL || stack->link == NULL))
		fringe__null_switch();
	return fringe_context_switch(sp, value);
}

extern __typeof__(fringe_context_switch) fringe__ctx_switch
	__attribute__((alias("fringe_context_switch")));
extern __typeof__(fringe_context_switch_link) fringe__ctx_switch_link
	__attribute__((alias("fringe_context_switch_link")));

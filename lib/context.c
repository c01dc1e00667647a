/*
 * context.c - the checked entry point of the low-level context API.
 * The switches themselves are the backend's assembly.
 *
 * Every stack that a context is made on is kept in a list, taken out when
 * the stack is destroyed, given back to its pool or used by a generator.
 * Nothing on the switch path reads it: a yield made outside its
 * generator's stack does (generator.c), to tell a context's stack lying
 * close below the generator's from an overflow of the generator's stack.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>

#include "fringe-internal.h"

static pthread_mutex_t list_lock = PTHREAD_MUTEX_INITIALIZER;
static struct fringe_stack *list_head;

static void list_add(struct fringe_stack *stack)
{
	pthread_mutex_lock(&list_lock);
	if (!stack->ctx_listed) {
		stack->ctx_prev = NULL;
		stack->ctx_next = list_head;
		if (list_head != NULL)
			list_head->ctx_prev = stack;
		list_head = stack;
		stack->ctx_listed = 1;
	}
	pthread_mutex_unlock(&list_lock);
}

void fringe__context_forget(struct fringe_stack *stack)
{
	/* Set only by fringe_context_init(), which must not race with what
	 * calls this on the same stack. */
	if (!stack->ctx_listed)
		return;
	pthread_mutex_lock(&list_lock);
	if (stack->ctx_prev != NULL)
		stack->ctx_prev->ctx_next = stack->ctx_next;
	else
		list_head = stack->ctx_next;
	if (stack->ctx_next != NULL)
		stack->ctx_next->ctx_prev = stack->ctx_prev;
	stack->ctx_prev = NULL;
	stack->ctx_next = NULL;
	stack->ctx_listed = 0;
	pthread_mutex_unlock(&list_lock);
}

int fringe__context_stack_holds(const void *addr)
{
	const struct fringe_stack *s;
	uintptr_t a = (uintptr_t)addr;
	int found = 0;

	pthread_mutex_lock(&list_lock);
	for (s = list_head; s != NULL && !found; s = s->ctx_next)
		found = a >= (uintptr_t)s->base && a < (uintptr_t)s->limit;
	pthread_mutex_unlock(&list_lock);
	return found;
}

FRINGE_EXPORT int fringe_context_init(fringe_stack *stack, fringe_context_fn fn,
				      void *userdata, void **sp)
{
	uintptr_t top;

	if (sp == NULL)
		return -EINVAL;
	*sp = NULL;
	if (!fringe__stack_valid(stack) || fn == NULL)
		return -EINVAL;
	if (__atomic_load_n(&stack->owner, __ATOMIC_ACQUIRE) != NULL)
		return -EBUSY;
	top = (uintptr_t)fringe__stack_top(stack) &
	      ~(uintptr_t)(FRINGE_CONTEXT_ALIGN - 1);
	fringe__san_stack_reset(stack);
#ifdef FRINGE_SANITIZE_FIBERS
	/* Start in sanitizer.c, which announces the arrival, then calls fn. */
	fringe__san(stack)->fn = fn;
	fringe__san(stack)->userdata = userdata;
	fn = fringe__san_context_entry;
	userdata = stack;
#endif
	list_add(stack);
	*sp = fringe__ctx_make((void *)top, fn, userdata, &stack->link,
			       stack->base);
	return 0;
}

/*
 * context.c - the checked entry point of the low-level context API.
 * The switches themselves are the backend's assembly.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>

#include "fringe-internal.h"

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
	top = (uintptr_t)stack->limit & ~(uintptr_t)(FRINGE_CONTEXT_ALIGN - 1);
	fringe__san_stack_reset(stack);
#ifdef FRINGE_SANITIZE_FIBERS
	/* Start in sanitizer.c, which announces the arrival, then calls fn. */
	fringe__san(stack)->fn = fn;
	fringe__san(stack)->userdata = userdata;
	fn = fringe__san_context_entry;
	userdata = stack;
#endif
	*sp = fringe__ctx_make((void *)top, fn, userdata, &stack->link,
			       stack->base);
	fringe__os_context_made(stack, *sp);
	return 0;
}

/*
 * dlclose_plugin.c - a plugin that uses libfringe-c, for dlclose_test.c:
 * loaded with dlopen(), it brings the library in as its dependency.
 */
#include <stdint.h>

#include "fringe.h"

int plugin_run(void);

static void *count_fn(fringe_yielder *yielder, void *input, void *userdata)
{
	(void)input;
	(void)userdata;
	for (uintptr_t i = 1; i <= 3; i++)
		if (fringe_generator_yield(yielder, (void *)i, NULL) != 0)
			return NULL;
	return (void *)(uintptr_t)4;
}

/*
 * Install the overflow handler (process-wide signal handlers, and for the
 * calling thread an alternate signal stack freed by a thread-specific
 * data destructor), then run a generator to its end.  Returns the sum of
 * what it produced (10), or -1.
 */
int plugin_run(void)
{
	fringe_stack *stack;
	fringe_generator *gen;
	void *out;
	int sum = 0, rc;

	if (fringe_overflow_handler_install() != 0 ||
	    fringe_stack_create(&stack, 0) != 0)
		return -1;
	if (fringe_generator_create(&gen, stack, count_fn, NULL) != 0)
		return -1;
	while ((rc = fringe_generator_resume(gen, NULL, &out)) >= 0) {
		sum += (int)(uintptr_t)out;
		if (rc == FRINGE_FINISHED)
			break;
	}
	if (fringe_generator_destroy(gen) != 0 ||
	    fringe_stack_destroy(stack) != 0)
		return -1;
	return sum;
}

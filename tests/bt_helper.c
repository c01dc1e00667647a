/*
 * bt_helper.c - the program tests/gdb-backtrace.sh debugs: main calls
 * bt_resumer(), which resumes a generator whose function calls
 * bt_stop_here().  A backtrace from a breakpoint there must show all of
 * them, main last.
 */
#include "config.h"

#include <stdio.h>

#include "fringe.h"

void bt_stop_here(int *counter);
void *bt_generator_body(fringe_yielder *y, void *input, void *userdata);
int bt_resumer(fringe_generator *g);

__attribute__((noinline)) void bt_stop_here(int *counter)
{
	++*counter;
	__asm__ volatile("" ::: "memory");
}

__attribute__((noinline)) void *bt_generator_body(fringe_yielder *y,
						  void *input, void *userdata)
{
	(void)y;
	(void)input;
	bt_stop_here(userdata);
	return NULL;
}

__attribute__((noinline)) int bt_resumer(fringe_generator *g)
{
	int rc = fringe_generator_resume(g, NULL, NULL);

	__asm__ volatile("" ::: "memory");
	return rc;
}

int main(void)
{
	fringe_stack *stack;
	fringe_generator *g;
	int counter = 0;

	if (fringe_stack_create(&stack, 0) != 0 ||
	    fringe_generator_create(&g, stack, bt_generator_body, &counter) != 0)
		return 1;
	if (bt_resumer(g) != FRINGE_FINISHED || counter != 1)
		return 1;
	if (fringe_generator_destroy(g) != 0 || fringe_stack_destroy(stack) != 0)
		return 1;
	puts("bt_helper: ok");
	return 0;
}

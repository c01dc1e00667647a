/*
 * gdb_helper.c - the program tests/gdb-generators.sh debugs.  It leaves
 * generators suspended in every way the gdb extension must show them,
 * then calls gdb_stop_suspended(); from inside a running generator it
 * calls gdb_stop_running().  Each yield the test looks for is marked with
 * a comment "MARK: name" on its line; the test finds the line numbers
 * there.
 *
 *   gen_mapped   on a mapped stack, suspended three calls deep
 *   gen_pool     on a stack from a pool
 *   gen_caller   on caller memory, painted, after using 4 KiB of it
 *   gen_outer    suspended after resuming gen_inner, which is suspended
 *   gen_inner      too (nested generators)
 *   gen_fresh    created, never resumed
 *   gen_done     finished
 *   ctx_sp       a low-level context on ctx_stack, suspended in a switch
 *   gen_running  running (at the second stop)
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>

#include "fringe.h"

#define CALLER_SIZE (64 * 1024)
#define CALLER_USE 4096

fringe_generator *gen_mapped, *gen_pool, *gen_caller, *gen_outer,
	*gen_inner, *gen_fresh, *gen_done, *gen_running;
fringe_stack *ctx_stack;
void *ctx_sp;
static _Alignas(16) unsigned char caller_memory[CALLER_SIZE];

void gdb_stop_suspended(void);
void gdb_stop_running(void);

/*
 * Each function stays a function of its own with real calls, at any
 * optimization level (the test is built with the user's CFLAGS): no
 * inlining, cloning or splitting, and a barrier after each yield, so that
 * the yield is not a tail call and its frame says the yield's line.
 */
#if defined(__GNUC__) && !defined(__clang__)
#define KEEP __attribute__((noipa))
#else
#define KEEP __attribute__((noinline))
#endif
#define BARRIER() __asm__ volatile("" ::: "memory")

KEEP void gdb_stop_suspended(void)
{
	__asm__ volatile("" ::: "memory");
}

KEEP void gdb_stop_running(void)
{
	__asm__ volatile("" ::: "memory");
}

static KEEP int deep(fringe_yielder *y, int depth)
{
	int rc;

	if (depth > 0)
		rc = deep(y, depth - 1);
	else
		rc = fringe_generator_yield(y, NULL, NULL); /* MARK: mapped */
	BARRIER();
	return rc;
}

static KEEP void *mapped_body(fringe_yielder *y, void *input, void *userdata)
{
	(void)input;
	(void)userdata;
	deep(y, 2);
	BARRIER();
	return NULL;
}

static KEEP void *pool_body(fringe_yielder *y, void *input, void *userdata)
{
	(void)input;
	(void)userdata;
	fringe_generator_yield(y, NULL, NULL); /* MARK: pool */
	BARRIER();
	return NULL;
}

static KEEP void *caller_body(fringe_yielder *y, void *input, void *userdata)
{
	volatile unsigned char use[CALLER_USE];
	size_t i;

	(void)input;
	(void)userdata;
	for (i = 0; i < sizeof use; i++)
		use[i] = 0x11;
	fringe_generator_yield(y, (void *)&use[0], NULL); /* MARK: caller */
	BARRIER();
	return NULL;
}

static KEEP void *inner_body(fringe_yielder *y, void *input, void *userdata)
{
	(void)input;
	(void)userdata;
	fringe_generator_yield(y, NULL, NULL); /* MARK: inner */
	BARRIER();
	return NULL;
}

static KEEP void *outer_body(fringe_yielder *y, void *input, void *userdata)
{
	(void)input;
	(void)userdata;
	if (fringe_generator_resume(gen_inner, NULL, NULL) != FRINGE_YIELDED)
		return NULL;
	fringe_generator_yield(y, NULL, NULL); /* MARK: outer */
	BARRIER();
	return NULL;
}

static KEEP void *done_body(fringe_yielder *y, void *input, void *userdata)
{
	(void)y;
	(void)input;
	(void)userdata;
	return (void *)(uintptr_t)0x5eed;
}

static KEEP void *running_body(fringe_yielder *y, void *input, void *userdata)
{
	(void)y;
	(void)input;
	(void)userdata;
	gdb_stop_running();
	BARRIER();
	return NULL;
}

static KEEP void context_fn(void *value, void *from_sp, void *userdata)
{
	fringe_transfer t;

	(void)value;
	(void)userdata;
	t = fringe_context_switch(from_sp, NULL); /* MARK: context */
	BARRIER();
	fringe_context_switch(t.sp, NULL);
}

static int fail(const char *what)
{
	fprintf(stderr, "gdb_helper: %s failed\n", what);
	return 1;
}

int main(void)
{
	fringe_stack *s_mapped, *s_pool, *s_caller, *s_outer, *s_inner,
		*s_fresh, *s_done, *s_running;
	fringe_stack_pool *pool;
	fringe_transfer t;

	if (fringe_stack_create(&s_mapped, 0) != 0 ||
	    fringe_stack_pool_create(&pool, 0, 4) != 0 ||
	    fringe_stack_pool_get(pool, &s_pool) != 0 ||
	    fringe_stack_create_on(&s_caller, caller_memory,
				   sizeof caller_memory) != 0 ||
	    fringe_stack_paint(s_caller) != 0 ||
	    fringe_stack_create(&s_outer, 0) != 0 ||
	    fringe_stack_create(&s_inner, 0) != 0 ||
	    fringe_stack_create(&s_fresh, 0) != 0 ||
	    fringe_stack_create(&s_done, 0) != 0 ||
	    fringe_stack_create(&s_running, 0) != 0 ||
	    fringe_stack_create(&ctx_stack, 0) != 0)
		return fail("making the stacks");
	if (fringe_generator_create(&gen_mapped, s_mapped, mapped_body,
				    NULL) != 0 ||
	    /* one that keeps no FP control words, whose save area is
	     * shorter on some CPUs */
	    fringe_generator_create_flags(&gen_pool, s_pool, pool_body, NULL,
					  FRINGE_GENERATOR_SHARE_FPENV) != 0 ||
	    fringe_generator_create(&gen_caller, s_caller, caller_body,
				    NULL) != 0 ||
	    fringe_generator_create(&gen_outer, s_outer, outer_body, NULL) != 0 ||
	    fringe_generator_create(&gen_inner, s_inner, inner_body, NULL) != 0 ||
	    fringe_generator_create(&gen_fresh, s_fresh, pool_body, NULL) != 0 ||
	    fringe_generator_create(&gen_done, s_done, done_body, NULL) != 0 ||
	    fringe_generator_create(&gen_running, s_running, running_body,
				    NULL) != 0)
		return fail("making the generators");
	if (fringe_generator_resume(gen_mapped, NULL, NULL) != FRINGE_YIELDED ||
	    fringe_generator_resume(gen_pool, NULL, NULL) != FRINGE_YIELDED ||
	    fringe_generator_resume(gen_caller, NULL, NULL) != FRINGE_YIELDED ||
	    fringe_generator_resume(gen_outer, NULL, NULL) != FRINGE_YIELDED ||
	    fringe_generator_resume(gen_done, NULL, NULL) != FRINGE_FINISHED)
		return fail("resuming the generators");
	if (fringe_context_init(ctx_stack, context_fn, NULL, &ctx_sp) != 0)
		return fail("fringe_context_init");
	t = fringe_context_switch(ctx_sp, NULL);
	ctx_sp = t.sp;

	gdb_stop_suspended();
	if (fringe_generator_resume(gen_running, NULL, NULL) != FRINGE_FINISHED)
		return fail("running gen_running");

	/* Clean up, so that the program also checks the generators can go
	 * on after the debugger has looked at them.  The context stays
	 * suspended: its stack is destroyed under it, as the context API
	 * allows. */
	if (fringe_generator_destroy(gen_mapped) != 0 ||
	    fringe_generator_destroy(gen_pool) != 0 ||
	    fringe_generator_destroy(gen_caller) != 0 ||
	    fringe_generator_destroy(gen_outer) != 0 ||
	    fringe_generator_destroy(gen_inner) != 0 ||
	    fringe_generator_destroy(gen_fresh) != 0 ||
	    fringe_generator_destroy(gen_done) != 0 ||
	    fringe_generator_destroy(gen_running) != 0)
		return fail("destroying the generators");
	if (fringe_stack_destroy(s_mapped) != 0 ||
	    fringe_stack_pool_put(pool, s_pool) != 0 ||
	    fringe_stack_pool_destroy(pool) != 0 ||
	    fringe_stack_destroy(s_caller) != 0 ||
	    fringe_stack_destroy(s_outer) != 0 ||
	    fringe_stack_destroy(s_inner) != 0 ||
	    fringe_stack_destroy(s_fresh) != 0 ||
	    fringe_stack_destroy(s_done) != 0 ||
	    fringe_stack_destroy(s_running) != 0 ||
	    fringe_stack_destroy(ctx_stack) != 0)
		return fail("destroying the stacks");
	puts("gdb_helper: ok");
	return 0;
}

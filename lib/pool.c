/*
 * pool.c - a cache of guarded mmap'd stacks of one size.
 *
 * Mapping a guarded stack costs two system calls and unmapping it a third,
 * plus a page fault for each page touched again; a pool keeps returned
 * stacks and hands them out again, so that in the steady state getting
 * and returning a stack is a few loads and stores under a lock.
 *
 * The cache is a LIFO list threaded through the stack descriptors: the
 * stack returned last is handed out first, while its pages are most
 * likely still in the caches and the TLB.  A cached stack stays mapped,
 * registered with Valgrind and announced to the sanitizers; its owner
 * field holds a claim (as fringe_stack_destroy() makes one), so that a
 * stale handle used with fringe_generator_create(), fringe_context_init()
 * or fringe_stack_destroy() fails with EBUSY instead of touching a stack
 * that someone else may get next.
 *
 * One mutex per pool protects the list and the counters.  It is never
 * held across a system call: stacks are mapped and unmapped outside it.
 * (A pool per thread would need no lock, but stacks and generators move
 * between threads; the uncontended lock costs two atomic instructions per
 * call, which make bench measures, with one and with two threads.)
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "fringe-internal.h"

struct fringe_stack_pool {
	fringe_lock lock;
	struct fringe_stack *cache; /* cached stacks, last returned first */
	size_t ncached;             /* length of that list */
	size_t max_cached;          /* the most it may hold */
	size_t nout;                /* stacks handed out, not yet returned */
	size_t stack_size;          /* the size given to fringe__stack_map */
	uint32_t magic;             /* FRINGE_POOL_MAGIC while alive */
};

static int pool_valid(const struct fringe_stack_pool *pool)
{
	return pool != NULL && pool->magic == FRINGE_POOL_MAGIC;
}

/* What a cached stack's owner field holds: a claim by no generator. */
static struct fringe_generator *cached_claim(struct fringe_stack *stack)
{
	return (struct fringe_generator *)stack;
}

FRINGE_EXPORT int fringe_stack_pool_create(fringe_stack_pool **out,
					   size_t stack_size,
					   size_t max_cached)
{
	struct fringe_stack_pool *pool;

	if (out == NULL)
		return -EINVAL;
	*out = NULL;
	/* Reject now a size that every fringe_stack_pool_get() would. */
	if (fringe__stack_check_size(stack_size) < 0)
		return -EINVAL;
	pool = malloc(sizeof *pool);
	if (pool == NULL)
		return -ENOMEM;
	if (fringe__lock_init(&pool->lock) != 0) {
		free(pool);
		return -ENOMEM;
	}
	pool->cache = NULL;
	pool->ncached = 0;
	pool->max_cached = max_cached;
	pool->nout = 0;
	pool->stack_size = stack_size;
	pool->magic = FRINGE_POOL_MAGIC;
	*out = pool;
	return 0;
}

FRINGE_EXPORT int fringe_stack_pool_get(fringe_stack_pool *pool,
					fringe_stack **out)
{
	struct fringe_stack *stack;
	int rc;

	if (out == NULL)
		return -EINVAL;
	*out = NULL;
	if (!pool_valid(pool))
		return -EINVAL;

	fringe__lock(&pool->lock);
	stack = pool->cache;
	if (FRINGE_LIKELY(stack != NULL)) {
		pool->cache = stack->cache_next;
		pool->ncached--;
	}
	pool->nout++;
	fringe__unlock(&pool->lock);

	if (FRINGE_LIKELY(stack != NULL)) {
		/* A previous user may have left redzones behind (ASan). */
		fringe__san_stack_reset(stack);
		stack->cache_next = NULL;
		__atomic_store_n(&stack->owner, NULL, __ATOMIC_RELEASE);
		*out = stack;
		return 0;
	}

	rc = fringe__stack_map(&stack, pool->stack_size);
	if (rc < 0) {
		fringe__lock(&pool->lock);
		pool->nout--;
		fringe__unlock(&pool->lock);
		return rc;
	}
	stack->pool = pool;
	*out = stack;
	return 0;
}

FRINGE_EXPORT int fringe_stack_pool_put(fringe_stack_pool *pool,
					fringe_stack *stack)
{
	struct fringe_generator *none = NULL;
	int keep;

	if (!pool_valid(pool) || !fringe__stack_valid(stack) ||
	    stack->pool != pool)
		return -EINVAL;
	/* Claim it: fails while a generator uses it, or if it is already
	 * in the cache (returned twice). */
	if (!__atomic_compare_exchange_n(&stack->owner, &none,
					 cached_claim(stack), 0,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return -EBUSY;
	/* Forget any context made on it. */
	stack->link = NULL;

	fringe__lock(&pool->lock);
	pool->nout--;
	keep = pool->ncached < pool->max_cached;
	if (keep) {
		stack->cache_next = pool->cache;
		pool->cache = stack;
		pool->ncached++;
	}
	fringe__unlock(&pool->lock);

	if (!keep)
		fringe__stack_unmap(stack);
	return 0;
}

FRINGE_EXPORT int fringe_stack_pool_destroy(fringe_stack_pool *pool)
{
	struct fringe_stack *stack, *next;

	if (!pool_valid(pool))
		return -EINVAL;
	fringe__lock(&pool->lock);
	if (pool->nout > 0) {
		fringe__unlock(&pool->lock);
		return -EBUSY;
	}
	pool->magic = 0;
	stack = pool->cache;
	pool->cache = NULL;
	fringe__unlock(&pool->lock);

	for (; stack != NULL; stack = next) {
		next = stack->cache_next;
		fringe__stack_unmap(stack);
	}
	fringe__lock_destroy(&pool->lock);
	free(pool);
	return 0;
}

void fringe__stack_pool_forget(struct fringe_stack *stack)
{
	struct fringe_stack_pool *pool = stack->pool;

	fringe__lock(&pool->lock);
	pool->nout--;
	fringe__unlock(&pool->lock);
	stack->pool = NULL;
}

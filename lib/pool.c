/*
 * pool.c - a cache of guarded mmap'd stacks of one size.
 *
 * Mapping a guarded stack costs two system calls and unmapping it a third,
 * plus a page fault for each page touched again; a pool keeps returned
 * stacks and hands them out again, so that in the steady state getting
 * and returning a stack is a few loads and stores.
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
 * The thread that creates a pool (its owner) keeps a cache of its own,
 * which only it touches: its gets and puts execute no atomic instruction
 * beyond the claim of the stack on a put, and take no lock.  Other threads
 * share a second cache under the pool's mutex, which is never held across
 * a system call.  A stack may be got by one thread and put by another;
 * each cache counts its gets and puts, and only their sum is meaningful.
 *
 * The max_cached slots are split between the two caches, so that the pool
 * never holds more: own_room + room == max_cached, own_ncached <=
 * own_room and ncached <= room.  The owner borrows a free slot of the
 * shared cache when it returns a stack and its own cache is full, and
 * gives all its slots back when it finds its cache empty, so that slots
 * it does not fill return to the other threads.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "fringe-internal.h"

/* A LIFO of cached stacks, threaded through their descriptors, and the
 * slots of max_cached it may fill. */
struct stack_cache {
	struct fringe_stack *top; /* returned last, handed out first */
	size_t n;                 /* how many it holds */
	size_t room;              /* the slots it may fill */
};

struct fringe_stack_pool {
	/* The owner's: only the owner reads or writes these. */
	struct stack_cache own;
	size_t own_out;             /* the owner's gets minus its puts */
	uint64_t owner;             /* the owner's thread tag, or 0: none */
	/* The other threads', under the lock. */
	fringe_lock lock;
	struct stack_cache shared;
	size_t nout;                /* their gets minus their puts */
	size_t stack_size;          /* the size given to fringe__stack_map */
	uint32_t magic;             /* FRINGE_POOL_MAGIC while alive */
};

/* The stack returned to `c` last, or NULL. */
static struct fringe_stack *cache_pop(struct stack_cache *c)
{
	struct fringe_stack *stack = c->top;

	if (stack != NULL) {
		c->top = stack->cache_next;
		c->n--;
	}
	return stack;
}

/* Keep `stack` in `c` if it has a free slot: 1 if kept. */
static int cache_push(struct stack_cache *c, struct fringe_stack *stack)
{
	if (c->n >= c->room)
		return 0;
	stack->cache_next = c->top;
	c->top = stack;
	c->n++;
	return 1;
}

/* Unmap every stack of a cache nobody else reaches any more. */
static void cache_unmap(struct stack_cache *c)
{
	struct fringe_stack *stack;

	while ((stack = cache_pop(c)) != NULL)
		fringe__stack_unmap(stack);
}

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
	pool->own = (struct stack_cache){ NULL, 0, 0 };
	pool->own_out = 0;
	pool->owner = fringe__thread_owner();
	pool->shared = (struct stack_cache){ NULL, 0, max_cached };
	pool->nout = 0;
	pool->stack_size = stack_size;
	pool->magic = FRINGE_POOL_MAGIC;
	*out = pool;
	return 0;
}

/* Is the calling thread the pool's owner? */
static inline int pool_owned(const struct fringe_stack_pool *pool)
{
	return pool->owner == fringe__thread.tag;
}

/* Pop the shared cache, or NULL.  The owner, whose own cache is empty,
 * gives its slots back first; another thread counts its get. */
static struct fringe_stack *shared_get(struct fringe_stack_pool *pool,
				       int owner)
{
	struct fringe_stack *stack;

	fringe__lock(&pool->lock);
	if (owner) {
		pool->shared.room += pool->own.room;
		pool->own.room = 0;
	} else {
		pool->nout++;
	}
	stack = cache_pop(&pool->shared);
	fringe__unlock(&pool->lock);
	return stack;
}

/* A stack handed out is not coming back (a failed get, or a stack
 * destroyed by its user): count it back on the side that counted it. */
static void count_back(struct fringe_stack_pool *pool, int owner)
{
	if (owner) {
		pool->own_out--;
		return;
	}
	fringe__lock(&pool->lock);
	pool->nout--;
	fringe__unlock(&pool->lock);
}

FRINGE_EXPORT int fringe_stack_pool_get(fringe_stack_pool *pool,
					fringe_stack **out)
{
	struct fringe_stack *stack;
	int owner, rc;

	if (out == NULL)
		return -EINVAL;
	*out = NULL;
	if (!pool_valid(pool))
		return -EINVAL;

	owner = pool_owned(pool);
	if (FRINGE_LIKELY(owner)) {
		stack = cache_pop(&pool->own);
		if (FRINGE_UNLIKELY(stack == NULL))
			stack = shared_get(pool, 1);
		pool->own_out++;
	} else {
		stack = shared_get(pool, 0);
	}

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
		count_back(pool, owner);
		return rc;
	}
	stack->pool = pool;
	*out = stack;
	return 0;
}

/* The owner returns a stack and its cache is full: take a free slot of
 * the shared cache if it has one.  1 if taken. */
static int own_borrow(struct fringe_stack_pool *pool)
{
	int ok;

	fringe__lock(&pool->lock);
	ok = pool->shared.n < pool->shared.room;
	if (ok) {
		pool->shared.room--;
		pool->own.room++;
	}
	fringe__unlock(&pool->lock);
	return ok;
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
	 * in a cache (returned twice). */
	if (!__atomic_compare_exchange_n(&stack->owner, &none,
					 cached_claim(stack), 0,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return -EBUSY;
	/* Forget any context made on it. */
	stack->link = NULL;

	if (FRINGE_LIKELY(pool_owned(pool))) {
		pool->own_out--;
		keep = cache_push(&pool->own, stack) ||
		       (own_borrow(pool) && cache_push(&pool->own, stack));
	} else {
		fringe__lock(&pool->lock);
		pool->nout--;
		keep = cache_push(&pool->shared, stack);
		fringe__unlock(&pool->lock);
	}

	if (!keep)
		fringe__stack_unmap(stack);
	return 0;
}

FRINGE_EXPORT int fringe_stack_pool_destroy(fringe_stack_pool *pool)
{
	struct stack_cache shared;

	if (!pool_valid(pool))
		return -EINVAL;
	fringe__lock(&pool->lock);
	if (pool->nout + pool->own_out != 0) {
		fringe__unlock(&pool->lock);
		return -EBUSY;
	}
	pool->magic = 0;
	shared = pool->shared;
	pool->shared.top = NULL;
	fringe__unlock(&pool->lock);

	/* Unmapped outside the lock: it is never held across a system
	 * call. */
	cache_unmap(&shared);
	cache_unmap(&pool->own);
	fringe__lock_destroy(&pool->lock);
	free(pool);
	return 0;
}

void fringe__stack_pool_forget(struct fringe_stack *stack)
{
	struct fringe_stack_pool *pool = stack->pool;

	count_back(pool, pool_owned(pool));
	stack->pool = NULL;
}

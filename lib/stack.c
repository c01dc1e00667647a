/*
 * stack.c - guarded mmap'd stacks and stacks on caller memory.
 *
 * A mapped stack is one mapping from the OS layer (lib/os.h): a guard
 * page at its low end and the usable pages above it (on Linux two
 * mappings for the kernel, so vm.max_map_count limits how many can exist).  Its descriptor is malloc'd.  A stack on
 * caller memory keeps its descriptor at the top of that memory, so it needs
 * no allocation at all.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fringe-internal.h"

#if defined(FRINGE_VALGRIND) && defined(FRINGE_SANITIZE_FIBERS)
#error "--enable-valgrind and --enable-sanitizers=address or thread exclude each other"
#endif

#ifdef FRINGE_VALGRIND
#include <valgrind/memcheck.h>
#include <valgrind/valgrind.h>
#else
#define VALGRIND_MAKE_MEM_UNDEFINED(p, n) ((void)(p), (void)(n))
#define VALGRIND_MAKE_MEM_DEFINED(p, n) ((void)(p), (void)(n))
#define VALGRIND_STACK_REGISTER(lo, hi) ((void)(lo), (void)(hi), 0u)
#define VALGRIND_STACK_DEREGISTER(id) ((void)(id))
#define VALGRIND_DISABLE_ERROR_REPORTING ((void)0)
#define VALGRIND_ENABLE_ERROR_REPORTING ((void)0)
#endif

/* Reading a stack's memory below the frames of whoever runs on it: the
 * words there are stale, and AddressSanitizer may have poisoned them. */
#if defined(__SANITIZE_ADDRESS__)
#define FRINGE_NO_ASAN __attribute__((no_sanitize_address))
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FRINGE_NO_ASAN __attribute__((no_sanitize_address))
#endif
#endif
#ifndef FRINGE_NO_ASAN
#define FRINGE_NO_ASAN
#endif

/*
 * Tell the debugging tools about a new stack: Valgrind (so that switching
 * to it is not taken for a stack overflow), the sanitizers, and debuggers
 * (the list of live stacks).
 */
static void stack_announce(struct fringe_stack *stack)
{
	stack->tool = VALGRIND_STACK_REGISTER(stack->base, stack->limit);
	fringe__san_stack_created(stack);
	fringe__debug_stack_add(stack);
}

/* Fill in a new descriptor and announce the stack. */
static void stack_init(struct fringe_stack *stack, void *base, void *limit,
		       enum fringe_stack_kind kind)
{
	stack->base = base;
	stack->limit = limit;
	stack->link = NULL;
	stack->owner = NULL;
	stack->pool = NULL;
	stack->cache_next = NULL;
	stack->magic = FRINGE_STACK_MAGIC;
	stack->kind = kind;
	stack->flags = 0;
	stack->generation = 0;
	stack->yield_floor = base;
	stack_announce(stack);
}

static void stack_forget(struct fringe_stack *stack)
{
	fringe__debug_stack_remove(stack);
	fringe__san_stack_destroyed(stack);
	VALGRIND_STACK_DEREGISTER((unsigned)stack->tool);
}

static uintptr_t align_down(uintptr_t x, uintptr_t a)
{
	return x & ~(a - 1);
}

int fringe__stack_valid(const struct fringe_stack *stack)
{
	return stack != NULL && stack->magic == FRINGE_STACK_MAGIC;
}

/*
 * The usable size of a mapped stack asked for with `size`, rounded up to
 * whole pages, and the size of its mapping (guard page included).
 * -EINVAL if they do not fit in a size_t.
 */
static int stack_sizes(size_t size, size_t *usable, size_t *total)
{
	size_t page = fringe__page_size();

	if (size == 0)
		size = FRINGE_STACK_DEFAULT_SIZE;
	if (size < FRINGE_STACK_MIN_SIZE)
		size = FRINGE_STACK_MIN_SIZE;
	/* Round up to whole pages and add the guard page, without overflow. */
	if (size > SIZE_MAX - 2 * page)
		return -EINVAL;
	*usable = (size + page - 1) & ~(page - 1);
	*total = *usable + page;
	return 0;
}

int fringe__stack_check_size(size_t size)
{
	size_t usable, total;

	return stack_sizes(size, &usable, &total);
}

int fringe__stack_map(struct fringe_stack **out, size_t size)
{
	struct fringe_stack *stack;
	size_t usable, total;
	void *map;

	*out = NULL;
	if (stack_sizes(size, &usable, &total) < 0)
		return -EINVAL;

	stack = malloc(sizeof *stack);
	if (stack == NULL)
		return -ENOMEM;
	map = fringe__map_guarded(usable);
	if (map == NULL) {
		free(stack);
		return -ENOMEM;
	}
	stack_init(stack, (char *)map + (total - usable), (char *)map + total,
		   FRINGE_STACK_MAPPED);
	*out = stack;
	return 0;
}

FRINGE_EXPORT int fringe_stack_create(fringe_stack **out, size_t size)
{
	if (out == NULL)
		return -EINVAL;
	return fringe__stack_map(out, size);
}

void fringe__stack_unmap(struct fringe_stack *stack)
{
	size_t page = fringe__page_size();
	char *map = (char *)stack->base - page;

	stack->magic = 0;
	stack_forget(stack);
	fringe__unmap(map, (size_t)((char *)stack->limit - map));
	free(stack);
}

/*
 * Memory a little above the caller's frame is in the frames of the
 * functions that called it, on the stack it runs on, which may be one of
 * the library's: a generator's function may make a stack on a local array.
 * Its host must then know (its `yield_floor`), for the yields made on it
 * (lib/generator.c).  Only such memory is looked up among the live
 * stacks, so that stacks cut from a mapping of their own cost no search.
 */
#define FRINGE_NEST_REACH ((uintptr_t)8 << 20)

static int stack_maybe_nested(uintptr_t memory)
{
	uintptr_t frame = (uintptr_t)__builtin_frame_address(0);

	return memory > frame && memory - frame <= FRINGE_NEST_REACH;
}

FRINGE_EXPORT int fringe_stack_create_on(fringe_stack **out, void *memory,
					 size_t size)
{
	struct fringe_stack *stack;
	uintptr_t lo, hi, desc, base, limit;

	if (out == NULL)
		return -EINVAL;
	*out = NULL;
	if (memory == NULL)
		return -EINVAL;
	lo = (uintptr_t)memory;
	if (size > UINTPTR_MAX - lo)
		return -EINVAL;
	hi = lo + size;
	/* The descriptor at the top, the usable area below it. */
	if (hi - lo < sizeof *stack + FRINGE_CONTEXT_ALIGN)
		return -EINVAL;
	desc = align_down(hi - sizeof *stack, _Alignof(struct fringe_stack));
	limit = align_down(desc, FRINGE_CONTEXT_ALIGN);
	base = (lo + FRINGE_CONTEXT_ALIGN - 1) & ~(uintptr_t)(FRINGE_CONTEXT_ALIGN - 1);
	if (limit < base || limit - base < FRINGE_STACK_MIN_SIZE)
		return -EINVAL;

	stack = (struct fringe_stack *)desc;
	stack_init(stack, (void *)base, (void *)limit, FRINGE_STACK_CALLER);
	if (stack_maybe_nested(lo))
		fringe__debug_stack_mark_hosts(stack);
	*out = stack;
	return 0;
}

/*
 * Claim a stack as a generator would, with the descriptor itself as the
 * owner: a racing fringe_generator_create() or fringe_context_init() then
 * fails instead of using it.  0, or -EBUSY while anything else holds it.
 */
static int stack_claim(struct fringe_stack *stack)
{
	struct fringe_generator *none = NULL;

	return __atomic_compare_exchange_n(&stack->owner, &none,
					   (struct fringe_generator *)stack, 0,
					   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)
		       ? 0
		       : -EBUSY;
}

FRINGE_EXPORT int fringe_stack_destroy(fringe_stack *stack)
{
	if (!fringe__stack_valid(stack))
		return -EINVAL;
	/* Claimed, a racing fringe_generator_create() fails instead of
	 * using freed memory. */
	if (stack_claim(stack) != 0)
		return -EBUSY;
	if (stack->pool != NULL)
		fringe__stack_pool_forget(stack);
	if (stack->kind == FRINGE_STACK_MAPPED) {
		fringe__stack_unmap(stack);
		return 0;
	}
	stack->magic = 0;
	stack_forget(stack);
	return 0;
}

FRINGE_EXPORT void *fringe_stack_base(const fringe_stack *stack)
{
	return fringe__stack_valid(stack) ? stack->base : NULL;
}

FRINGE_EXPORT void *fringe_stack_limit(const fringe_stack *stack)
{
	return fringe__stack_valid(stack) ? stack->limit : NULL;
}

FRINGE_EXPORT size_t fringe_stack_size(const fringe_stack *stack)
{
	if (!fringe__stack_valid(stack))
		return 0;
	return (size_t)((char *)stack->limit - (char *)stack->base);
}

/* ------------------------------------------------------------------------
 * How much of a stack has been used: the high-water mark.
 * ------------------------------------------------------------------------ */

/* A word of the pattern fringe_stack_paint() fills a stack with. */
static uintptr_t paint_word(void)
{
	return (uintptr_t)FRINGE_PAINT_PATTERN * (UINTPTR_MAX / 0xffffffffu);
}

static FRINGE_NO_ASAN void paint(uintptr_t *lo, uintptr_t *hi)
{
	uintptr_t word = paint_word();
	volatile uintptr_t *p;

	/* Memory the frames of an earlier context left: Valgrind holds it
	 * inaccessible until something runs on it again. */
	VALGRIND_MAKE_MEM_UNDEFINED(lo, (size_t)((char *)hi - (char *)lo));
	for (p = lo; p < hi; p++)
		*p = word;
}

FRINGE_EXPORT int fringe_stack_paint(fringe_stack *stack)
{
	if (!fringe__stack_valid(stack))
		return -EINVAL;
	/* Claimed for the time it takes: fails while a generator or a
	 * pool's cache holds it. */
	if (stack_claim(stack) != 0)
		return -EBUSY;
	/* A context made by fringe_context_init() lives on it. */
	if (stack->link != NULL) {
		__atomic_store_n(&stack->owner, NULL, __ATOMIC_RELEASE);
		return -EBUSY;
	}
	paint(stack->base, stack->limit);
	stack->flags |= FRINGE_STACK_PAINTED;
	__atomic_store_n(&stack->owner, NULL, __ATOMIC_RELEASE);
	return 0;
}

/* The lowest word of [lo, hi) that is not the pattern, or hi. */
static FRINGE_NO_ASAN const uintptr_t *lowest_unpainted(const uintptr_t *lo,
							 const uintptr_t *hi)
{
	uintptr_t word = paint_word();
	const volatile uintptr_t *p;
	const uintptr_t *low;

	/* Below the frames of a generator that runs on the stack now, or
	 * ran there, Valgrind sees memory that nothing may read, and values
	 * it does not take as defined: the address found is defined. */
	VALGRIND_DISABLE_ERROR_REPORTING;
	for (p = lo; p < hi && *p == word; p++)
		;
	low = (const uintptr_t *)p;
	VALGRIND_MAKE_MEM_DEFINED(&low, sizeof low);
	VALGRIND_ENABLE_ERROR_REPORTING;
	return low;
}

/* The lowest resident page of the mapped stack's usable area, or its
 * limit: 0, or a negative errno value. */
static int lowest_resident(const struct fringe_stack *stack, uintptr_t *out)
{
	return fringe__lowest_resident((uintptr_t)stack->base,
				       (uintptr_t)stack->limit, out);
}

FRINGE_EXPORT int fringe_stack_high_water(const fringe_stack *stack,
					  size_t *bytes)
{
	uintptr_t low;
	int rc;

	if (bytes == NULL)
		return -EINVAL;
	*bytes = 0;
	if (!fringe__stack_valid(stack))
		return -EINVAL;
	if (stack->flags & FRINGE_STACK_PAINTED) {
		low = (uintptr_t)lowest_unpainted(stack->base, stack->limit);
	} else if (stack->kind == FRINGE_STACK_MAPPED) {
		rc = lowest_resident(stack, &low);
		if (rc < 0)
			return rc;
	} else {
		/* Caller memory: whether its pages are resident says nothing
		 * of what this stack has used. */
		return -ENODATA;
	}
	*bytes = (size_t)((uintptr_t)stack->limit - low);
	return 0;
}

/*
 * sanitizer.c - telling AddressSanitizer and ThreadSanitizer about
 * context switches.  Compiled to nothing unless configure was run with
 * --enable-sanitizers=LIST where LIST has address or thread.
 *
 * ASan keeps shadow state per stack and must know when execution moves to
 * another stack: __sanitizer_start_switch_fiber() right before a switch
 * (with the target stack's bounds, and NULL for the fake stack when the
 * context is left for good), __sanitizer_finish_switch_fiber() right after
 * arriving.  TSan needs a fiber per context: __tsan_switch_to_fiber()
 * before each switch.
 *
 * Generators call the hooks themselves (generator.c).  For the low-level
 * API, the backend's switches are renamed at build time (configure's
 * SANITIZER_ASFLAGS) and the exported fringe_context_switch() and
 * fringe_context_switch_link() below wrap them: they find the target
 * stack in a registry of live stacks by its stack pointer; a stack
 * pointer on no registered stack is on the thread's own stack.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include "fringe-internal.h"

#ifdef FRINGE_SANITIZE_FIBERS

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#if defined(__SANITIZE_ADDRESS__)
#define FRINGE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FRINGE_ASAN 1
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#define FRINGE_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define FRINGE_TSAN 1
#endif
#endif

#ifdef FRINGE_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif
#ifdef FRINGE_TSAN
#include <sanitizer/tsan_interface.h>
#endif

/* ---- registry of live stacks ------------------------------------------------ */

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct fringe_stack *registry;

#ifdef FRINGE_ASAN
static size_t usable(const struct fringe_stack *s)
{
	return (size_t)((char *)s->limit - (char *)s->base);
}
#endif

/* The registered stack that `p` points into, or NULL. */
static struct fringe_stack *find_stack(const void *p)
{
	struct fringe_stack *s;

	pthread_mutex_lock(&registry_lock);
	for (s = registry; s != NULL; s = fringe__san(s)->next)
		if ((const char *)p >= (const char *)s->base &&
		    (const char *)p < (const char *)s->limit)
			break;
	pthread_mutex_unlock(&registry_lock);
	return s;
}

void fringe__san_stack_created(struct fringe_stack *stack)
{
	struct fringe_san_stack *san = calloc(1, sizeof *san);

	/* The API has no error for this: a sanitizer build out of memory. */
	if (san == NULL)
		fringe__abort("out of memory for a stack's sanitizer record");
	stack->tool = (uintptr_t)san;
	pthread_mutex_lock(&registry_lock);
	fringe__san(stack)->next = registry;
	registry = stack;
	pthread_mutex_unlock(&registry_lock);
}

void fringe__san_stack_destroyed(struct fringe_stack *stack)
{
	struct fringe_stack **p;

	pthread_mutex_lock(&registry_lock);
	for (p = &registry; *p != NULL; p = &fringe__san((*p))->next)
		if (*p == stack) {
			*p = fringe__san(stack)->next;
			break;
		}
	pthread_mutex_unlock(&registry_lock);
#ifdef FRINGE_ASAN
	/* The memory may be the caller's: leave it clean. */
	__asan_unpoison_memory_region(stack->base, usable(stack));
#endif
#ifdef FRINGE_TSAN
	if (fringe__san(stack)->fiber != NULL)
		__tsan_destroy_fiber(fringe__san(stack)->fiber);
#endif
	free(fringe__san(stack));
	stack->tool = 0;
}

void fringe__san_stack_reset(struct fringe_stack *stack)
{
#ifdef FRINGE_ASAN
	/* Frames of an abandoned context may have left redzones behind. */
	__asan_unpoison_memory_region(stack->base, usable(stack));
#endif
#ifdef FRINGE_TSAN
	if (fringe__san(stack)->fiber == NULL)
		fringe__san(stack)->fiber = __tsan_create_fiber(0);
#endif
	fringe__san(stack)->fake = NULL;
}

/* ---- the thread's own stack ------------------------------------------------- */

/* Learned on arrival in a context from a stack that is not registered. */
#ifdef FRINGE_TSAN
static _Thread_local void *native_fiber;
#endif
#ifdef FRINGE_ASAN
static _Thread_local const void *native_bottom;
static _Thread_local size_t native_size;

/* The bounds of this thread's own stack, asked for once if never learned. */
static void native_bounds(const void **bottom, size_t *size)
{
	if (native_bottom == NULL) {
		pthread_attr_t attr;
		void *addr;
		size_t len;

		if (pthread_getattr_np(pthread_self(), &attr) == 0) {
			if (pthread_attr_getstack(&attr, &addr, &len) == 0) {
				native_bottom = addr;
				native_size = len;
			}
			pthread_attr_destroy(&attr);
		}
	}
	*bottom = native_bottom;
	*size = native_size;
}

static void note_origin(const void *bottom, size_t size)
{
	if (bottom != NULL && find_stack(bottom) == NULL) {
		native_bottom = bottom;
		native_size = size;
	}
}
#endif /* FRINGE_ASAN */

/* ---- hooks for generators ---------------------------------------------------- */

void fringe__san_enter(struct fringe_stack *stack, void **fake)
{
#ifdef FRINGE_TSAN
	void *current = __tsan_get_current_fiber();

	fringe__san(stack)->from_fiber = current;
	if (find_stack(__builtin_frame_address(0)) == NULL)
		native_fiber = current;
	__tsan_switch_to_fiber(fringe__san(stack)->fiber, 0);
#endif
#ifdef FRINGE_ASAN
	__sanitizer_start_switch_fiber(fake, stack->base, usable(stack));
#else
	(void)stack;
	*fake = NULL;
#endif
}

void fringe__san_entered(void *fake)
{
#ifdef FRINGE_ASAN
	__sanitizer_finish_switch_fiber(fake, NULL, NULL);
#else
	(void)fake;
#endif
}

void fringe__san_started(struct fringe_stack *stack)
{
#ifdef FRINGE_ASAN
	__sanitizer_finish_switch_fiber(NULL, &fringe__san(stack)->from_bottom,
					&fringe__san(stack)->from_size);
	note_origin(fringe__san(stack)->from_bottom, fringe__san(stack)->from_size);
#else
	(void)stack;
#endif
}

void fringe__san_leave(struct fringe_stack *stack, int last)
{
#ifdef FRINGE_TSAN
	__tsan_switch_to_fiber(fringe__san(stack)->from_fiber, 0);
#endif
#ifdef FRINGE_ASAN
	__sanitizer_start_switch_fiber(last ? NULL : &fringe__san(stack)->fake,
				       fringe__san(stack)->from_bottom,
				       fringe__san(stack)->from_size);
#else
	(void)stack;
	(void)last;
#endif
}

void fringe__san_returned(struct fringe_stack *stack)
{
#ifdef FRINGE_ASAN
	__sanitizer_finish_switch_fiber(fringe__san(stack)->fake, &fringe__san(stack)->from_bottom,
					&fringe__san(stack)->from_size);
	note_origin(fringe__san(stack)->from_bottom, fringe__san(stack)->from_size);
#else
	(void)stack;
#endif
}

/* ---- the low-level API ------------------------------------------------------- */

/* The entry of every context made by fringe_context_init(). */
void fringe__san_context_entry(void *value, void *from_sp, void *userdata)
{
	struct fringe_stack *stack = userdata;

	fringe__san_started(stack);
	fringe__san(stack)->fn(value, from_sp, fringe__san(stack)->userdata);
}

/* Announce a switch to `sp` and make it with `bare`. */
static fringe_transfer announced_switch(void *sp, void *value,
					struct fringe_stack *link)
{
	struct fringe_stack *to;
	fringe_transfer t;
	void *fake = NULL;

	if (sp == NULL)
		fringe__null_switch();
	to = find_stack(sp);
#ifdef FRINGE_TSAN
	if (find_stack(__builtin_frame_address(0)) == NULL)
		native_fiber = __tsan_get_current_fiber();
	__tsan_switch_to_fiber(to != NULL ? fringe__san(to)->fiber : native_fiber, 0);
#endif
#ifdef FRINGE_ASAN
	if (to != NULL) {
		__sanitizer_start_switch_fiber(&fake, to->base, usable(to));
	} else {
		const void *bottom;
		size_t size;

		native_bounds(&bottom, &size);
		__sanitizer_start_switch_fiber(&fake, bottom, size);
	}
#endif
	if (link != NULL)
		t = fringe__ctx_switch_link(sp, value, link);
	else
		t = fringe__ctx_switch(sp, value);
#ifdef FRINGE_ASAN
	{
		const void *bottom = NULL;
		size_t size = 0;

		__sanitizer_finish_switch_fiber(fake, &bottom, &size);
		note_origin(bottom, size);
	}
#else
	(void)fake;
#endif
	return t;
}

FRINGE_EXPORT fringe_transfer fringe_context_switch(void *sp, void *value)
{
	return announced_switch(sp, value, NULL);
}

FRINGE_EXPORT fringe_transfer fringe_context_switch_link(void *sp, void *value,
							 fringe_stack *stack)
{
	if (stack == NULL || stack->link == NULL)
		fringe__null_switch();
	return announced_switch(sp, value, stack);
}

#else

/* ISO C wants at least one declaration in a translation unit. */
typedef int fringe_no_sanitizer_hooks;

#endif /* FRINGE_SANITIZE_FIBERS */

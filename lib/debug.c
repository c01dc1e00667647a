/*
 * debug.c - what debuggers need to see inside the library: the list of
 * live stacks and fringe_debug, the description of the library's
 * structures and of the save area of a suspended context
 * (lib/fringe-debug.h, fringe_debug(3)).
 *
 * The list holds every stack from its creation to its destruction, the
 * stacks that pools keep included; a generator is found through the
 * stack it runs on (its owner).  Keeping the list costs a lock and a few
 * stores when a stack is made and when it is destroyed, never on a switch,
 * and nothing at all when a generator is created on a stack from a pool.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stddef.h>

#include "fringe-internal.h"
#include "fringe-debug.h"

#ifdef FRINGE_BACKEND_SAVE_AREA
#include FRINGE_BACKEND_SAVE_AREA
/* The code of the root frame (lib/arch/fringe-asm.h). */
extern const char fringe__root_start[] FRINGE_HIDDEN;
extern const char fringe__root_end[] FRINGE_HIDDEN;
#define ROOT_START ((void *)fringe__root_start)
#define ROOT_END ((void *)fringe__root_end)
#define SAVE_REG(name, slot) {name, (slot)},
#define SAVE_COUNT(name, slot) +1
#define NREGS (0 FRINGE_SAVE_REGS(SAVE_COUNT))
#define DEBUG_SAVE_PC FRINGE_SAVE_PC
#define DEBUG_SAVE_SP FRINGE_SAVE_SP
/* Only the backend's own _shared routines save the shorter area; the
 * generic ones (generators-generic.c) switch with the full one. */
#if defined(FRINGE_SAVE_SHARED_SKIP) && defined(FRINGE_NATIVE_GENERATORS)
#define DEBUG_SAVE_SHARED_SKIP FRINGE_SAVE_SHARED_SKIP
#else
#define DEBUG_SAVE_SHARED_SKIP 0
#endif
#else
/* No save area a debugger can read (the ucontext backend). */
#define ROOT_START NULL
#define ROOT_END NULL
#define NREGS 0
#define DEBUG_SAVE_PC 0
#define DEBUG_SAVE_SP 0
#define DEBUG_SAVE_SHARED_SKIP 0
#endif

_Static_assert(NREGS <= FRINGE_DEBUG_MAX_REGS,
	       "FRINGE_DEBUG_MAX_REGS is too small for the save area");

#define STACK_FIELD(f) offsetof(struct fringe_stack, f)
#define GEN_FIELD(f) offsetof(struct fringe_generator, f)

FRINGE_EXPORT struct fringe_debug fringe_debug = {
	.magic = FRINGE_DEBUG_MAGIC,
	.version = FRINGE_DEBUG_VERSION,
	.size = sizeof(struct fringe_debug),
	.ptr_size = sizeof(void *),
	.nfields = FRINGE_DEBUG_NFIELDS,
	.fields_offset = offsetof(struct fringe_debug, fields),
	.nregs = NREGS,
	.regs_offset = offsetof(struct fringe_debug, regs),
	.backend_offset = offsetof(struct fringe_debug, backend),
	.pointers_offset = offsetof(struct fringe_debug, pointers),
	.pointers = {
		[FRINGE_DEBUG_STACKS] = NULL,
		[FRINGE_DEBUG_ROOT_START] = ROOT_START,
		[FRINGE_DEBUG_ROOT_END] = ROOT_END,
	},
	.fields = {
		[FRINGE_DEBUG_STACK_BASE] = STACK_FIELD(base),
		[FRINGE_DEBUG_STACK_LIMIT] = STACK_FIELD(limit),
		[FRINGE_DEBUG_STACK_LINK] = STACK_FIELD(link),
		[FRINGE_DEBUG_STACK_OWNER] = STACK_FIELD(owner),
		[FRINGE_DEBUG_STACK_MAGIC] = STACK_FIELD(magic),
		[FRINGE_DEBUG_STACK_KIND] = STACK_FIELD(kind),
		[FRINGE_DEBUG_STACK_FLAGS] = STACK_FIELD(flags),
		[FRINGE_DEBUG_STACK_POOL] = STACK_FIELD(pool),
		[FRINGE_DEBUG_STACK_NEXT] = STACK_FIELD(debug_next),
		[FRINGE_DEBUG_GEN_SP] = GEN_FIELD(sp),
		[FRINGE_DEBUG_GEN_CALLER_SP] = GEN_FIELD(caller_sp),
		[FRINGE_DEBUG_GEN_STACK] = GEN_FIELD(stack),
		[FRINGE_DEBUG_GEN_FN] = GEN_FIELD(fn),
		[FRINGE_DEBUG_GEN_USERDATA] = GEN_FIELD(userdata),
		[FRINGE_DEBUG_GEN_RESULT] = GEN_FIELD(result),
		[FRINGE_DEBUG_GEN_STATE] = GEN_FIELD(state),
		[FRINGE_DEBUG_GEN_FLAGS] = GEN_FIELD(flags),
		[FRINGE_DEBUG_GEN_MAGIC] = GEN_FIELD(magic),
		[FRINGE_DEBUG_SAVE_PC] = DEBUG_SAVE_PC,
		[FRINGE_DEBUG_SAVE_SP] = DEBUG_SAVE_SP,
		[FRINGE_DEBUG_SAVE_SHARED_SKIP] = DEBUG_SAVE_SHARED_SKIP,
		[FRINGE_DEBUG_STACK_MAGIC_VALUE] = FRINGE_STACK_MAGIC,
		[FRINGE_DEBUG_GEN_MAGIC_VALUE] = FRINGE_GENERATOR_MAGIC,
		[FRINGE_DEBUG_STACK_PAINTED] = FRINGE_STACK_PAINTED,
		[FRINGE_DEBUG_PAINT_PATTERN] = FRINGE_PAINT_PATTERN,
	},
	.backend = FRINGE_BACKEND,
#ifdef FRINGE_BACKEND_SAVE_AREA
	.regs = {FRINGE_SAVE_REGS(SAVE_REG)},
#endif
};

_Static_assert(sizeof(FRINGE_BACKEND) <= sizeof(fringe_debug.backend),
	       "the backend's name does not fit in fringe_debug");

/* Guards the list; held for a few stores only. */
static fringe_lock stacks_lock = FRINGE_LOCK_INITIALIZER;

void fringe__debug_stack_add(struct fringe_stack *stack)
{
	struct fringe_stack **head =
		(struct fringe_stack **)&fringe_debug.pointers[FRINGE_DEBUG_STACKS];

	fringe__lock(&stacks_lock);
	stack->debug_prev = NULL;
	stack->debug_next = *head;
	if (*head != NULL)
		(*head)->debug_prev = stack;
	*head = stack;
	fringe__unlock(&stacks_lock);
}

/* Does [base, limit) of `inner` lie inside `outer`? */
static int stack_inside(const struct fringe_stack *inner,
			const struct fringe_stack *outer)
{
	return inner != outer &&
	       (uintptr_t)inner->base >= (uintptr_t)outer->base &&
	       (uintptr_t)inner->limit <= (uintptr_t)outer->limit;
}

int fringe__debug_stack_holds(const struct fringe_stack *host,
			      const void *addr)
{
	const struct fringe_stack *s;
	uintptr_t a = (uintptr_t)addr;
	int found = 0;

	fringe__lock(&stacks_lock);
	for (s = fringe_debug.pointers[FRINGE_DEBUG_STACKS]; s != NULL && !found;
	     s = s->debug_next)
		found = (host == NULL || stack_inside(s, host)) &&
			a >= (uintptr_t)s->base && a < (uintptr_t)s->limit;
	fringe__unlock(&stacks_lock);
	return found;
}

void fringe__debug_stack_mark_hosts(const struct fringe_stack *stack)
{
	struct fringe_stack *s;

	fringe__lock(&stacks_lock);
	for (s = fringe_debug.pointers[FRINGE_DEBUG_STACKS]; s != NULL;
	     s = s->debug_next)
		if (stack_inside(stack, s))
			__atomic_store_n(&s->yield_floor, s->limit,
					 __ATOMIC_RELAXED);
	fringe__unlock(&stacks_lock);
}

void fringe__debug_stack_remove(struct fringe_stack *stack)
{
	struct fringe_stack **head =
		(struct fringe_stack **)&fringe_debug.pointers[FRINGE_DEBUG_STACKS];

	fringe__lock(&stacks_lock);
	if (stack->debug_prev != NULL)
		stack->debug_prev->debug_next = stack->debug_next;
	else
		*head = stack->debug_next;
	if (stack->debug_next != NULL)
		stack->debug_next->debug_prev = stack->debug_prev;
	stack->debug_next = stack->debug_prev = NULL;
	fringe__unlock(&stacks_lock);
}

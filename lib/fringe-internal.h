/*
 * fringe-internal.h - what the portable C code shares, and the contract
 * between it and the assembly backend in lib/arch/<cpu>/.
 *
 * The portable code never knows which CPU it runs on: everything it needs
 * from a backend is declared at the end of this file (the context switch,
 * its linking variant, making a context, and the generator switch).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef FRINGE_INTERNAL_H
#define FRINGE_INTERNAL_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "fringe.h"
#include "fringe-layout.h"

/* ELF has symbol visibility; on PE what a DLL exports is decided when it
 * is linked (lib/libfringe-c.map), and nothing else leaves it. */
#ifdef __ELF__
#define FRINGE_HIDDEN __attribute__((visibility("hidden")))
/* Thread-local variables of the library itself, reached without a call. */
#define FRINGE_TLS_MODEL __attribute__((tls_model("initial-exec")))
#else
#define FRINGE_HIDDEN
#define FRINGE_TLS_MODEL
#endif
#define FRINGE_NORETURN __attribute__((noreturn))
#define FRINGE_LIKELY(x) __builtin_expect(!!(x), 1)
#define FRINGE_UNLIKELY(x) __builtin_expect(!!(x), 0)

#include "os.h"

/* Magic numbers that tell live objects from garbage and freed ones. */
#define FRINGE_STACK_MAGIC 0x4652534bu     /* "FRSK" */
#define FRINGE_GENERATOR_MAGIC FRINGE_GEN_MAGIC /* fringe-layout.h */
#define FRINGE_POOL_MAGIC 0x4652504cu      /* "FRPL" */

/* Every flag fringe_generator_create_flags() knows. */
#define FRINGE_GENERATOR_FLAGS_ALL                                           \
	(FRINGE_GENERATOR_SHARE_FPENV | FRINGE_GENERATOR_SHARE_EH)
/* Internal flag, FRINGE_GEN_OWN_EH (fringe-layout.h): the generator keeps
 * C++ exception-handling state of its own, right above its control block
 * (FRINGE_GEN_EH_SIZE bytes). */

/*
 * A generator handle is the address of its control block (16-aligned)
 * with the low bits holding a tag: the number of generators created on
 * the stack before it, modulo FRINGE_GEN_TAG_MASK + 1.  A handle kept
 * from a destroyed generator is refused once another one has been
 * created on the same stack, unless a multiple of 16 have.
 */
#define FRINGE_GEN_TAG_MASK ((uintptr_t)(FRINGE_CONTEXT_ALIGN - 1))

/* Faults (and yields) this many pages (guard page included) below a
 * generator's stack count as its overflow. */
#define FRINGE_OVERFLOW_REACH_PAGES 16

/* Stack flags: fringe_stack_paint() has filled it with the pattern, each
 * 32 bits of which are FRINGE_PAINT_PATTERN. */
#define FRINGE_STACK_PAINTED 0x1u
#define FRINGE_PAINT_PATTERN 0xf4e5d6c7u

/* How a stack's memory was obtained. */
enum fringe_stack_kind {
	FRINGE_STACK_MAPPED = 1, /* mmap'd by us, descriptor malloc'd */
	FRINGE_STACK_CALLER = 2  /* caller memory, descriptor inside it */
};

#ifdef FRINGE_SANITIZE_FIBERS
/*
 * What the sanitizers need to know about the context on a stack
 * (lib/sanitizer.c).  Sanitizer builds only: allocated when the stack is
 * made, and reached through the descriptor's `tool` word, so that the
 * descriptor has the same size in every build.
 */
struct fringe_san_stack {
	struct fringe_stack *next; /* in the registry of live stacks */
	void *fiber;               /* TSan fiber of the context on it */
	void *fake;                /* ASan fake stack while switched away */
	const void *from_bottom;   /* the resumer's stack, for switching */
	size_t from_size;          /*   back (ASan) */
	void *from_fiber;          /* the resumer's TSan fiber */
	fringe_context_fn fn;      /* the user's entry function and */
	void *userdata;            /*   argument (fringe_context_init) */
};
#endif

struct fringe_stack {
	void *base;  /* lowest usable address */
	void *limit; /* one past the highest usable address */
	void *link;  /* the link word of the context built on it, or NULL */
	/* A yield made below it takes the slow path (lib/generator.c): base,
	 * or limit once another stack has been made on memory inside this
	 * one (a local array of a function running on it), since code running
	 * on it then need not be its own context's.  Read and written
	 * atomically; it never goes back. */
	void *yield_floor;
	uint32_t magic;  /* FRINGE_STACK_MAGIC while alive */
	uint8_t kind;    /* enum fringe_stack_kind */
	uint8_t flags;   /* FRINGE_STACK_PAINTED */
	uint8_t generation; /* generators created on it so far (wraps) */
	struct fringe_generator *owner; /* generator using it, or NULL */
	struct fringe_stack_pool *pool; /* the pool it belongs to, or NULL */
	struct fringe_stack *cache_next; /* next in its pool's cache */
	/* In the list of live stacks (debug.c), which debuggers read and a
	 * yield made off its generator's stack consults. */
	struct fringe_stack *debug_next, *debug_prev;
	/* Valgrind's id of the stack (VALGRIND_STACK_REGISTER), or in a
	 * sanitizer build its struct fringe_san_stack. */
	uintptr_t tool;
};
/* A mapped stack's mapping is its guard page and usable area: it starts
 * one page below `base` and ends at `limit`. */

/*
 * fringe_stack_create_on() keeps the descriptor at the top of the
 * caller's memory and aligns both ends of the usable area: at most
 * FRINGE_STACK_OVERHEAD bytes are lost, the same in every build (the
 * manual promises that FRINGE_STACK_MIN_SIZE + 128 bytes are enough).
 */
#define FRINGE_STACK_OVERHEAD                                                \
	(sizeof(struct fringe_stack) + (_Alignof(struct fringe_stack) - 1) +  \
	 (FRINGE_CONTEXT_ALIGN - _Alignof(struct fringe_stack)) +            \
	 (FRINGE_CONTEXT_ALIGN - 1))
_Static_assert(FRINGE_STACK_OVERHEAD <= 128,
	       "the stack descriptor outgrew the 128 bytes fringe_stack_create_on(3) promises");

#ifdef FRINGE_SANITIZE_FIBERS
/* A stack's sanitizer record. */
static inline struct fringe_san_stack *fringe__san(const struct fringe_stack *stack)
{
	return (struct fringe_san_stack *)stack->tool;
}
#endif

_Static_assert(offsetof(struct fringe_stack, link) == FRINGE_STACK_LINK_OFFSET,
	       "FRINGE_STACK_LINK_OFFSET out of date");
_Static_assert(offsetof(struct fringe_stack, yield_floor) ==
		       FRINGE_STACK_YIELD_FLOOR_OFFSET,
	       "FRINGE_STACK_YIELD_FLOOR_OFFSET out of date");

/*
 * A generator's control block, at the top of its stack.  The yielder a
 * generator's function receives is the same address.  48 bytes on 64-bit
 * CPUs: all the memory a generator needs besides its stack's (and the C++
 * state of its own above it in a C++ program, FRINGE_GEN_EH_SIZE).
 */
struct fringe_generator {
	void *sp;        /* generator's saved stack pointer while suspended */
	void *caller_sp; /* resumer's saved stack pointer while running;
			    NULL until the first resume (not started) */
	struct fringe_stack *stack;
	union {
		fringe_generator_fn fn; /* until the function has run */
		void *result;  /* its return value, once finished */
	};
	void *userdata;
	uint32_t state;    /* enum fringe_generator_state | owner's tag
			      (generator.c), read and written atomically */
	uint8_t flags;     /* FRINGE_GENERATOR_SHARE_FPENV, FRINGE_GEN_OWN_EH */
	uint8_t tag;       /* the tag of its handle */
	uint16_t magic;    /* FRINGE_GENERATOR_MAGIC while alive */
};

_Static_assert(offsetof(struct fringe_generator, sp) == FRINGE_GEN_SP_OFFSET,
	       "FRINGE_GEN_SP_OFFSET out of date");
_Static_assert(offsetof(struct fringe_generator, caller_sp) ==
		       FRINGE_GEN_CALLER_SP_OFFSET,
	       "FRINGE_GEN_CALLER_SP_OFFSET out of date");
_Static_assert(offsetof(struct fringe_generator, stack) ==
		       FRINGE_GEN_STACK_OFFSET,
	       "FRINGE_GEN_STACK_OFFSET out of date");
_Static_assert(offsetof(struct fringe_generator, state) ==
			       FRINGE_GEN_STATE_OFFSET &&
		       sizeof(((struct fringe_generator *)0)->state) == 4,
	       "FRINGE_GEN_STATE_OFFSET out of date, or the state is not 4 bytes");
_Static_assert(FRINGE_GEN_RUNNABLE == FRINGE_GENERATOR_RUNNABLE &&
		       FRINGE_GEN_RUNNING == FRINGE_GENERATOR_RUNNING &&
		       FRINGE_GEN_FINISHED == FRINGE_GENERATOR_FINISHED &&
		       FRINGE_GEN_YIELDED == FRINGE_YIELDED &&
		       FRINGE_GEN_RETURNED == FRINGE_FINISHED,
	       "generator states or results in fringe-layout.h out of date");
_Static_assert(offsetof(struct fringe_generator, flags) ==
			       FRINGE_GEN_FLAGS_OFFSET &&
		       offsetof(struct fringe_generator, tag) ==
			       FRINGE_GEN_TAG_OFFSET &&
		       offsetof(struct fringe_generator, magic) ==
			       FRINGE_GEN_MAGIC_OFFSET &&
		       sizeof(struct fringe_generator) == FRINGE_GEN_EH_OFFSET,
	       "generator offsets in fringe-layout.h out of date");
_Static_assert(FRINGE_GEN_SHARE_FPENV == FRINGE_GENERATOR_SHARE_FPENV &&
		       (FRINGE_GEN_OWN_EH & FRINGE_GENERATOR_FLAGS_ALL) == 0,
	       "generator flags in fringe-layout.h out of date");

/* Print "libfringe-c: <what>" on stderr and abort(). */
FRINGE_HIDDEN FRINGE_NORETURN void fringe__abort(const char *what);

/* Called by a backend when a context's entry function returns. */
FRINGE_HIDDEN FRINGE_NORETURN void fringe__entry_returned(void);
/* Called by a backend when a switch is given a NULL stack pointer/stack. */
FRINGE_HIDDEN FRINGE_NORETURN void fringe__null_switch(void);

/* A stack descriptor is alive (non-NULL with the right magic). */
FRINGE_HIDDEN int fringe__stack_valid(const struct fringe_stack *stack);

/*
 * Stack pools (pool.c) make and unmake their stacks with these (stack.c).
 * fringe__stack_map() takes the same sizes as fringe_stack_create(), and
 * fringe__stack_check_size() returns -EINVAL for those it would reject;
 * fringe__stack_unmap() kills and unmaps a mapped stack that nothing uses.
 */
FRINGE_HIDDEN int fringe__stack_check_size(size_t size);
FRINGE_HIDDEN int fringe__stack_map(struct fringe_stack **out, size_t size);
FRINGE_HIDDEN void fringe__stack_unmap(struct fringe_stack *stack);
/* fringe_stack_destroy() was given a pool's stack: the pool forgets it. */
FRINGE_HIDDEN void fringe__stack_pool_forget(struct fringe_stack *stack);

/* The list of live stacks that debuggers read (debug.c): a stack joins it
 * when it is made and leaves it when it is destroyed. */
FRINGE_HIDDEN void fringe__debug_stack_add(struct fringe_stack *stack);
FRINGE_HIDDEN void fringe__debug_stack_remove(struct fringe_stack *stack);
/* Does `addr` lie in a live stack, one made inside `host`'s memory unless
 * `host` is NULL?  A yield made off its generator's stack asks, to tell
 * another stack from an overflow, and so does one on a stack that hosts
 * others.  Takes the list's lock: not for signal handlers. */
FRINGE_HIDDEN int fringe__debug_stack_holds(const struct fringe_stack *host,
					   const void *addr);
/* `stack` was made on memory that may lie inside other live stacks: mark
 * those as hosts (their `yield_floor`). */
FRINGE_HIDDEN void fringe__debug_stack_mark_hosts(const struct fringe_stack *stack);

/* ------------------------------------------------------------------------
 * The calling thread (generator.c)
 * ------------------------------------------------------------------------ */

/*
 * What the library keeps per thread, in one block so that the switch paths
 * reach all of it through one address.  initial-exec: one instruction to
 * reach, instead of a __tls_get_addr call, and safe to read in a signal
 * handler.
 *
 * tag: the thread's tag (generator.c): what it puts in the state word of
 *   a generator it owns, and in a pool it creates (pool.c); FRINGE_NO_TAG
 *   until fringe__thread_owner() gives it one.
 * current: once the overflow handler is armed, the generators whose
 *   functions this thread is running, innermost first, as a list of
 *   struct fringe_running; NULL outside any generator.  Each entry lives
 *   in the frame of the resume that runs its generator (generator.c),
 *   which sets `current` before its switch and restores it when the
 *   generator yields or returns: the list is always this thread's, even
 *   when generators move between threads, and a generator's control block
 *   holds none of it.  Before the handler is armed nothing reads it, and
 *   it is not kept.
 * eh_globals: the C++ runtime's state of this thread (eh.c), once asked
 *   for; where it is does not change during a thread's life.
 * overflow_ready: non-zero once this thread has been given an alternate
 *   signal stack for the overflow handler (or was found to have one, or
 *   failed to get one; overflow.c, os-*.c).
 */
struct fringe_running {
	const struct fringe_generator *generator;
	const struct fringe_running *outer; /* the one its resume runs in */
};
struct fringe_thread {
	uint64_t tag;
	const struct fringe_running *current;
	struct fringe_eh_globals *eh_globals;
	int overflow_ready;
};
#define FRINGE_NO_TAG ((uint64_t)1 << 32)
_Static_assert(offsetof(struct fringe_thread, tag) == FRINGE_THREAD_TAG_OFFSET &&
		       offsetof(struct fringe_thread, eh_globals) ==
			       FRINGE_THREAD_EH_OFFSET,
	       "FRINGE_THREAD_*_OFFSET out of date");
FRINGE_HIDDEN extern _Thread_local struct fringe_thread fringe__thread
	FRINGE_TLS_MODEL;
/* The calling thread's tag, given now if it has none yet, or 0 once tags
 * have run out (2^30 threads). */
FRINGE_HIDDEN uint32_t fringe__thread_owner(void);

/* ------------------------------------------------------------------------
 * Stack overflow diagnostics (overflow.c)
 * ------------------------------------------------------------------------ */

/* Non-zero once fringe_overflow_handler_install() has succeeded. */
FRINGE_HIDDEN extern int fringe__overflow_armed;
/* Give the calling thread what the handler needs (a guarded alternate
 * signal stack on POSIX), unless it has it.  Called by a resume in a
 * thread that has not been set up yet. */
FRINGE_HIDDEN void fringe__overflow_thread_setup(void);
/* The handler found an overflow of the stack [base, limit): print the
 * one-line diagnostic and abort. */
FRINGE_HIDDEN FRINGE_NORETURN void fringe__overflow_report(void *base,
							   void *limit);

/*
 * For the SIGSEGV/SIGBUS handler (async-signal-safe): if `addr` lies below
 * the stack of a generator that the calling thread is running (the
 * innermost one or any that is resuming it), and less than `reach` bytes
 * below that stack's base, store that stack's bounds and return 1;
 * otherwise return 0.
 */
FRINGE_HIDDEN int fringe__generator_overflowed(const void *addr, size_t reach,
					       void **base, void **limit);

/* ------------------------------------------------------------------------
 * C++ exception-handling state (eh.c)
 * ------------------------------------------------------------------------ */

/* Non-zero when the process has a C++ runtime (__cxa_get_globals). */
FRINGE_HIDDEN int fringe__eh_runtime(void);

#if defined(__arm__) && !defined(__ARM_DWARF_EH__) &&                        \
	!defined(__USING_SJLJ_EXCEPTIONS__)
#define FRINGE_ARM_EHABI 1
#endif

/*
 * The runtime's per-thread __cxa_eh_globals, as libstdc++'s libsupc++ and
 * libc++abi both lay it out: the exceptions being handled, the count of
 * those thrown and not yet caught, and with ARM EHABI the exceptions whose
 * cleanups are running.
 */
struct fringe_eh_globals {
	void *caught_exceptions;
	unsigned int uncaught_exceptions;
#ifdef FRINGE_ARM_EHABI
	void *propagating_exceptions;
#endif
};

/* Ask the runtime for the calling thread's globals, and keep the answer
 * in fringe__thread.eh_globals.  Only where fringe__eh_runtime() said
 * yes. */
FRINGE_HIDDEN struct fringe_eh_globals *fringe__eh_thread_lookup(void);

/* What a generator with C++ state of its own keeps above its control
 * block: the runtime's globals, rounded up to keep a context's top
 * aligned (16 bytes on every ABI the library knows). */
#define FRINGE_GEN_EH_SIZE                                                   \
	((sizeof(struct fringe_eh_globals) + FRINGE_CONTEXT_ALIGN - 1) &     \
	 ~(size_t)(FRINGE_CONTEXT_ALIGN - 1))

_Static_assert(sizeof(struct fringe_generator) + FRINGE_GEN_EH_SIZE <= 64,
	       "a generator's bookkeeping, with C++ state of its own, must "
	       "stay within 64 bytes");

#ifdef FRINGE_BACKEND_ENTRIES
/* The backend's entry points trade it as two 8-byte words (EH_TRADE in
 * lib/arch/x86_64). */
_Static_assert(sizeof(struct fringe_eh_globals) == 2 * 8,
	       "the backend's entry points trade C++ state of another size");
#endif

/*
 * Store the state of the thread whose globals are `thread` in *save and
 * make *load its state (`save` may equal `load`: an exchange); each holds
 * a struct fringe_eh_globals.  A few loads and stores, for the switch
 * paths too.  The runtime's globals are written only where they change,
 * which in the usual case (no exception in flight on either side) is
 * nowhere: on x86_64, storing the unchanged values into the runtime's
 * thread-local block at every switch made the thread's other switches,
 * context switches included, slower for as long as it went on (bench/README).
 */
static inline void fringe__eh_switch(struct fringe_eh_globals *thread,
				     void *save, const void *load)
{
	struct fringe_eh_globals in, out = *thread;

	__builtin_memcpy(&in, load, sizeof in);
	if (in.caught_exceptions != out.caught_exceptions)
		thread->caught_exceptions = in.caught_exceptions;
	if (in.uncaught_exceptions != out.uncaught_exceptions)
		thread->uncaught_exceptions = in.uncaught_exceptions;
#ifdef FRINGE_ARM_EHABI
	if (in.propagating_exceptions != out.propagating_exceptions)
		thread->propagating_exceptions = in.propagating_exceptions;
#endif
	__builtin_memcpy(save, &out, sizeof out);
}

static inline void fringe__eh_exchange(struct fringe_eh_globals *thread,
				       struct fringe_eh_globals *state)
{
	fringe__eh_switch(thread, state, state);
}

/* ------------------------------------------------------------------------
 * Debugging tools: Valgrind stack registration (stack.c) and sanitizer
 * fiber switching (sanitizer.c).  Without them these are empty.
 * ------------------------------------------------------------------------ */

#ifdef FRINGE_SANITIZE_FIBERS
/* A stack was made / is about to be freed. */
FRINGE_HIDDEN void fringe__san_stack_created(struct fringe_stack *stack);
FRINGE_HIDDEN void fringe__san_stack_destroyed(struct fringe_stack *stack);
/* A new context is being made on the stack: forget the old one's state. */
FRINGE_HIDDEN void fringe__san_stack_reset(struct fringe_stack *stack);
/* Around a resume of (switch into) the context on `stack`. */
FRINGE_HIDDEN void fringe__san_enter(struct fringe_stack *stack, void **fake);
FRINGE_HIDDEN void fringe__san_entered(void *fake);
/* In that context: first arrival, leaving (for good: `last`), returning. */
FRINGE_HIDDEN void fringe__san_started(struct fringe_stack *stack);
FRINGE_HIDDEN void fringe__san_leave(struct fringe_stack *stack, int last);
FRINGE_HIDDEN void fringe__san_returned(struct fringe_stack *stack);
/* The entry fringe_context_init() gives a context: announces the arrival,
 * then calls stack->san.fn. */
FRINGE_HIDDEN void fringe__san_context_entry(void *value, void *from_sp,
					     void *userdata);
#else
static inline void fringe__san_stack_created(struct fringe_stack *s) { (void)s; }
static inline void fringe__san_stack_destroyed(struct fringe_stack *s) { (void)s; }
static inline void fringe__san_stack_reset(struct fringe_stack *s) { (void)s; }
static inline void fringe__san_enter(struct fringe_stack *s, void **fake)
{
	(void)s;
	(void)fake;
}
static inline void fringe__san_entered(void *fake) { (void)fake; }
static inline void fringe__san_started(struct fringe_stack *s) { (void)s; }
static inline void fringe__san_leave(struct fringe_stack *s, int last)
{
	(void)s;
	(void)last;
}
static inline void fringe__san_returned(struct fringe_stack *s) { (void)s; }
#endif

/* ------------------------------------------------------------------------
 * The backend contract (lib/arch/<cpu>/)
 * ------------------------------------------------------------------------ */

/*
 * Build a context whose first activation calls fn(value, from_sp,
 * userdata) on the stack [base, top) (top is FRINGE_CONTEXT_ALIGN-aligned;
 * the context uses memory below it only).  Stores the address of the link
 * word in *link and returns the context's initial stack pointer.  `base`
 * comes last so that backends which do not need it can ignore it.
 */
FRINGE_HIDDEN void *fringe__ctx_make(void *top, fringe_context_fn fn,
				     void *userdata, void **link, void *base);

/* fringe_context_switch() and fringe_context_switch_link(), under hidden
 * names for calls from inside the library. */
FRINGE_HIDDEN fringe_transfer fringe__ctx_switch(void *sp, void *value);
FRINGE_HIDDEN fringe_transfer fringe__ctx_switch_link(void *sp, void *value,
						      struct fringe_stack *stack);

/*
 * Generators (lib/arch/README tells the whole protocol).  Every
 * hand-written backend switches generators itself; the ucontext backend
 * and sanitizer builds, whose hooks surround each switch, use the generic
 * routines of lib/arch/generators-generic.c over the context switch.
 * configure picks one of the two glue files, generators-native.c or
 * generators-generic.c, which defines fringe__gen_make().
 *
 * fringe__gen_make: build g's context right below its control block (g
 *   is the top of the context) and return its stack pointer; its first
 *   resume calls fringe__gen_entry(input, from_sp, g), which never
 *   returns: it ends in fringe__gen_return().
 * fringe__gen_resume: g is RUNNING, `outer` and the thread's current
 *   generator are set; save the caller with `output` as the place for
 *   what the generator hands back, record it as the generator's resumer
 *   (g->caller_sp and the link word) and switch to g->sp, storing `input`
 *   through the generator's pending yield's input pointer and making that
 *   yield return `code` (0, or -ECANCELED for a cancellation, which
 *   leaves the input alone), or entering a new generator with `input`.
 * fringe__gen_yield: save the generator with `input` as the place for
 *   its next input, switch to the resumer, publish RUNNABLE (a release
 *   store) and return FRINGE_YIELDED to the resumer with `output`.
 * fringe__gen_return: the function has returned: publish FINISHED and
 *   return FRINGE_FINISHED to the resumer with `result`.
 * The first two are called as tail calls (`return f(...)`), for speed,
 * not for correctness (GCC makes none on ppc64 ELFv2, where a call into
 * another file must restore the TOC pointer after it).  Each comes in a _shared version as well, for
 * generators created with FRINGE_GENERATOR_SHARE_FPENV: those leave the
 * CPU's floating-point control state alone.
 */
/*
 * For fringe_generator_resume() and fringe_generator_yield(): with the
 * backend's own routines they end in tail calls, and their rare cases are
 * tail calls too, so they need no stack frame of their own even where the
 * library keeps frame pointers (the backend's switch records the caller's
 * frame itself).  The generic routines are called, and without
 * optimization no tail call is made: keep the frame record then.  Both
 * start a 64-byte line, as the backends' routines do (fringe-asm.h): the
 * round trip is a few dozen instructions, and where they fall across
 * fetch lines shows (one SHARE_FPENV round trip on x86_64 went from 5.7
 * to 6.3 ns when the library's code merely moved).
 *
 * Nor do they need a stack protector, which distributions turn on for
 * every function with an address-taken local (-fstack-protector-strong):
 * the yield takes the address of a byte it never writes, only to know
 * where its frame is, and a canary would give it a frame, and a load,
 * a store and a compare on every switch.
 */
#if defined(__has_attribute)
#if __has_attribute(no_stack_protector)
#define FRINGE_NO_STACK_PROTECTOR __attribute__((no_stack_protector))
#endif
#endif
#ifndef FRINGE_NO_STACK_PROTECTOR
#define FRINGE_NO_STACK_PROTECTOR
#endif
#if defined(FRINGE_NATIVE_GENERATORS) && defined(__OPTIMIZE__) &&              \
	defined(__GNUC__) && !defined(__clang__)
#define FRINGE_SWITCH_PATH                                                   \
	__attribute__((optimize("omit-frame-pointer"), aligned(64)))         \
	FRINGE_NO_STACK_PROTECTOR
#else
#define FRINGE_SWITCH_PATH FRINGE_NO_STACK_PROTECTOR
#endif

/* i386 passes arguments on the stack, and a function can tail-call only
 * one that needs no more stack arguments than it received: in registers
 * (eax, edx, ecx), resume's four fit where fringe_generator_resume()'s
 * three were. */
#ifdef __i386__
#define FRINGE_GEN_SWITCH __attribute__((regparm(3)))
#else
#define FRINGE_GEN_SWITCH
#endif

/*
 * lib/generator.c's fringe_generator_resume() and fringe_generator_yield(),
 * under these names where the backend defines the public ones
 * (FRINGE_BACKEND_ENTRIES, fringe-layout.h) and jumps to these for every
 * case but the usual one.
 */
FRINGE_HIDDEN int fringe__generator_resume(fringe_generator *handle,
					   void *input, void **output);
FRINGE_HIDDEN int fringe__generator_yield(fringe_yielder *yielder,
					  void *output, void **input);

FRINGE_HIDDEN void *fringe__gen_make(struct fringe_generator *g);
FRINGE_HIDDEN void fringe__gen_entry(void *input, void *from_sp,
				     void *userdata);
FRINGE_HIDDEN FRINGE_GEN_SWITCH int
fringe__gen_resume(struct fringe_generator *g, void *input, void **output,
		   int code);
FRINGE_HIDDEN FRINGE_GEN_SWITCH int
fringe__gen_yield(struct fringe_generator *g, void *output, void **input);
FRINGE_HIDDEN FRINGE_GEN_SWITCH FRINGE_NORETURN void
fringe__gen_return(struct fringe_generator *g, void *result);
FRINGE_HIDDEN FRINGE_GEN_SWITCH int
fringe__gen_resume_shared(struct fringe_generator *g, void *input,
			  void **output, int code);
FRINGE_HIDDEN FRINGE_GEN_SWITCH int
fringe__gen_yield_shared(struct fringe_generator *g, void *output,
			 void **input);
FRINGE_HIDDEN FRINGE_GEN_SWITCH FRINGE_NORETURN void
fringe__gen_return_shared(struct fringe_generator *g, void *result);

#endif /* FRINGE_INTERNAL_H */

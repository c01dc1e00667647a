/*
 * os.h - the operating-system layer: everything the portable C code needs
 * from the system, so that no other file of lib/ names an OS.  One file
 * implements it per OS, picked by configure.host: lib/os-posix.c (mmap,
 * mprotect, sysconf, sigaltstack and a SIGSEGV/SIGBUS handler, POSIX
 * threads) and lib/os-windows.c (VirtualAlloc, a vectored exception
 * handler, SRW locks).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef FRINGE_OS_H
#define FRINGE_OS_H

#include <stddef.h>
#include <stdint.h>

/* ---- memory ------------------------------------------------------------ */

/* The page size (cached after the first call). */
FRINGE_HIDDEN size_t fringe__page_size(void);

/*
 * Map a guarded stack: one guard page at the low end and `usable` bytes
 * (whole pages) above it, writable from any thread.  Returns the start
 * of the mapping (its length is fringe__page_size() + usable), or NULL.
 */
FRINGE_HIDDEN void *fringe__map_guarded(size_t usable);
/* Unmap what fringe__map_guarded() returned; `length` is all of it. */
FRINGE_HIDDEN void fringe__unmap(void *map, size_t length);
/*
 * The lowest page of [lo, hi) (page-aligned) that holds memory of its own
 * (resident, or committed on Windows): stores it, or hi, in *out.
 * 0, or a negative errno value.
 */
FRINGE_HIDDEN int fringe__lowest_resident(uintptr_t lo, uintptr_t hi,
					  uintptr_t *out);

/* ---- messages ------------------------------------------------------------ */

/* Write `n` bytes to the standard error stream; safe in a signal or
 * exception handler. */
FRINGE_HIDDEN void fringe__write_error(const char *s, size_t n);

/* ---- the C++ runtime ------------------------------------------------------ */

/*
 * The C++ runtime's __cxa_get_globals() in this process, or NULL (eh.c).
 * ELF resolves a weak reference when the library is loaded; a DLL's
 * imports cannot be weak, so on Windows the loaded modules are asked,
 * once.
 */
typedef void *(*fringe_cxa_globals_fn)(void);
#ifdef _WIN32
FRINGE_HIDDEN fringe_cxa_globals_fn fringe__os_cxa_get_globals(void);
#else
extern void *__cxa_get_globals(void) __attribute__((weak));
static inline fringe_cxa_globals_fn fringe__os_cxa_get_globals(void)
{
	return __cxa_get_globals;
}
#endif

/* ---- the overflow handler ------------------------------------------------ */

/*
 * fringe_overflow_handler_install(): the process-wide handler, and what
 * the installing thread needs for it.  0 or a negative errno value.  The
 * handler reports an overflow with fringe__overflow_report().
 */
FRINGE_HIDDEN int fringe__os_overflow_install(void);
/* What another thread needs for the handler, on its first resume after
 * the installation (a signal stack on POSIX; nothing on Windows). */
FRINGE_HIDDEN void fringe__os_overflow_thread_setup(void);
/* Does `addr` lie on the stack the calling thread runs the handler on
 * now (its alternate signal stack), if it is running it? */
FRINGE_HIDDEN int fringe__os_on_handler_stack(uintptr_t addr);

/* ---- contexts ---------------------------------------------------------- */

/*
 * A context has just been made on `stack`, its initial stack pointer `sp`
 * (fringe__ctx_make()): the system's per-thread description of the
 * running stack, which the switch carries with each context where the
 * system has one (the Windows TEB), is set up for it.
 */
struct fringe_stack;
#ifdef FRINGE_OS_CONTEXT_SETUP
FRINGE_HIDDEN void fringe__os_context_made(const struct fringe_stack *stack,
					   void *sp);
#else
static inline void fringe__os_context_made(const struct fringe_stack *stack,
					   void *sp)
{
	(void)stack;
	(void)sp;
}
#endif

/* ---- locks ---------------------------------------------------------------- */

/*
 * A lock held for a few instructions: fringe_lock, FRINGE_LOCK_INITIALIZER
 * for a static one, fringe__lock_init() (0 or -1) for one in allocated
 * memory, fringe__lock(), fringe__unlock(), fringe__lock_destroy().
 */
#ifdef _WIN32
typedef struct fringe_lock {
	void *word; /* an SRWLOCK */
} fringe_lock;
#define FRINGE_LOCK_INITIALIZER {NULL}
FRINGE_HIDDEN int fringe__lock_init(fringe_lock *lock);
FRINGE_HIDDEN void fringe__lock(fringe_lock *lock);
FRINGE_HIDDEN void fringe__unlock(fringe_lock *lock);
static inline void fringe__lock_destroy(fringe_lock *lock) { (void)lock; }
#else
#include <pthread.h>
typedef pthread_mutex_t fringe_lock;
#define FRINGE_LOCK_INITIALIZER PTHREAD_MUTEX_INITIALIZER
FRINGE_HIDDEN int fringe__lock_init(fringe_lock *lock);
static inline void fringe__lock(fringe_lock *lock)
{
	pthread_mutex_lock(lock);
}
static inline void fringe__unlock(fringe_lock *lock)
{
	pthread_mutex_unlock(lock);
}
static inline void fringe__lock_destroy(fringe_lock *lock)
{
	pthread_mutex_destroy(lock);
}
#endif

#endif /* FRINGE_OS_H */

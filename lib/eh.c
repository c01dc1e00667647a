/*
 * eh.c - C++ exception-handling state per generator and per context.
 *
 * The Itanium C++ ABI's runtimes (libstdc++'s libsupc++, libc++abi) keep
 * per thread a __cxa_eh_globals: the stack of exceptions being handled
 * (what `throw;` rethrows, what std::current_exception() returns), the
 * count of exceptions thrown and not yet caught
 * (std::uncaught_exceptions()), and with ARM EHABI the exceptions whose
 * cleanups are running.  __cxa_get_globals() returns the calling
 * thread's.  Code that suspends inside a catch handler or a destructor
 * run by unwinding leaves its part there; whoever runs next on the thread
 * must not see it, so each stack needs a copy, exchanged at each switch.
 *
 * The library does not link against a C++ runtime: the reference to
 * __cxa_get_globals is weak (on Windows, the loaded modules are asked for
 * it: lib/os.h).  It resolves when the library is loaded into a process
 * that has one (a C++ program, or any program linked against a library
 * written in C++); in a C program it stays NULL and generators are made
 * without the exchange, so C programs pay nothing.
 *
 * Both runtimes lay the structure out alike:
 *     caughtExceptions (pointer), uncaughtExceptions (unsigned int),
 *     propagatingExceptions (pointer; ARM EHABI only).
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "fringe-internal.h"

#if defined(__arm__) && !defined(__ARM_DWARF_EH__) &&                        \
	!defined(__USING_SJLJ_EXCEPTIONS__)
#define FRINGE_ARM_EHABI 1
#endif

struct eh_globals {
	void *caught_exceptions;
	unsigned int uncaught_exceptions;
#ifdef FRINGE_ARM_EHABI
	void *propagating_exceptions;
#endif
};

_Static_assert(sizeof(struct eh_globals) <= sizeof(fringe_eh_state),
	       "fringe_eh_state is too small for __cxa_eh_globals");
_Static_assert(sizeof(fringe_eh_state) % FRINGE_CONTEXT_ALIGN == 0,
	       "fringe_eh_state must keep a context's top aligned");

int fringe__eh_runtime(void)
{
	return fringe__os_cxa_get_globals() != NULL;
}

/*
 * The calling thread's globals.  Where a runtime keeps them does not
 * change during a thread's life, so the address is asked for once per
 * thread and kept where one instruction reaches it (a call into the
 * runtime costs a call to __tls_get_addr as well).
 */
static _Thread_local struct eh_globals *thread_globals FRINGE_TLS_MODEL;

static inline struct eh_globals *eh_globals(void)
{
	struct eh_globals *g = thread_globals;

	if (FRINGE_UNLIKELY(g == NULL)) {
		g = fringe__os_cxa_get_globals()();
		thread_globals = g;
	}
	return g;
}

/* Save the thread's state in *save, then load *load (which may be the
 * same object). */
static inline void eh_switch(fringe_eh_state *save, const fringe_eh_state *load)
{
	struct eh_globals *thread = eh_globals();
	struct eh_globals in, out;

	memcpy(&in, load, sizeof in);
	out = *thread;
	*thread = in;
	memcpy(save, &out, sizeof out);
}

void fringe__eh_swap(fringe_eh_state *state)
{
	eh_switch(state, state);
}

FRINGE_EXPORT int fringe_eh_state_switch(fringe_eh_state *save,
					 const fringe_eh_state *load)
{
	if (save == NULL || load == NULL)
		return -EINVAL;
	if (fringe__os_cxa_get_globals() == NULL)
		return 0;
	eh_switch(save, load);
	return 1;
}

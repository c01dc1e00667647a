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
 * Both runtimes lay the structure out alike (struct fringe_eh_globals,
 * fringe-internal.h), and the switch paths of generator.c exchange it
 * inline, through the address kept here.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <errno.h>

#include "fringe-internal.h"

_Static_assert(sizeof(struct fringe_eh_globals) <= sizeof(fringe_eh_state),
	       "fringe_eh_state is too small for __cxa_eh_globals");

int fringe__eh_runtime(void)
{
	return fringe__os_cxa_get_globals() != NULL;
}

/*
 * The calling thread's globals.  The address is asked for once per thread
 * and kept in fringe__thread, where one instruction reaches it (a call
 * into the runtime costs a call to __tls_get_addr as well).
 */
struct fringe_eh_globals *fringe__eh_thread_lookup(void)
{
	struct fringe_eh_globals *g = fringe__os_cxa_get_globals()();

	fringe__thread.eh_globals = g;
	return g;
}

static inline struct fringe_eh_globals *eh_globals(void)
{
	struct fringe_eh_globals *g = fringe__thread.eh_globals;

	if (FRINGE_UNLIKELY(g == NULL))
		g = fringe__eh_thread_lookup();
	return g;
}

FRINGE_EXPORT int fringe_eh_state_switch(fringe_eh_state *save,
					 const fringe_eh_state *load)
{
	if (save == NULL || load == NULL)
		return -EINVAL;
	if (fringe__os_cxa_get_globals() == NULL)
		return 0;
	fringe__eh_switch(eh_globals(), save, load);
	return 1;
}

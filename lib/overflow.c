/*
 * overflow.c - the opt-in stack overflow diagnostic: what every system
 * shares.  The OS layer (lib/os.h) installs the handler that notices an
 * overflow (a SIGSEGV/SIGBUS handler on alternate signal stacks in
 * lib/os-posix.c, a vectored exception handler for STATUS_STACK_OVERFLOW
 * in lib/os-windows.c); both ask generator.c whether the faulting address
 * lies below the stack of a generator the thread is running, and report
 * it here, with one line on the standard error stream and abort().
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "fringe-internal.h"

int fringe__overflow_armed;

void fringe__overflow_thread_setup(void)
{
	/* Pairs with the release in the installation: what the OS layer
	 * set up for the handler is visible. */
	if (!__atomic_load_n(&fringe__overflow_armed, __ATOMIC_ACQUIRE))
		return;
	fringe__os_overflow_thread_setup();
}

/* Write `x` as 0x... into `out`; returns the end of the digits. */
static char *put_hex(char *out, uintptr_t x)
{
	char digits[2 * sizeof x];
	int n = 0;

	do {
		digits[n++] = "0123456789abcdef"[x & 15];
		x >>= 4;
	} while (x != 0);
	*out++ = '0';
	*out++ = 'x';
	while (n > 0)
		*out++ = digits[--n];
	return out;
}

void fringe__overflow_report(void *base, void *limit)
{
	static const char head[] = "stack overflow in generator (stack ";
	char msg[sizeof head + 2 * (2 + 2 * sizeof(uintptr_t)) + 4];
	char *p = msg;

	memcpy(p, head, sizeof head - 1);
	p += sizeof head - 1;
	p = put_hex(p, (uintptr_t)base);
	*p++ = '-';
	p = put_hex(p, (uintptr_t)limit);
	*p++ = ')';
	*p = '\0';
	fringe__abort(msg);
}

FRINGE_EXPORT int fringe_overflow_handler_install(void)
{
	return fringe__os_overflow_install();
}

/*
 * overflow.c - the opt-in stack overflow diagnostic.
 *
 * fringe_overflow_handler_install() installs one process-wide handler for
 * SIGSEGV and SIGBUS.  A guard-page fault happens with the stack pointer at
 * the bottom of an exhausted stack, so the handler must run elsewhere: on
 * an alternate signal stack (SA_ONSTACK), which has a guard page of its own
 * so that a handler overflowing it is killed rather than scribbling.  An
 * alternate signal stack belongs to one thread: the installing thread gets
 * one at once, every other thread on its first generator resume after the
 * installation (generator.c checks one global flag on each resume, and a
 * thread-local one only once the handler is installed).  A thread that
 * already has an alternate signal stack keeps its own.  Ours are unmapped
 * when their thread exits (a thread-specific key's destructor); the initial
 * thread's lives as long as the process.
 *
 * The handler decides from the fault address alone whether the fault is
 * an overflow: the address must lie below the stack of a generator that
 * the faulting thread is running, by at most FRINGE_OVERFLOW_REACH_PAGES
 * pages for a SIGSEGV (the guard page and, when nothing is mapped there,
 * some memory below it that a large frame may have jumped to) and one
 * page, the guard page, for a SIGBUS.  generator.c answers that from the
 * thread's chain of running generators, which needs no lock.  An overflow is
 * reported with write(2) and abort(); any other fault goes to the handler
 * that was installed before, as if ours were not there.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fringe-internal.h"


/* Usable size of our alternate signal stacks, at least. */
#define ALTSTACK_SIZE (64u * 1024u)

int fringe__overflow_armed;
_Thread_local int fringe__overflow_thread_ready
	__attribute__((tls_model("initial-exec")));

static pthread_mutex_t install_lock = PTHREAD_MUTEX_INITIALIZER;
static int installed;
static pthread_key_t altstack_key;
/* Set once under install_lock, before the handler is installed. */
static size_t page;
static size_t altstack_usable;
/* The handlers found at installation: [0] SIGSEGV, [1] SIGBUS. */
static struct sigaction previous[2];

/* ---- alternate signal stacks ------------------------------------------ */

/* Thread exit: take our alternate signal stack out of use and unmap it. */
static void altstack_release(void *map)
{
	stack_t cur, off;

	if (sigaltstack(NULL, &cur) == 0 && !(cur.ss_flags & SS_DISABLE) &&
	    cur.ss_sp == (char *)map + page) {
		memset(&off, 0, sizeof off);
		off.ss_flags = SS_DISABLE;
		if (sigaltstack(&off, NULL) != 0)
			return; /* still in use: leave it mapped */
	}
	munmap(map, page + altstack_usable);
}

/* Give the calling thread a guarded alternate signal stack unless it has
 * one.  0 or -ENOMEM. */
static int altstack_setup(void)
{
	stack_t old, ss;
	void *map;

	fringe__overflow_thread_ready = 1;
	if (sigaltstack(NULL, &old) == 0 && !(old.ss_flags & SS_DISABLE))
		return 0;
	map = fringe__map_guarded(altstack_usable);
	if (map == NULL)
		return -ENOMEM;
	memset(&ss, 0, sizeof ss);
	ss.ss_sp = (char *)map + page;
	ss.ss_size = altstack_usable;
	if (sigaltstack(&ss, NULL) != 0)
		goto fail;
	if (pthread_setspecific(altstack_key, map) != 0) {
		/* Cannot free it at thread exit: keep it for the thread's
		 * lifetime rather than fail. */
	}
	return 0;
fail:
	munmap(map, page + altstack_usable);
	return -ENOMEM;
}

void fringe__overflow_thread_setup(void)
{
	/* Pairs with the release in the installation: `page` and
	 * `altstack_usable` are set. */
	if (!__atomic_load_n(&fringe__overflow_armed, __ATOMIC_ACQUIRE))
		return;
	/* A failure leaves the thread without a diagnostic, not without
	 * protection: an overflow still kills it with SIGSEGV. */
	(void)altstack_setup();
}

/* ---- the handler ---------------------------------------------------------- */

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

static FRINGE_NORETURN void report(void *base, void *limit)
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

/* Hand the signal to whatever handled it before us. */
static void chain(int sig, siginfo_t *info, void *uc)
{
	const struct sigaction *old = &previous[sig == SIGBUS];
	struct sigaction dfl;

	if (old->sa_flags & SA_SIGINFO) {
		old->sa_sigaction(sig, info, uc);
		return;
	}
	if (old->sa_handler == SIG_IGN) {
		/* A signal sent by a process can be ignored; a fault cannot
		 * (it would recur forever): it gets the default action. */
		if (info->si_code <= 0)
			return;
	} else if (old->sa_handler != SIG_DFL) {
		old->sa_handler(sig);
		return;
	}
	/* The default action: restore it.  A fault happens again when the
	 * handler returns; a sent signal is sent again, and is delivered
	 * then too, since it is blocked while the handler runs. */
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(sig, &dfl, NULL);
	if (info->si_code <= 0)
		raise(sig);
}

static void overflow_handler(int sig, siginfo_t *info, void *uc)
{
	void *base, *limit;

	/* si_code > 0: raised by the kernel for a fault, so si_addr is the
	 * faulting address (for a signal sent by a process it is not).  A
	 * SIGBUS counts only in the guard page: below it, it comes from
	 * whatever else is mapped there (a file mapping past its end). */
	if (info->si_code > 0 &&
	    fringe__generator_overflowed(info->si_addr,
					 sig == SIGBUS
						 ? page
						 : FRINGE_OVERFLOW_REACH_PAGES * page,
					 &base, &limit))
		report(base, limit);
	chain(sig, info, uc);
}

/* ---- installation ---------------------------------------------------------- */

FRINGE_EXPORT int fringe_overflow_handler_install(void)
{
	struct sigaction sa;
	int rc = 0;

	pthread_mutex_lock(&install_lock);
	if (!installed && page == 0) {
		size_t want = ALTSTACK_SIZE;
#ifdef _SC_SIGSTKSZ
		long min = sysconf(_SC_SIGSTKSZ);

		if (min > 0 && (size_t)min * 4 > want)
			want = (size_t)min * 4;
#endif
		if (pthread_key_create(&altstack_key, altstack_release) != 0) {
			rc = -EAGAIN;
			goto out;
		}
		page = fringe__page_size();
		altstack_usable = (want + page - 1) & ~(page - 1);
	}
	if (!fringe__overflow_thread_ready) {
		rc = altstack_setup();
		if (rc != 0) {
			/* Let a later call try again. */
			fringe__overflow_thread_ready = 0;
			goto out;
		}
	}
	if (!installed) {
		memset(&sa, 0, sizeof sa);
		sa.sa_sigaction = overflow_handler;
		sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
		/* A second fault while handling one kills the process. */
		sigemptyset(&sa.sa_mask);
		sigaddset(&sa.sa_mask, SIGSEGV);
		sigaddset(&sa.sa_mask, SIGBUS);
		if (sigaction(SIGSEGV, &sa, &previous[0]) != 0) {
			rc = -errno;
			goto out;
		}
		if (sigaction(SIGBUS, &sa, &previous[1]) != 0) {
			rc = -errno;
			sigaction(SIGSEGV, &previous[0], NULL);
			goto out;
		}
		installed = 1;
		__atomic_store_n(&fringe__overflow_armed, 1, __ATOMIC_RELEASE);
	}
out:
	pthread_mutex_unlock(&install_lock);
	return rc;
}

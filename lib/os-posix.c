/*
 * os-posix.c - the operating-system layer (lib/os.h) on POSIX systems:
 * mmap'd stacks with a PROT_NONE guard page, the page size from sysconf,
 * residency from mincore, POSIX mutexes, and the overflow handler: a
 * SIGSEGV/SIGBUS handler on alternate signal stacks.
 *
 * fringe__os_overflow_install() installs one process-wide handler for
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
 * reported with write(2) and abort() (overflow.c); any other fault goes to
 * the handler that was installed before, as if ours were not there.
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

/* ---- memory ---------------------------------------------------------------- */

#ifndef MAP_STACK
#define MAP_STACK 0
#endif
#ifndef MAP_ANONYMOUS
#define MAP_ANONYMOUS MAP_ANON
#endif

/* The smallest transparent huge page of any CPU Linux runs on. */
#define FRINGE_HUGE_PAGE_MIN ((size_t)2 << 20)

size_t fringe__page_size(void)
{
	static size_t cached;
	size_t size = __atomic_load_n(&cached, __ATOMIC_RELAXED);

	if (size == 0) {
		long p = sysconf(_SC_PAGESIZE);

		size = p > 0 ? (size_t)p : 4096;
		__atomic_store_n(&cached, size, __ATOMIC_RELAXED);
	}
	return size;
}

void *fringe__map_guarded(size_t usable)
{
	size_t page = fringe__page_size();
	void *map;

	map = mmap(NULL, page + usable, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (map == MAP_FAILED)
		return NULL;
	/* The guard page.  This fails when vm.max_map_count is reached. */
	if (mprotect(map, page, PROT_NONE) != 0) {
		munmap(map, page + usable);
		return NULL;
	}
#ifdef MADV_NOHUGEPAGE
	/* Pages of the base size only, so that fringe_stack_high_water()
	 * counts pages of that size, and a stack takes no more memory than
	 * it touches.  Smaller stacks cannot hold a transparent huge page
	 * (2 MiB at least): they need no system call for it. */
	if (usable >= FRINGE_HUGE_PAGE_MIN)
		(void)madvise((char *)map + page, usable, MADV_NOHUGEPAGE);
#endif
	return map;
}

void fringe__unmap(void *map, size_t length)
{
	munmap(map, length);
}

int fringe__lowest_resident(uintptr_t lo, uintptr_t hi, uintptr_t *out)
{
	size_t page = fringe__page_size();
	uintptr_t p = lo;
	unsigned char vec[256];

	while (p < hi) {
		size_t n = (hi - p) / page, i;

		if (n > sizeof vec)
			n = sizeof vec;
		if (mincore((void *)p, n * page, (void *)vec) != 0)
			return -errno;
		for (i = 0; i < n; i++) {
			if (vec[i] & 1) {
				*out = p + i * page;
				return 0;
			}
		}
		p += n * page;
	}
	*out = hi;
	return 0;
}

/* ---- messages and locks -------------------------------------------------- */

void fringe__write_error(const char *s, size_t n)
{
	ssize_t unused = write(STDERR_FILENO, s, n);

	(void)unused;
}

/*
 * A lock in allocated memory (a stack pool's).  It is held for a few
 * instructions, so where the C library offers it (glibc), a mutex that
 * spins a little before sleeping suits it better: a thread that finds it
 * taken usually gets it moments later, without a system call.
 */
int fringe__lock_init(fringe_lock *lock)
{
#ifdef PTHREAD_ADAPTIVE_MUTEX_INITIALIZER_NP
	pthread_mutexattr_t attr;
	int rc;

	if (pthread_mutexattr_init(&attr) != 0)
		return -1;
	rc = pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ADAPTIVE_NP);
	if (rc == 0)
		rc = pthread_mutex_init(lock, &attr);
	pthread_mutexattr_destroy(&attr);
	return rc;
#else
	return pthread_mutex_init(lock, NULL);
#endif
}

/* ---- the overflow handler -------------------------------------------------- */


/* Usable size of our alternate signal stacks, at least. */
#define ALTSTACK_SIZE (64u * 1024u)

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

	fringe__thread.overflow_ready = 1;
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

void fringe__os_overflow_thread_setup(void)
{
	/* A failure leaves the thread without a diagnostic, not without
	 * protection: an overflow still kills it with SIGSEGV. */
	(void)altstack_setup();
}

/* ---- the handler ---------------------------------------------------------- */

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
		fringe__overflow_report(base, limit);
	chain(sig, info, uc);
}

/* ---- installation ---------------------------------------------------------- */

int fringe__os_overflow_install(void)
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
	if (!fringe__thread.overflow_ready) {
		rc = altstack_setup();
		if (rc != 0) {
			/* Let a later call try again. */
			fringe__thread.overflow_ready = 0;
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

int fringe__os_on_handler_stack(uintptr_t addr)
{
	stack_t ss;

	return sigaltstack(NULL, &ss) == 0 && (ss.ss_flags & SS_ONSTACK) &&
	       addr >= (uintptr_t)ss.ss_sp &&
	       addr - (uintptr_t)ss.ss_sp < ss.ss_size;
}

/*
 * os-windows.c - the operating-system layer (lib/os.h) on Windows.
 *
 * Stacks are made as Windows makes thread stacks: address space is
 * reserved, the usable pages committed (so that any thread may write
 * them, as on POSIX), and a PAGE_GUARD page lies below them; the TEB
 * describes the stack while a context on it runs (the backend switches
 * its fields with each context), so that the system handles a touch of
 * the guard page as the overflow of a thread stack.  Below the usable
 * pages lie GUARANTEE bytes that the system commits when the stack
 * overflows, for the exception handlers to run on, and one page that is
 * never committed:
 *
 *     reservation  [ never | guarantee | usable pages (base .. limit) ]
 *                  ^ DeallocationStack   ^ base
 *
 * The overflow handler is a vectored exception handler: an overflow
 * raises STATUS_STACK_OVERFLOW on the exhausted stack itself, with the
 * guaranteed bytes to run on.  It reports the overflow of a generator the
 * thread is running (overflow.c) and leaves every other exception alone.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <psapi.h>

#include "fringe-internal.h"
/* The backend's save area: the slots of the TEB fields it switches. */
#include FRINGE_BACKEND_SAVE_AREA
#ifndef SAVE_TEB_LIMIT
#error "the backend does not switch the TEB's stack fields"
#endif

/* What the system keeps committed below an overflowing stack for its
 * handlers (the TEB's GuaranteedStackBytes of a context on the stack). */
#define GUARANTEE ((size_t)32 * 1024)

/* ---- memory ---------------------------------------------------------------- */

size_t fringe__page_size(void)
{
	static size_t cached;
	size_t size = __atomic_load_n(&cached, __ATOMIC_RELAXED);

	if (size == 0) {
		SYSTEM_INFO info;

		GetSystemInfo(&info);
		size = info.dwPageSize > 0 ? info.dwPageSize : 4096;
		__atomic_store_n(&cached, size, __ATOMIC_RELAXED);
	}
	return size;
}

/*
 * The contract of lib/os.h: the returned address is one page below the
 * usable pages; the guarantee and the page that is never committed lie
 * below that page, which the guarantee's top page is.
 */
void *fringe__map_guarded(size_t usable)
{
	size_t page = fringe__page_size();
	char *map, *base;

	map = VirtualAlloc(NULL, page + GUARANTEE + usable, MEM_RESERVE,
			   PAGE_READWRITE);
	if (map == NULL)
		return NULL;
	base = map + page + GUARANTEE;
	/* The usable pages are committed (they are what the stack promises:
	 * any thread may write them, fringe_stack_paint() and its callers
	 * do; committed pages take memory only once touched), the guard page
	 * is the guarantee's top page. */
	if (VirtualAlloc(base, usable, MEM_COMMIT, PAGE_READWRITE) == NULL ||
	    VirtualAlloc(base - page, page, MEM_COMMIT,
			 PAGE_READWRITE | PAGE_GUARD) == NULL) {
		VirtualFree(map, 0, MEM_RELEASE);
		return NULL;
	}
	return base - page;
}

void fringe__unmap(void *map, size_t length)
{
	(void)length;
	VirtualFree((char *)map - GUARANTEE, 0, MEM_RELEASE);
}

/*
 * Every usable page is committed, and a committed page takes memory once
 * it is touched: the lowest page in the process's working set is the
 * lowest one used (as mincore() tells on POSIX; a page trimmed from the
 * working set makes the mark too low, as swapping does there).
 */
int fringe__lowest_resident(uintptr_t lo, uintptr_t hi, uintptr_t *out)
{
	size_t page = fringe__page_size();
	PSAPI_WORKING_SET_EX_INFORMATION info[64];
	uintptr_t p = lo;

	while (p < hi) {
		size_t n = (hi - p) / page, i;

		if (n > sizeof info / sizeof info[0])
			n = sizeof info / sizeof info[0];
		for (i = 0; i < n; i++)
			info[i].VirtualAddress = (void *)(p + i * page);
		if (!K32QueryWorkingSetEx(GetCurrentProcess(), info,
					  (DWORD)(n * sizeof info[0])))
			return -EINVAL;
		for (i = 0; i < n; i++) {
			if (info[i].VirtualAttributes.Valid) {
				*out = p + i * page;
				return 0;
			}
		}
		p += n * page;
	}
	*out = hi;
	return 0;
}

/* ---- contexts ------------------------------------------------------------- */

/*
 * A context made on a stack of ours describes it to the system as a
 * thread stack: the reservation, the lowest committed page, and the
 * guarantee.  (On caller memory the backend's own description stands:
 * all of it committed, nothing guaranteed.)
 */
void fringe__os_context_made(const struct fringe_stack *stack, void *sp)
{
	size_t page = fringe__page_size();
	char *s = sp;

	if (stack->kind != FRINGE_STACK_MAPPED)
		return;
	/* All usable pages are committed: the limit is the lowest. */
	*(void **)(s + SAVE_TEB_DEALLOC) =
		(char *)stack->base - GUARANTEE - page;
	*(void **)(s + SAVE_TEB_LIMIT) = stack->base;
	*(uint32_t *)(s + SAVE_TEB_GUARANTEE) = (uint32_t)GUARANTEE;
}

/* ---- messages and locks -------------------------------------------------- */

void fringe__write_error(const char *s, size_t n)
{
	HANDLE err = GetStdHandle(STD_ERROR_HANDLE);
	DWORD done;

	if (err != NULL && err != INVALID_HANDLE_VALUE)
		(void)WriteFile(err, s, (DWORD)n, &done, NULL);
}

_Static_assert(sizeof(fringe_lock) == sizeof(SRWLOCK),
	       "fringe_lock holds an SRWLOCK");

int fringe__lock_init(fringe_lock *lock)
{
	InitializeSRWLock((SRWLOCK *)lock);
	return 0;
}

void fringe__lock(fringe_lock *lock)
{
	AcquireSRWLockExclusive((SRWLOCK *)lock);
}

void fringe__unlock(fringe_lock *lock)
{
	ReleaseSRWLockExclusive((SRWLOCK *)lock);
}

/* ---- the C++ runtime ------------------------------------------------------ */

/*
 * The first loaded module that exports __cxa_get_globals (libstdc++ or
 * libc++ as a DLL), looked for once.  A C++ runtime linked statically
 * into the program exports nothing: such a program's generators share
 * the thread's exception state, as under FRINGE_GENERATOR_SHARE_EH.
 */
static fringe_cxa_globals_fn find_cxa_get_globals(void)
{
	HMODULE modules[256];
	DWORD needed = 0, i, n;

	if (!K32EnumProcessModules(GetCurrentProcess(), modules,
				   (DWORD)sizeof modules, &needed))
		return NULL;
	n = needed / (DWORD)sizeof modules[0];
	if (n > sizeof modules / sizeof modules[0])
		n = sizeof modules / sizeof modules[0];
	for (i = 0; i < n; i++) {
		FARPROC f = GetProcAddress(modules[i], "__cxa_get_globals");

		if (f != NULL) {
			fringe_cxa_globals_fn fn;

			/* FARPROC is a function pointer of another type. */
			_Static_assert(sizeof fn == sizeof f, "function pointers");
			memcpy(&fn, &f, sizeof fn);
			return fn;
		}
	}
	return NULL;
}

fringe_cxa_globals_fn fringe__os_cxa_get_globals(void)
{
	static fringe_cxa_globals_fn found;
	static int state; /* 0: not looked for, 1: looking, 2: done */
	int s = __atomic_load_n(&state, __ATOMIC_ACQUIRE);

	if (FRINGE_LIKELY(s == 2))
		return found;
	if (s == 0 && __atomic_compare_exchange_n(&state, &s, 1, 0,
						  __ATOMIC_ACQ_REL,
						  __ATOMIC_ACQUIRE)) {
		found = find_cxa_get_globals();
		__atomic_store_n(&state, 2, __ATOMIC_RELEASE);
		return found;
	}
	/* Another thread is looking: its answer will be the same. */
	return find_cxa_get_globals();
}

/* ---- the overflow handler -------------------------------------------------- */

static SRWLOCK install_lock = SRWLOCK_INIT;
static void *handler_cookie;

static LONG CALLBACK overflow_handler(EXCEPTION_POINTERS *ep)
{
	const EXCEPTION_RECORD *rec = ep->ExceptionRecord;
	size_t page = fringe__page_size();
	const void *addr;
	void *base, *limit;

	if (rec->ExceptionCode != STATUS_STACK_OVERFLOW &&
	    rec->ExceptionCode != STATUS_ACCESS_VIOLATION &&
	    rec->ExceptionCode != STATUS_GUARD_PAGE_VIOLATION)
		return EXCEPTION_CONTINUE_SEARCH;
	/* The faulting address where the record has one, else the stack
	 * pointer, which lies in the last pages of an exhausted stack. */
	if (rec->NumberParameters >= 2)
		addr = (const void *)rec->ExceptionInformation[1];
	else
		addr = (const void *)ep->ContextRecord->Rsp;
	if (fringe__generator_overflowed(addr,
					 FRINGE_OVERFLOW_REACH_PAGES * page,
					 &base, &limit))
		fringe__overflow_report(base, limit);
	return EXCEPTION_CONTINUE_SEARCH;
}

int fringe__os_overflow_install(void)
{
	int rc = 0;

	AcquireSRWLockExclusive(&install_lock);
	if (handler_cookie == NULL) {
		HMODULE self;

		/* The handler lives in this DLL: it stays loaded. */
		GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS |
					   GET_MODULE_HANDLE_EX_FLAG_PIN,
				   (LPCWSTR)(void *)&handler_cookie, &self);
		handler_cookie = AddVectoredExceptionHandler(1, overflow_handler);
		if (handler_cookie == NULL)
			rc = -ENOMEM;
		else
			__atomic_store_n(&fringe__overflow_armed, 1,
					 __ATOMIC_RELEASE);
	}
	fringe__thread.overflow_ready = 1;
	ReleaseSRWLockExclusive(&install_lock);
	return rc;
}

/* A vectored handler runs on the faulting stack: threads need nothing. */
void fringe__os_overflow_thread_setup(void)
{
	fringe__thread.overflow_ready = 1;
}

int fringe__os_on_handler_stack(uintptr_t addr)
{
	(void)addr;
	return 0;
}

/* ---- exceptions that leave a context ------------------------------------- */

/*
 * The exception handler of every context's root frame (the backend's
 * .seh_handler).  Exception dispatch reaches it when nothing inside the
 * context handles an exception; the frames beyond it belong to the
 * resumer, outside the stack the TEB describes, where dispatch would stop
 * without a word.  Say so, let the system's unhandled-exception filter
 * (a debugger, a crash report) see the exception, and end the process
 * with its code.
 */
EXCEPTION_DISPOSITION fringe__root_exception(EXCEPTION_RECORD *rec,
					     void *frame, CONTEXT *ctx,
					     void *dispatch);
EXCEPTION_DISPOSITION fringe__root_exception(EXCEPTION_RECORD *rec,
					     void *frame, CONTEXT *ctx,
					     void *dispatch)
{
	static const char msg[] = "libfringe-c: an exception was not handled "
				  "inside a context or generator: ending the "
				  "process\n";
	EXCEPTION_POINTERS ep;

	(void)frame;
	(void)dispatch;
	if (rec->ExceptionFlags & (EXCEPTION_UNWINDING | EXCEPTION_EXIT_UNWIND))
		return ExceptionContinueSearch;
	fringe__write_error(msg, sizeof msg - 1);
	ep.ExceptionRecord = rec;
	ep.ContextRecord = ctx;
	UnhandledExceptionFilter(&ep);
	TerminateProcess(GetCurrentProcess(),
			 rec->ExceptionCode != 0 ? rec->ExceptionCode : 3);
	return ExceptionContinueSearch;
}

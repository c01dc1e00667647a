/*
 * fringe-tests.h - what the Check suites share.  Each suite file defines
 * one make_*_suite() function; main.c runs them all.  Include config.h
 * first and this header after the system headers (V() and U() are
 * short names).
 */
#ifndef FRINGE_TESTS_H
#define FRINGE_TESTS_H

#include <check.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fringe.h"

#ifdef __cplusplus
extern "C" {
#endif

Suite *make_stack_suite(void);
Suite *make_generator_suite(void);
Suite *make_context_suite(void);
Suite *make_errors_suite(void);
Suite *make_registers_suite(void);
Suite *make_backtrace_suite(void);
Suite *make_pool_suite(void);
Suite *make_pool_threads_suite(void);
Suite *make_cancel_suite(void);
Suite *make_overflow_suite(void);
Suite *make_fpenv_suite(void);
Suite *make_threads_suite(void);
Suite *make_signals_suite(void);
Suite *make_highwater_suite(void);

/*
 * Skipping.  A test that cannot run here says why and is reported as
 * skipped, never as passed (skip.c):
 *
 *   SKIP_TEST("no flush-to-zero mode on %s", cpu);   inside a test: records
 *                                                    the skip and returns;
 *   fringe_skip("name", "reason")                    where a suite leaves a
 *                                                    test out when it builds.
 */
#define SKIP_TEST(...)                                                       \
	do {                                                                 \
		fringe_skip(tcase_name(), __VA_ARGS__);                      \
		return;                                                      \
	} while (0)

void fringe_skip(const char *name, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The test runs under Valgrind (always 0 without its headers). */
int fringe_under_valgrind(void);
/* Inside a test: skip it under Valgrind, saying why it cannot run there. */
#define SKIP_UNDER_VALGRIND(why)                                             \
	do {                                                                 \
		if (fringe_under_valgrind())                                 \
			SKIP_TEST("%s", why);                                \
	} while (0)

/* Check's fork mode is on: tests whose process must die need it. */
int check_forks(void);
#ifdef _WIN32
#define NEEDS_FORK "needs Check's fork mode, which Windows does not have"
#else
#define NEEDS_FORK "needs Check's fork mode (CK_FORK=no here)"
#endif
/* Add a test that must die of `signal` where Check forks; skip it where it
 * does not.  On Windows, where Check never forks, the test runs alone in
 * a fresh run of the test program (tests/child-windows.c). */
#ifdef _WIN32
void fringe_add_dying_test(TCase *tc, const TTest *test, int signal);
#define ADD_SIGNAL_TEST(tc, test, signal)                                    \
	fringe_add_dying_test(tc, test, signal)
#else
#define ADD_SIGNAL_TEST(tc, test, signal)                                    \
	do {                                                                 \
		if (check_forks())                                           \
			tcase_add_test_raise_signal(tc, test, signal);       \
		else                                                         \
			fringe_skip(#test, "%s", NEEDS_FORK);                \
	} while (0)
#endif

/* A value as a generator's pointer-sized input or output, and back. */
#ifdef __cplusplus
#define V(x) reinterpret_cast<void *>(static_cast<uintptr_t>(x))
#else
#define V(x) ((void *)(uintptr_t)(x))
#endif
#define U(p) ((uintptr_t)(p))

/*
 * The kinds of generator, by the flags that create them: a test of what
 * every kind must do is a loop test over them,
 *
 *   tcase_add_loop_test(tc, test, 0, FRINGE_NKINDS);
 *
 * and creates its generators with fringe_kinds[_i].  fringe_kind_name()
 * names a set of flags for messages ("0", "SHARE_FPENV", ...).
 */
#define FRINGE_NKINDS 2
extern const unsigned int fringe_kinds[FRINGE_NKINDS];
const char *fringe_kind_name(unsigned int flags);

/*
 * Generators created with FRINGE_GENERATOR_SHARE_FPENV leave the
 * floating-point control modes to the thread (a mode one side sets is
 * seen by the other) where the backend switches generators itself; the
 * ucontext backend and builds with the address or thread sanitizer keep
 * the modes apart whatever the flag.  The condition is the library's own
 * for its own generator switch (lib/fringe-internal.h).
 */
#if defined(FRINGE_NATIVE_GENERATORS)
#define FRINGE_TEST_SHARES_FPENV 1
#else
#define FRINGE_TEST_SHARES_FPENV 0
#endif

/* The tests run under an emulator (a cross build's), whose own system
 * calls and memory mappings mix with the process's. */
int fringe_emulated(void);

/* Built with AddressSanitizer or ThreadSanitizer, whose runtimes make
 * system calls and memory mappings of their own (ASan checks for an
 * alternate signal stack with sigaltstack(2)). */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define FRINGE_TEST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define FRINGE_TEST_SANITIZED 1
#endif
#endif
#ifndef FRINGE_TEST_SANITIZED
#define FRINGE_TEST_SANITIZED 0
#endif

/* The page size (aborts if the system does not say). */
size_t fringe_page_size(void);
#ifdef __linux__
/* The number of memory mappings of this process (/proc/self/maps). */
long fringe_count_mappings(void);
#endif

/* The runners (runner.c): call the first before building the suites;
 * the second runs them, reports, and returns the exit status. */
void fringe_runner_start(const char *name);
int fringe_runner_run(SRunner *runner);

/* For the runner: create the record, count and print its lines. */
int fringe_skips_open(void);
int fringe_skips_count(void);
void fringe_skips_print(FILE *out);

#ifdef __cplusplus
}
#endif

#endif /* FRINGE_TESTS_H */

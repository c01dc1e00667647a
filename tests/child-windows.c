/*
 * child-windows.c - run_in_child() on Windows (tests/child.h), where
 * there is no fork(): the test program runs again, told through the
 * environment which function to run and with what argument; main() sees
 * that first thing (fringe_test_child_main()), runs the function, and
 * exits.  The function is named by its offset in the program's image, so
 * that it is found whatever address the image loads at; the argument is
 * passed by value, as an integer: it cannot point into the parent's
 * memory.  The child's standard error goes to a temporary file, which the
 * parent reads once the child has ended.  Its exit code is what Windows
 * reports: abort() gives 3, an unhandled exception its code (such as
 * 0xc00000fd for a stack overflow).
 *
 * The tests that must die of a signal where Check forks
 * (ADD_SIGNAL_TEST) run the same way: the child runs that one test under
 * a runner of its own, and the parent expects the exit code that the
 * signal's cause gives on Windows.
 */
#include "config.h"

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include <check.h>

#include "child.h"
#include "fringe-tests.h"

#define CHILD_ENV "FRINGE_TEST_CHILD"

void fringe_test_child_main(void)
{
	const char *spec = getenv(CHILD_ENV);
	unsigned long long rva, arg;
	void (*fn)(void *);
	uintptr_t at;

	if (spec == NULL || sscanf(spec, "%llx:%llx", &rva, &arg) != 2)
		return;
	at = (uintptr_t)GetModuleHandleA(NULL) + (uintptr_t)rva;
	memcpy(&fn, &at, sizeof fn);
	fn((void *)(uintptr_t)arg);
	fflush(NULL);
	exit(0);
}

void run_in_child(void (*fn)(void *), void *arg, struct child_result *r)
{
	SECURITY_ATTRIBUTES inherit = {sizeof inherit, NULL, TRUE};
	char exe[MAX_PATH], cmd[MAX_PATH + 3], dir[MAX_PATH], path[MAX_PATH];
	char spec[64];
	STARTUPINFOA si;
	PROCESS_INFORMATION pi;
	HANDLE err;
	DWORD code = 0, got = 0;
	uintptr_t at;
	BOOL ok;

	memset(r, 0, sizeof *r);
	memcpy(&at, &fn, sizeof at);
	snprintf(spec, sizeof spec, "%llx:%llx",
		 (unsigned long long)(at - (uintptr_t)GetModuleHandleA(NULL)),
		 (unsigned long long)(uintptr_t)arg);
	ck_assert_uint_gt(GetModuleFileNameA(NULL, exe, sizeof exe), 0);
	snprintf(cmd, sizeof cmd, "\"%s\"", exe);
	ck_assert_uint_gt(GetTempPathA(sizeof dir, dir), 0);
	ck_assert_uint_gt(GetTempFileNameA(dir, "frc", 0, path), 0);
	err = CreateFileA(path, GENERIC_READ | GENERIC_WRITE,
			  FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
			  &inherit, CREATE_ALWAYS,
			  FILE_ATTRIBUTE_TEMPORARY | FILE_FLAG_DELETE_ON_CLOSE,
			  NULL);
	ck_assert(err != INVALID_HANDLE_VALUE);

	memset(&si, 0, sizeof si);
	si.cb = sizeof si;
	si.dwFlags = STARTF_USESTDHANDLES;
	si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
	si.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
	si.hStdError = err;
	fflush(NULL);
	ck_assert(SetEnvironmentVariableA(CHILD_ENV, spec));
	ok = CreateProcessA(exe, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi);
	SetEnvironmentVariableA(CHILD_ENV, NULL);
	ck_assert_msg(ok, "CreateProcess failed: %lu", GetLastError());
	WaitForSingleObject(pi.hProcess, INFINITE);
	ck_assert(GetExitCodeProcess(pi.hProcess, &code));
	CloseHandle(pi.hThread);
	CloseHandle(pi.hProcess);

	SetFilePointer(err, 0, NULL, FILE_BEGIN);
	if (!ReadFile(err, r->err, (DWORD)sizeof r->err - 1, &got, NULL))
		got = 0;
	r->err[got] = '\0';
	CloseHandle(err);
	r->exited = 1;
	r->code = (int)code;
}

/* ---- tests that must die ------------------------------------------------- */

#define MAX_DYING 32

static struct {
	const TTest *test;
	int signal;
} dying[MAX_DYING];
static int n_dying;

/* In the child: run the test whose TTest lies at offset `arg` of the
 * image, alone; exit 0 if it passes, 1 if it fails (it should die). */
static void run_one_test(void *arg)
{
	uintptr_t at = (uintptr_t)GetModuleHandleA(NULL) + (uintptr_t)arg;
	const TTest *test;
	Suite *s = suite_create("child");
	TCase *tc = tcase_create("child");
	SRunner *sr;
	int failed;

	memcpy(&test, &at, sizeof test);
	tcase_add_test(tc, test);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_SILENT);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	exit(failed == 0 ? 0 : 1);
}

/* The exit codes that stand for `signal` on Windows. */
static int dies_of(unsigned code, int signal)
{
	switch (signal) {
	case SIGABRT:
		return code == 3;
	case SIGSEGV:
		return code == 0xc0000005u     /* access violation */
		       || code == 0x80000001u  /* guard page */
		       || code == 0xc00000fdu; /* stack overflow */
	default:
		return 0;
	}
}

START_TEST(dying_test)
{
	struct child_result r;
	const TTest *test = dying[_i].test;
	uintptr_t at;

	memcpy(&at, &test, sizeof at);
	run_in_child(run_one_test,
		     (void *)(at - (uintptr_t)GetModuleHandleA(NULL)), &r);
	ck_assert_msg(dies_of((unsigned)r.code, dying[_i].signal),
		      "%s: the test's process ended with %#x, not as signal %d "
		      "would end it; stderr: %s",
		      test->name, (unsigned)r.code, dying[_i].signal, r.err);
}
END_TEST

void fringe_add_dying_test(TCase *tc, const TTest *test, int signal)
{
	/* Not an assertion: no test is running yet. */
	if (n_dying >= MAX_DYING) {
		fprintf(stderr, "child-windows.c: more than %d tests that die\n",
			MAX_DYING);
		exit(2);
	}
	dying[n_dying].test = test;
	dying[n_dying].signal = signal;
	tcase_add_loop_test(tc, dying_test, n_dying, n_dying + 1);
	n_dying++;
}

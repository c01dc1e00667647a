/*
 * check_overflow.c - the "overflow" suite.
 *
 * Area:        fringe_overflow_handler_install(): the diagnostic for stack
 *              overflows of generators, its alternate signal stacks, and how
 *              it passes other faults on.
 *
 * Purpose:     Check what a user of the handler relies on: an overflow of a
 *              guarded generator stack, by deep recursion or by one frame
 *              larger than the guard page, ends the process with SIGABRT and
 *              the line "libfringe-c: stack overflow in generator (stack
 *              LO-HI)" naming exactly that stack, also for a nested
 *              generator and in a thread other than the installing one,
 *              and when the handler is installed by a running generator
 *              (a generator it then resumes, and itself from its next
 *              resume on);
 *              every other fault reaches the handler installed before (an
 *              SA_SIGINFO one, a plain one, the default action, SIG_IGN for
 *              a signal sent by a process), with no overflow message; the
 *              alternate signal stack exists, has a guard page, and is not
 *              imposed on a thread that has its own; installing twice is
 *              harmless; a failure to map the alternate stack is reported.
 *
 * Limitations: Every test runs its body in a forked child (child.c), since
 *              most end in a crash; the installation never leaks into other
 *              tests.  The large-frame test on a mapped stack needs the pages
 *              below the guard page to be unmapped, or the frame would
 *              silently land in whatever is mapped there (the documented
 *              limit of a guard page): it maps a PROT_NONE region there
 *              itself and is skipped when something else is there already;
 *              its twin on caller memory lays out all the memory itself and
 *              always runs.  A SIGBUS caused by a stack overflow cannot
 *              be provoked portably; SIGBUS is only checked to be passed on.
 *              Under Valgrind the crashing tests are skipped.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "child.h"
#include "fringe-tests.h"

#define NOINLINE __attribute__((noinline))

/* Exit codes of the children, besides 0. */
#define CHILD_INSTALL_FAILED 3
#define CHILD_RESUME_RETURNED 4
#define CHILD_SETUP_FAILED 5
#define CHILD_SKIP 77

/* A child that overflows its stack on purpose cannot run under memcheck,
 * which stops at the first invalid write. */
#define CRASHING_CHILD "a deliberately crashing child cannot run under " \
		       "Valgrind"

/* The message the handler must print for `stack`. */
static void expected_message(fringe_stack *stack, char *buf, size_t size)
{
	snprintf(buf, size,
		 "libfringe-c: stack overflow in generator (stack %p-%p)\n",
		 fringe_stack_base(stack), fringe_stack_limit(stack));
}

/* Assert that the child died of an overflow report naming `stack`. */
static void assert_overflow_report(const struct child_result *r,
				   fringe_stack *stack)
{
	char want[128];

	expected_message(stack, want, sizeof want);
	ck_assert_msg(!r->exited && r->signal == SIGABRT,
		      "the child %s %d, expected SIGABRT; stderr: %s",
		      r->exited ? "exited with" : "was killed by signal",
		      r->exited ? r->code : r->signal, r->err);
	ck_assert_msg(strstr(r->err, want) != NULL,
		      "expected \"%s\" on stderr, got \"%s\"", want, r->err);
}

static void assert_no_report(const struct child_result *r)
{
	ck_assert_msg(strstr(r->err, "stack overflow") == NULL,
		      "unexpected overflow report: %s", r->err);
}

/* Assert that the child exited with `code` (`exited`) or was killed by
 * signal `code` (!`exited`). */
static void assert_ended(const struct child_result *r, int exited, int code)
{
	ck_assert_msg(exited ? r->exited && r->code == code
			     : !r->exited && r->signal == code,
		      "status %d/%d, stderr: %s", r->code, r->signal, r->err);
}

/* Run child(stack) in a child process, on a new stack of `size` bytes,
 * and assert that it died of an overflow report naming that stack. */
static void expect_overflow(void (*child)(void *), size_t size)
{
	struct child_result r;
	fringe_stack *stack;

	ck_assert_int_eq(fringe_stack_create(&stack, size), 0);
	run_in_child(child, stack, &r);
	assert_overflow_report(&r, stack);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}

/* Run child(stack) in a child process, on a new stack of `size` bytes,
 * and assert how it ended (see assert_ended()), that it wrote `said` to
 * stderr (unless NULL) and that no overflow was reported. */
static void expect_no_overflow(void (*child)(void *), size_t size,
			       int exited, int code, const char *said)
{
	struct child_result r;
	fringe_stack *stack;

	ck_assert_int_eq(fringe_stack_create(&stack, size), 0);
	run_in_child(child, stack, &r);
	assert_ended(&r, exited, code);
	if (said != NULL)
		ck_assert_ptr_ne(strstr(r.err, said), NULL);
	assert_no_report(&r);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}

/* ------------------------------------------------------------------------
 * What the generators in the children do
 * ------------------------------------------------------------------------ */

/* Recursion deep enough for any stack in these tests.  The depth comes
 * from a volatile so that the compiler sees no infinite recursion. */
static volatile unsigned long max_depth = 100000000;

static NOINLINE unsigned long recurse(unsigned long depth)
{
	volatile char frame[192];

	frame[0] = (char)depth;
	if (depth >= max_depth)
		return frame[0];
	return recurse(depth + 1) + (unsigned long)frame[0];
}

/* One frame of `size` bytes, touched at its lowest address first. */
static NOINLINE int big_frame(size_t size)
{
	volatile char frame[size];

	frame[0] = 1;
	frame[size - 1] = 2;
	return frame[0] + frame[size - 1];
}

static void *recurse_fn(fringe_yielder *y, void *input, void *userdata)
{
	(void)y;
	(void)input;
	(void)userdata;
	return V(recurse(0));
}

static void *big_frame_fn(fringe_yielder *y, void *input, void *userdata)
{
	(void)y;
	(void)input;
	return V(big_frame((size_t)(uintptr_t)userdata));
}

/* Writes to `userdata`, an inaccessible page (see no_access_page()). */
static void *bad_write_fn(fringe_yielder *y, void *input, void *userdata)
{
	volatile int *nowhere = userdata;

	(void)y;
	(void)input;
	*nowhere = 1;
	return NULL;
}

/* A page that faults when written: a wild pointer, not an overflow. */
static void *no_access_page(void)
{
	void *page = mmap(NULL, fringe_page_size(), PROT_NONE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (page == MAP_FAILED)
		_exit(CHILD_SETUP_FAILED);
	return page;
}

static void *raise_segv_fn(fringe_yielder *y, void *input, void *userdata)
{
	(void)y;
	(void)input;
	(void)userdata;
	raise(SIGSEGV);
	return V(1);
}

/* Run fn on `stack` in the calling (child) process; never returns. */
static void run_generator(fringe_stack *stack, fringe_generator_fn fn,
			  void *userdata)
{
	fringe_generator *gen;
	void *out = NULL;

	if (fringe_generator_create(&gen, stack, fn, userdata) != 0)
		_exit(CHILD_SETUP_FAILED);
	if (fringe_generator_resume(gen, NULL, &out) < 0)
		_exit(CHILD_SETUP_FAILED);
	if (fringe_generator_destroy(gen) != 0)
		_exit(CHILD_SETUP_FAILED);
	_exit(out == V(1) ? 0 : CHILD_RESUME_RETURNED);
}

static void install_or_exit(void)
{
	if (fringe_overflow_handler_install() != 0)
		_exit(CHILD_INSTALL_FAILED);
}

/* ------------------------------------------------------------------------
 * Overflows
 * ------------------------------------------------------------------------ */

static void child_recursion(void *arg)
{
	install_or_exit();
	run_generator(arg, recurse_fn, NULL);
}

START_TEST(test_deep_recursion)
{
	SKIP_UNDER_VALGRIND(CRASHING_CHILD);
	expect_overflow(child_recursion, 16 * 1024);
}
END_TEST

/* The same on a minimum-size stack: the handler needs none of it. */
START_TEST(test_deep_recursion_min_stack)
{
	SKIP_UNDER_VALGRIND(CRASHING_CHILD);
	expect_overflow(child_recursion, FRINGE_STACK_MIN_SIZE);
}
END_TEST

/* Without the handler the overflow is still no silent corruption: the
 * guard page kills the process with SIGSEGV. */
static void child_recursion_no_handler(void *arg)
{
	run_generator(arg, recurse_fn, NULL);
}

START_TEST(test_overflow_without_handler)
{
	SKIP_UNDER_VALGRIND(CRASHING_CHILD);
	expect_no_overflow(child_recursion_no_handler, 16 * 1024, 0, SIGSEGV,
			   NULL);
}
END_TEST

/*
 * One frame half a page larger than the whole stack plus its guard page:
 * its lowest byte lies below the guard page, which it skips.  When nothing
 * is mapped there the fault is still reported (the handler looks a few
 * pages below a stack); the child maps an inaccessible region there to be
 * sure nothing is.
 */
struct big_frame_arg {
	fringe_stack *stack;
	size_t frame;
};

static void child_big_frame(void *arg)
{
	struct big_frame_arg *a = arg;
	size_t page = fringe_page_size(), size = 4 * page;
	char *guard = (char *)fringe_stack_base(a->stack) - page;
	void *want = guard - size, *got;
	int flags = MAP_PRIVATE | MAP_ANONYMOUS;

#ifdef MAP_FIXED_NOREPLACE
	flags |= MAP_FIXED_NOREPLACE;
#endif
	got = mmap(want, size, PROT_NONE, flags, -1, 0);
	if (got != want) {
		fputs("cannot map below the guard page\n", stderr);
		_exit(CHILD_SKIP);
	}
	install_or_exit();
	run_generator(a->stack, big_frame_fn, V(a->frame));
}

START_TEST(test_large_frame)
{
	struct big_frame_arg a;
	struct child_result r;
	size_t page = fringe_page_size();

	SKIP_UNDER_VALGRIND(CRASHING_CHILD);
	ck_assert_int_eq(fringe_stack_create(&a.stack, 4 * page), 0);
	a.frame = fringe_stack_size(a.stack) + page + page / 2;
	run_in_child(child_big_frame, &a, &r);
	if (r.exited && r.code == CHILD_SKIP) {
		ck_assert_int_eq(fringe_stack_destroy(a.stack), 0);
		SKIP_TEST("%s", r.err);
	}
	assert_overflow_report(&r, a.stack);
	ck_assert_int_eq(fringe_stack_destroy(a.stack), 0);
}
END_TEST

/*
 * The same with the layout under the test's control: a stack on caller
 * memory, with an inaccessible guard page and more inaccessible pages
 * below it, as a program that guards its own stacks would map them.
 */
static void child_big_frame_caller(void *arg)
{
	struct big_frame_arg *a = arg;

	install_or_exit();
	run_generator(a->stack, big_frame_fn, V(a->frame));
}

START_TEST(test_large_frame_caller_memory)
{
	struct big_frame_arg a;
	struct child_result r;
	size_t page = fringe_page_size(), below = 5 * page, usable = 4 * page;
	char *map;

	SKIP_UNDER_VALGRIND(CRASHING_CHILD);
	map = mmap(NULL, below + usable, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(map, MAP_FAILED);
	ck_assert_int_eq(mprotect(map, below, PROT_NONE), 0);
	ck_assert_int_eq(fringe_stack_create_on(&a.stack, map + below, usable),
			 0);
	/* From near the top of the stack to two pages below its base. */
	a.frame = usable + 2 * page;
	run_in_child(child_big_frame_caller, &a, &r);
	assert_overflow_report(&r, a.stack);
	ck_assert_int_eq(fringe_stack_destroy(a.stack), 0);
	ck_assert_int_eq(munmap(map, below + usable), 0);
}
END_TEST

/* An inner generator, resumed by an outer one, overflows: the report
 * names the inner generator's stack. */
struct nested_arg {
	fringe_stack *outer, *inner;
};

static void *outer_fn(fringe_yielder *y, void *input, void *userdata)
{
	struct nested_arg *a = userdata;
	fringe_generator *inner;

	(void)y;
	(void)input;
	if (fringe_generator_create(&inner, a->inner, recurse_fn, NULL) != 0)
		_exit(CHILD_SETUP_FAILED);
	(void)fringe_generator_resume(inner, NULL, NULL);
	_exit(CHILD_RESUME_RETURNED);
}

static void child_nested(void *arg)
{
	struct nested_arg *a = arg;

	install_or_exit();
	run_generator(a->outer, outer_fn, a);
}

/* Run child(a) in a child process, with a->outer and a->inner new
 * stacks, and assert that it died of an overflow report naming the inner
 * one. */
static void expect_nested_overflow(void (*child)(void *))
{
	struct nested_arg a;
	struct child_result r;

	ck_assert_int_eq(fringe_stack_create(&a.outer, 0), 0);
	ck_assert_int_eq(fringe_stack_create(&a.inner, 16 * 1024), 0);
	run_in_child(child, &a, &r);
	assert_overflow_report(&r, a.inner);
	ck_assert_int_eq(fringe_stack_destroy(a.inner), 0);
	ck_assert_int_eq(fringe_stack_destroy(a.outer), 0);
}

START_TEST(test_nested_overflow)
{
	SKIP_UNDER_VALGRIND(CRASHING_CHILD);
	expect_nested_overflow(child_nested);
}
END_TEST

/*
 * The handler is installed by a generator that is running already: the
 * library keeps its thread's list of running generators only from then
 * on.  A generator resumed from there (a nested one) is in the list at
 * once; the installing generator joins it at its next resume.
 */
static void *install_then_nest_fn(fringe_yielder *y, void *input,
				  void *userdata)
{
	(void)y;
	(void)input;
	install_or_exit();
	return outer_fn(y, input, userdata);
}

static void child_install_inside(void *arg)
{
	struct nested_arg *a = arg;

	run_generator(a->outer, install_then_nest_fn, a);
}

START_TEST(test_install_inside_generator_nested)
{
	SKIP_UNDER_VALGRIND(CRASHING_CHILD);
	expect_nested_overflow(child_install_inside);
}
END_TEST

/* Installs the handler, yields, and overflows once resumed again. */
static void *install_yield_recurse_fn(fringe_yielder *y, void *input,
				      void *userdata)
{
	(void)input;
	(void)userdata;
	install_or_exit();
	if (fringe_generator_yield(y, NULL, NULL) != 0)
		_exit(CHILD_SETUP_FAILED);
	return V(recurse(0));
}

static void child_install_then_resume(void *arg)
{
	fringe_generator *gen;

	if (fringe_generator_create(&gen, arg, install_yield_recurse_fn,
				    NULL) != 0 ||
	    fringe_generator_resume(gen, NULL, NULL) != FRINGE_YIELDED)
		_exit(CHILD_SETUP_FAILED);
	(void)fringe_generator_resume(gen, NULL, NULL);
	_exit(CHILD_RESUME_RETURNED);
}

START_TEST(test_install_inside_generator_next_resume)
{
	SKIP_UNDER_VALGRIND(CRASHING_CHILD);
	expect_overflow(child_install_then_resume, 16 * 1024);
}
END_TEST

/* A thread started after the installation gets its alternate signal
 * stack on its first resume. */
static void *overflow_thread(void *arg)
{
	run_generator(arg, recurse_fn, NULL);
	return NULL;
}

static void child_thread(void *arg)
{
	pthread_t thread;

	install_or_exit();
	if (pthread_create(&thread, NULL, overflow_thread, arg) != 0)
		_exit(CHILD_SETUP_FAILED);
	pthread_join(thread, NULL);
	_exit(CHILD_RESUME_RETURNED);
}

START_TEST(test_overflow_in_other_thread)
{
	SKIP_UNDER_VALGRIND(CRASHING_CHILD);
	expect_overflow(child_thread, 16 * 1024);
}
END_TEST

/* ------------------------------------------------------------------------
 * Other faults go to the previous handler
 * ------------------------------------------------------------------------ */

static void previous_segv(int sig, siginfo_t *info, void *uc)
{
	static const char msg[] = "previous SIGSEGV handler\n";
	ssize_t unused;

	(void)info;
	(void)uc;
	unused = write(STDERR_FILENO, msg, sizeof msg - 1);
	(void)unused;
	_exit(sig == SIGSEGV ? 42 : 1);
}

static void child_chain_siginfo(void *arg)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = previous_segv;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSEGV, &sa, NULL) != 0)
		_exit(CHILD_SETUP_FAILED);
	install_or_exit();
	run_generator(arg, bad_write_fn, no_access_page());
}

START_TEST(test_chain_siginfo_handler)
{
	SKIP_UNDER_VALGRIND(CRASHING_CHILD);
	expect_no_overflow(child_chain_siginfo, 0, 1, 42,
			   "previous SIGSEGV handler");
}
END_TEST

/* A plain (not SA_SIGINFO) SIGBUS handler gets a real SIGBUS: a page of
 * a file mapping that lies past the end of the file. */
static void previous_bus(int sig)
{
	static const char msg[] = "previous SIGBUS handler\n";
	ssize_t unused;

	unused = write(STDERR_FILENO, msg, sizeof msg - 1);
	(void)unused;
	_exit(sig == SIGBUS ? 43 : 1);
}

static void *bus_fn(fringe_yielder *y, void *input, void *userdata)
{
	volatile char *past_end = userdata;

	(void)y;
	(void)input;
	*past_end = 1;
	return NULL;
}

static void child_chain_plain_bus(void *arg)
{
	struct sigaction sa;
	FILE *file = tmpfile();
	void *map;

	if (file == NULL)
		_exit(CHILD_SETUP_FAILED);
	/* Keep the file mapping well away from the generator's stack (new
	 * mappings tend to go right below the last ones): qemu-arm reports
	 * this SIGBUS one page above the faulting address. */
	if (mmap(NULL, 32 * fringe_page_size(), PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
		 -1, 0) == MAP_FAILED)
		_exit(CHILD_SETUP_FAILED);
	map = mmap(NULL, fringe_page_size(), PROT_READ | PROT_WRITE, MAP_SHARED,
		   fileno(file), 0);
	if (map == MAP_FAILED)
		_exit(CHILD_SETUP_FAILED);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = previous_bus;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGBUS, &sa, NULL) != 0)
		_exit(CHILD_SETUP_FAILED);
	install_or_exit();
	run_generator(arg, bus_fn, map);
}

START_TEST(test_chain_plain_bus_handler)
{
	SKIP_UNDER_VALGRIND(CRASHING_CHILD);
	expect_no_overflow(child_chain_plain_bus, 0, 1, 43,
			   "previous SIGBUS handler");
}
END_TEST

/* No previous handler: the default action, as if ours were not there. */
static void child_chain_default(void *arg)
{
	install_or_exit();
	run_generator(arg, bad_write_fn, no_access_page());
}

START_TEST(test_chain_default)
{
	SKIP_UNDER_VALGRIND(CRASHING_CHILD);
	expect_no_overflow(child_chain_default, 0, 0, SIGSEGV, NULL);
}
END_TEST

static void ignore_segv_or_exit(void)
{
	if (signal(SIGSEGV, SIG_IGN) == SIG_ERR)
		_exit(CHILD_SETUP_FAILED);
}

/* SIGSEGV ignored before: a SIGSEGV sent by a process stays ignored. */
static void child_chain_ignored(void *arg)
{
	ignore_segv_or_exit();
	install_or_exit();
	run_generator(arg, raise_segv_fn, NULL);
}

START_TEST(test_chain_ignored_sent_signal)
{
	expect_no_overflow(child_chain_ignored, 0, 1, 0, NULL);
}
END_TEST

/* ...but a fault cannot be ignored: it gets the default action. */
static void child_chain_ignored_fault(void *arg)
{
	ignore_segv_or_exit();
	child_chain_default(arg);
}

START_TEST(test_chain_ignored_fault)
{
	SKIP_UNDER_VALGRIND(CRASHING_CHILD);
	expect_no_overflow(child_chain_ignored_fault, 0, 0, SIGSEGV, NULL);
}
END_TEST

/* ------------------------------------------------------------------------
 * Installation and alternate signal stacks
 * ------------------------------------------------------------------------ */

/* Installing twice is harmless, and the calling thread gets an alternate
 * signal stack of a useful size. */
static void child_install_twice(void *arg)
{
	stack_t ss;

	(void)arg;
	if (fringe_overflow_handler_install() != 0 ||
	    fringe_overflow_handler_install() != 0)
		_exit(CHILD_INSTALL_FAILED);
	if (sigaltstack(NULL, &ss) != 0 || (ss.ss_flags & SS_DISABLE))
		_exit(10);
	if (ss.ss_size < 64 * 1024)
		_exit(11);
}

START_TEST(test_install_twice)
{
	struct child_result r;

	run_in_child(child_install_twice, NULL, &r);
	assert_ended(&r, 1, 0);
}
END_TEST

/* The page below the alternate signal stack is a guard page: touching it
 * faults (and, not being a generator's, gets the default action). */
static void child_altstack_guard(void *arg)
{
	stack_t ss;

	(void)arg;
	install_or_exit();
	if (sigaltstack(NULL, &ss) != 0 || (ss.ss_flags & SS_DISABLE))
		_exit(10);
	((volatile char *)ss.ss_sp)[-1] = 1;
	_exit(11);
}

START_TEST(test_altstack_guarded)
{
	struct child_result r;

	SKIP_UNDER_VALGRIND(CRASHING_CHILD);
	run_in_child(child_altstack_guard, NULL, &r);
	assert_ended(&r, 0, SIGSEGV);
	assert_no_report(&r);
}
END_TEST

/* A thread with its own alternate signal stack keeps it; one without gets
 * one on its first resume. */
static void *yield_fn(fringe_yielder *y, void *input, void *userdata)
{
	(void)input;
	(void)userdata;
	(void)fringe_generator_yield(y, V(1), NULL);
	return V(1);
}

static void *altstack_thread(void *arg)
{
	fringe_stack *stack = arg;
	fringe_generator *gen;
	static char own[64 * 1024];
	stack_t ss, now;
	int before, rc = 0;

	before = sigaltstack(NULL, &now) == 0 && !(now.ss_flags & SS_DISABLE);
	if (stack == NULL) {
		/* this thread brings its own */
		memset(&ss, 0, sizeof ss);
		ss.ss_sp = own;
		ss.ss_size = sizeof own;
		if (sigaltstack(&ss, NULL) != 0)
			return V(20);
		if (fringe_stack_create(&stack, 0) != 0)
			return V(21);
	}
	if (fringe_generator_create(&gen, stack, yield_fn, NULL) != 0 ||
	    fringe_generator_resume(gen, NULL, NULL) != FRINGE_YIELDED ||
	    fringe_generator_destroy(gen) != 0)
		return V(22);
	if (sigaltstack(NULL, &now) != 0 || (now.ss_flags & SS_DISABLE))
		rc = 23; /* none after a resume */
	else if (arg == NULL && now.ss_sp != (void *)own)
		rc = 24; /* its own was replaced */
	else if (before)
		rc = 25; /* a new thread had one before its first resume */
	if (arg == NULL)
		(void)fringe_stack_destroy(stack);
	return V(rc);
}

static void child_thread_altstacks(void *arg)
{
	pthread_t thread;
	void *rc;

	install_or_exit();
	if (pthread_create(&thread, NULL, altstack_thread, arg) != 0)
		_exit(CHILD_SETUP_FAILED);
	if (pthread_join(thread, &rc) != 0)
		_exit(CHILD_SETUP_FAILED);
	if (rc != NULL)
		_exit((int)(uintptr_t)rc);
	if (pthread_create(&thread, NULL, altstack_thread, NULL) != 0)
		_exit(CHILD_SETUP_FAILED);
	if (pthread_join(thread, &rc) != 0)
		_exit(CHILD_SETUP_FAILED);
	_exit((int)(uintptr_t)rc);
}

START_TEST(test_thread_altstacks)
{
	expect_no_overflow(child_thread_altstacks, 0, 1, 0, NULL);
}
END_TEST

/* No address space for the alternate signal stack: -ENOMEM, and a later
 * call succeeds once there is. */
static void child_install_enomem(void *arg)
{
	struct rlimit saved, tight;
	unsigned long pages = 0;
	FILE *statm = fopen("/proc/self/statm", "r");
	void *probe;
	int rc;

	(void)arg;
	if (statm == NULL) {
		fputs("no /proc/self/statm\n", stderr);
		_exit(CHILD_SKIP);
	}
	if (fscanf(statm, "%lu", &pages) != 1)
		_exit(CHILD_SETUP_FAILED);
	fclose(statm);
	if (getrlimit(RLIMIT_AS, &saved) != 0)
		_exit(CHILD_SETUP_FAILED);
	tight = saved;
	tight.rlim_cur = (rlim_t)pages * fringe_page_size() + fringe_page_size();
	if (setrlimit(RLIMIT_AS, &tight) != 0)
		_exit(CHILD_SETUP_FAILED);
	/* An emulator (qemu-user) may not apply the limit to itself. */
	probe = mmap(NULL, 64 * fringe_page_size(), PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (probe != MAP_FAILED) {
		munmap(probe, 64 * fringe_page_size());
		fputs("RLIMIT_AS is not enforced here\n", stderr);
		_exit(CHILD_SKIP);
	}
	rc = fringe_overflow_handler_install();
	if (setrlimit(RLIMIT_AS, &saved) != 0)
		_exit(CHILD_SETUP_FAILED);
	if (rc != -ENOMEM)
		_exit(10);
	if (fringe_overflow_handler_install() != 0)
		_exit(11);
}

START_TEST(test_install_enomem)
{
	struct child_result r;

	SKIP_UNDER_VALGRIND(CRASHING_CHILD);
	run_in_child(child_install_enomem, NULL, &r);
	if (r.exited && r.code == CHILD_SKIP)
		SKIP_TEST("%s", r.err);
	assert_ended(&r, 1, 0);
}
END_TEST

Suite *make_overflow_suite(void)
{
	Suite *suite = suite_create("overflow");
	TCase *tc;

	tc = tcase_create("overflows");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_deep_recursion);
	tcase_add_test(tc, test_deep_recursion_min_stack);
	tcase_add_test(tc, test_overflow_without_handler);
	tcase_add_test(tc, test_large_frame);
	tcase_add_test(tc, test_large_frame_caller_memory);
	tcase_add_test(tc, test_nested_overflow);
	tcase_add_test(tc, test_install_inside_generator_nested);
	tcase_add_test(tc, test_install_inside_generator_next_resume);
	tcase_add_test(tc, test_overflow_in_other_thread);
	suite_add_tcase(suite, tc);

	tc = tcase_create("other faults");
	tcase_add_test(tc, test_chain_siginfo_handler);
	tcase_add_test(tc, test_chain_plain_bus_handler);
	tcase_add_test(tc, test_chain_default);
	tcase_add_test(tc, test_chain_ignored_sent_signal);
	tcase_add_test(tc, test_chain_ignored_fault);
	suite_add_tcase(suite, tc);

	tc = tcase_create("installation");
	tcase_add_test(tc, test_install_twice);
	tcase_add_test(tc, test_altstack_guarded);
	tcase_add_test(tc, test_thread_altstacks);
	tcase_add_test(tc, test_install_enomem);
	suite_add_tcase(suite, tc);
	return suite;
}

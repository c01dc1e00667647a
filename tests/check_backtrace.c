/*
 * check_backtrace.c - Area: unwinding across the generator boundary.
 *
 * Purpose: glibc's backtrace(3), called inside a generator, must walk
 * from the generator's frames into the frames of the function that
 * resumed it and on up to main (call-stack splicing through the DWARF CFI
 * of each context's root frame), also through nested generators and
 * through fringe_context_switch_link().  Where a context was entered with
 * the plain switch, there is no resumer to show and the walk must stop
 * cleanly at the context's root.
 *
 * The same walks with libunwind's unw_backtrace() (when libunwind was
 * found at configure time) and with a plain frame-pointer walk, the way
 * perf --call-graph fp samples.  A SIGPROF storm whose handler calls
 * backtrace(3) while a million switches run shows that the switch code's
 * CFI is valid at every instruction.
 *
 * Limitations: names are found with backtrace_symbols(3), so the test
 * functions below are global and the runner is linked with
 * -export-dynamic.  gdb is tested separately (tests/gdb-backtrace.sh).
 * The frame-pointer walk needs a CPU whose chain tests/arch/frames.h
 * describes, and the library built with frame pointers (the default).
 */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

/*
 * Where a signal storm cannot test the switch code: TSan holds
 * asynchronous signals back until its next interceptor; the ucontext
 * backend switches in glibc's swapcontext(), whose CFI is wrong for a few
 * instructions after it loads the new stack pointer; and on 32-bit ARM
 * the unwinder reads EHABI tables, which describe compiled C functions
 * (the test's and the C library's) only at call sites, so a signal that
 * lands in a prologue or epilogue makes backtrace(3) itself fault.
 */
#if defined(__SANITIZE_THREAD__)
#define NO_ASYNC_SIGNALS "the thread sanitizer defers asynchronous signals"
#elif !defined(FRINGE_BACKEND_SPLICES)
#define NO_ASYNC_SIGNALS "the C library's swapcontext() is not described " \
			 "for unwinders at every instruction"
#elif defined(__arm__)
#define NO_ASYNC_SIGNALS "ARM unwind tables of compiled code are not exact " \
			 "at every instruction"
#endif

#include "arch/frames.h"

#include "fringe-tests.h"

#if defined(__clang__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE __attribute__((noinline, noclone))
#endif
#define MAX_FRAMES 64

/*
 * The outermost frame a walk from inside a generator must reach: main,
 * through Check's own frames, wherever a walk from ordinary code reaches
 * main too (outermost()).  A Check built without unwind tables (Debian's
 * on armhf, mipsel and mips64el) stops every walk inside its frames;
 * there the walk is only required to reach the resumer.
 */
#define OUTERMOST outermost()

struct trace {
	int n;
	char **names;
};

/* Global (not static) so backtrace_symbols(3) can name them. */
void *fringe_bt_outer_gen(fringe_yielder *y, void *input, void *userdata);
void *fringe_bt_inner_gen(fringe_yielder *y, void *input, void *userdata);
int fringe_bt_resumer(fringe_generator *g);
void fringe_bt_take(struct trace *t);
void fringe_bt_entry(void *value, void *from_sp, void *userdata);
void fringe_bt_switcher(void **sp, struct trace *t, fringe_stack *link);

/* How fringe_bt_take() walks the stack. */
enum walker { WALK_BACKTRACE, WALK_LIBUNWIND, WALK_FRAME_POINTER };
static enum walker walker = WALK_BACKTRACE;

#ifdef FRINGE_BACKEND_SPLICES
/*
 * libunwind is loaded at run time: linked normally, its own backtrace()
 * would take the place of glibc's for the whole test program.
 */
static int (*unw_backtrace_fn)(void **frames, int size);

/* Unused when the backend does not splice (ucontext). */
__attribute__((unused)) static int load_libunwind(void)
{
	static const char *const names[] = { "libunwind.so.8", "libunwind.so",
					     NULL };

	for (const char *const *n = names; *n != NULL && !unw_backtrace_fn;
	     n++) {
		void *lib = dlopen(*n, RTLD_NOW | RTLD_LOCAL);

		if (lib != NULL)
			*(void **)&unw_backtrace_fn = dlsym(lib, "unw_backtrace");
	}
	return unw_backtrace_fn != NULL;
}

#endif

#ifdef FRINGE_TEST_FP_NEXT
/* The name of the function a code address is in, or "". */
static const char *symbol_at(void *address)
{
	Dl_info info;

	if (dladdr(address, &info) == 0 || info.dli_sname == NULL)
		return "";
	return info.dli_sname;
}

/*
 * Follow frame records until a zero frame pointer or return address (the
 * end of a context with no resumer), or until the frame of the test's
 * resumer: further up are Check's and the C library's frames, which
 * were built without frame pointers, so a walk cannot go on through
 * them (perf stops there as well).
 */
static int fp_walk(void **frames, int max)
{
	void *fp = __builtin_frame_address(0);
	int n = 0;

	while (fp != NULL && n < max) {
		void *ret = FRINGE_TEST_FP_RET(fp);
		const char *name;

		if (ret == NULL)
			break;
		frames[n++] = ret;
		name = symbol_at(ret);
		if (strcmp(name, "fringe_bt_resumer") == 0 ||
		    strcmp(name, "fringe_bt_switcher") == 0)
			break;
		fp = FRINGE_TEST_FP_NEXT(fp);
	}
	return n;
}
#endif

NOINLINE void fringe_bt_take(struct trace *t)
{
	void *frames[MAX_FRAMES];

	switch (walker) {
	case WALK_BACKTRACE:
		t->n = backtrace(frames, MAX_FRAMES);
		break;
	case WALK_LIBUNWIND:
#ifdef FRINGE_BACKEND_SPLICES
		t->n = unw_backtrace_fn(frames, MAX_FRAMES);
#endif
		break;
	case WALK_FRAME_POINTER:
#ifdef FRINGE_TEST_FP_NEXT
		t->n = fp_walk(frames, MAX_FRAMES);
#endif
		break;
	}
	ck_assert_int_gt(t->n, 0);
	t->names = backtrace_symbols(frames, t->n);
	ck_assert_ptr_nonnull(t->names);
	__asm__ volatile("" ::: "memory"); /* keep this a real call */
}

/* "main" if backtrace(3) from here reaches main, otherwise NULL. */
__attribute__((unused)) static NOINLINE const char *outermost(void)
{
	void *frames[MAX_FRAMES];
	char **names;
	const char *found = NULL;
	int n = backtrace(frames, MAX_FRAMES);

	names = backtrace_symbols(frames, n);
	ck_assert_ptr_nonnull(names);
	for (int i = 0; i < n; i++)
		if (strstr(names[i], "(main+") != NULL)
			found = "main";
	free(names);
	__asm__ volatile("" ::: "memory"); /* keep this a real call */
	return found;
}

/* Index of the first frame at or after `from` whose name has `name(`. */
static int find(const struct trace *t, const char *name, int from)
{
	char pattern[128];

	strcpy(pattern, "(");
	strcat(pattern, name);
	strcat(pattern, "+");
	for (int i = from; i < t->n; i++)
		if (strstr(t->names[i], pattern) != NULL)
			return i;
	return -1;
}

static void expect_order(const struct trace *t, const char *const *names)
{
	int at = 0;

	for (const char *const *n = names; *n != NULL; n++) {
		int i = find(t, *n, at);

		if (i < 0) {
			for (int k = 0; k < t->n; k++)
				fprintf(stderr, "  frame %d: %s\n", k,
					t->names[k]);
			ck_abort_msg("frame %s missing after frame %d of %d",
				     *n, at, t->n);
		}
		at = i + 1;
	}
	ck_assert_msg(t->n < MAX_FRAMES, "backtrace did not end");
}

#ifdef FRINGE_BACKEND_SPLICES
NOINLINE void *fringe_bt_inner_gen(fringe_yielder *y, void *input,
				   void *userdata)
{
	(void)input;
	fringe_bt_take(userdata);
	/* Resumed only once: the destroy cancels the yield. */
	ck_assert_int_eq(fringe_generator_yield(y, NULL, NULL), -ECANCELED);
	return NULL;
}

NOINLINE void *fringe_bt_outer_gen(fringe_yielder *y, void *input,
				   void *userdata)
{
	fringe_stack *stack;
	fringe_generator *inner;

	(void)y;
	(void)input;
	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(
		fringe_generator_create(&inner, stack, fringe_bt_inner_gen,
					userdata),
		0);
	ck_assert_int_eq(fringe_generator_resume(inner, NULL, NULL),
			 FRINGE_YIELDED);
	ck_assert_int_eq(fringe_generator_destroy(inner), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
	return NULL;
}

NOINLINE int fringe_bt_resumer(fringe_generator *g)
{
	int rc = fringe_generator_resume(g, NULL, NULL);

	__asm__ volatile("" ::: "memory");
	return rc;
}

static void run_generator(fringe_generator_fn fn, struct trace *t)
{
	fringe_stack *stack;
	fringe_generator *g;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_generator_create(&g, stack, fn, t), 0);
	ck_assert_int_ge(fringe_bt_resumer(g), 0);
	ck_assert_int_eq(fringe_generator_destroy(g), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}

START_TEST(backtrace_reaches_resumer)
{
	const char *const order[] = { "fringe_bt_take", "fringe_bt_inner_gen",
				      "fringe_bt_resumer", OUTERMOST, NULL };
	struct trace t = { 0, NULL };

	run_generator(fringe_bt_inner_gen, &t);
	expect_order(&t, order);
	free(t.names);
}
END_TEST

START_TEST(backtrace_through_nested_generators)
{
	const char *const order[] = { "fringe_bt_take", "fringe_bt_inner_gen",
				      "fringe_bt_outer_gen", "fringe_bt_resumer",
				      OUTERMOST, NULL };
	struct trace t = { 0, NULL };

	run_generator(fringe_bt_outer_gen, &t);
	expect_order(&t, order);
	free(t.names);
}
END_TEST

#endif /* FRINGE_BACKEND_SPLICES */

#ifdef FRINGE_BACKEND_SPLICES

static void walk_generators(enum walker w, const char *const *order,
			    const char *const *nested_order)
{
	struct trace t = { 0, NULL };

	walker = w;
	run_generator(fringe_bt_inner_gen, &t);
	expect_order(&t, order);
	free(t.names);
	t.names = NULL;
	run_generator(fringe_bt_outer_gen, &t);
	expect_order(&t, nested_order);
	free(t.names);
}

START_TEST(libunwind_reaches_resumer)
{
	/* The same walks by libunwind: fringe_bt_take's own frame may or
	 * may not show, so the lists start at the generator. */
	const char *const order[] = { "fringe_bt_inner_gen",
				      "fringe_bt_resumer", OUTERMOST, NULL };
	const char *const nested_order[] = { "fringe_bt_inner_gen",
					     "fringe_bt_outer_gen",
					     "fringe_bt_resumer", OUTERMOST,
					     NULL };

	ck_assert(unw_backtrace_fn != NULL);
	walk_generators(WALK_LIBUNWIND, order, nested_order);
}
END_TEST

#ifdef FRINGE_TEST_FP_NEXT
START_TEST(frame_pointer_walk_reaches_resumer)
{
	/* The walk starts on the generator's stack, so reaching the
	 * resumer means it crossed over.  (Where it starts differs between
	 * CPUs, and fringe_generator_resume() may have handed over to the
	 * backend as a tail call, so neither the generator's own function
	 * nor resume's frame is required.) */
	static const char *const order[] = { "fringe_bt_resumer", NULL };
	static const char *const nested_order[] = { "fringe_bt_outer_gen",
						    "fringe_bt_resumer", NULL };

	walk_generators(WALK_FRAME_POINTER, order, nested_order);
}
END_TEST
#endif
#endif /* FRINGE_BACKEND_SPLICES */

#ifndef NO_ASYNC_SIGNALS
/* ---- a SIGPROF storm ----------------------------------------------------------- */

#define STORM_ROUND_TRIPS 500000  /* two switches each */
#define STORM_SIGNALS 300          /* at least this many land */
#define STORM_MAX_ROUND_TRIPS 50000000

static volatile sig_atomic_t storm_signals, storm_walked, storm_armed;

static void storm_handler(int sig)
{
	void *frames[MAX_FRAMES];

	(void)sig;
	if (backtrace(frames, MAX_FRAMES) > 0)
		storm_walked++;
	storm_signals++;
	storm_armed = 0;
}

static void *storm_gen(fringe_yielder *y, void *input, void *userdata)
{
	(void)userdata;
	for (;;)
		if (fringe_generator_yield(y, input, &input) != 0)
			return NULL;
}

/*
 * The timer is one-shot and re-armed by the loop once it has fired, so a
 * slow handler (under an emulator or a sanitizer) can never starve the
 * switches; each signal still lands at an arbitrary instruction.
 */
START_TEST(sigprof_storm_during_switches)
{
	struct sigevent ev;
	struct itimerspec its;
	struct sigaction sa;
	fringe_stack *stack;
	fringe_generator *g;
	void *frames[4];
	timer_t timer;
	uintptr_t i;

	/* backtrace(3) loads libgcc_s on first use: not in a handler. */
	ck_assert_int_gt(backtrace(frames, 4), 0);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = storm_handler;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	ck_assert_int_eq(sigaction(SIGPROF, &sa, NULL), 0);
	memset(&ev, 0, sizeof ev);
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = SIGPROF;
	ck_assert_int_eq(timer_create(CLOCK_MONOTONIC, &ev, &timer), 0);
	memset(&its, 0, sizeof its);

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_generator_create(&g, stack, storm_gen, NULL), 0);
	for (i = 1; i <= STORM_MAX_ROUND_TRIPS; i++) {
		void *out = NULL;

		if (!storm_armed) {
			if (i > STORM_ROUND_TRIPS &&
			    storm_signals >= STORM_SIGNALS)
				break;
			storm_armed = 1;
			/* 5 to 20 microseconds from now */
			its.it_value.tv_nsec = 5000 + (long)(i % 16) * 1000;
			if (timer_settime(timer, 0, &its, NULL) != 0)
				ck_abort_msg("timer_settime failed");
		}
		/* No ck_assert here: Check records every assertion through
		 * libc string functions whose unwind tables are not exact
		 * everywhere on every CPU (i386), and the storm would find
		 * them.  Only the switch code is under test. */
		if (fringe_generator_resume(g, (void *)i, &out) !=
			    FRINGE_YIELDED ||
		    (uintptr_t)out != i)
			ck_abort_msg("round trip %lu gave %lu", (unsigned long)i,
				     (unsigned long)(uintptr_t)out);
	}
	memset(&its, 0, sizeof its);
	ck_assert_int_eq(timer_settime(timer, 0, &its, NULL), 0);
	ck_assert_int_eq(timer_delete(timer), 0);
	ck_assert_int_eq(fringe_generator_destroy(g), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
	/* Not vacuous: the switches ran, and the handler walked many times. */
	ck_assert_uint_gt(i, STORM_ROUND_TRIPS);
	ck_assert_int_ge(storm_signals, STORM_SIGNALS);
	ck_assert_int_eq(storm_walked, storm_signals);
}
END_TEST

#endif /* NO_ASYNC_SIGNALS */

/* ---- the context API ----------------------------------------------------------- */

struct ctx_bt {
	struct trace t;
	void *back;
};

NOINLINE void fringe_bt_entry(void *value, void *from_sp, void *userdata)
{
	struct ctx_bt *c = userdata;

	(void)value;
	fringe_bt_take(&c->t);
	fringe_context_switch(from_sp, NULL);
	abort();
}

NOINLINE void fringe_bt_switcher(void **sp, struct trace *t,
				 fringe_stack *link)
{
	if (link != NULL)
		fringe_context_switch_link(*sp, t, link);
	else
		fringe_context_switch(*sp, t);
	__asm__ volatile("" ::: "memory");
}

static void run_context(struct ctx_bt *c, int link)
{
	fringe_stack *stack;
	void *sp;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_context_init(stack, fringe_bt_entry, c, &sp),
			 0);
	fringe_bt_switcher(&sp, &c->t, link ? stack : NULL);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}

#ifdef FRINGE_BACKEND_SPLICES
START_TEST(backtrace_through_switch_link)
{
	const char *const order[] = { "fringe_bt_take", "fringe_bt_entry",
				      "fringe_bt_switcher", OUTERMOST, NULL };
	struct ctx_bt c = { { 0, NULL }, NULL };

	run_context(&c, 1);
	expect_order(&c.t, order);
	free(c.t.names);
}
END_TEST

#endif

START_TEST(backtrace_ends_at_unlinked_root)
{
	static const char *const order[] = { "fringe_bt_take",
					     "fringe_bt_entry", NULL };
	struct ctx_bt c = { { 0, NULL }, NULL };

	run_context(&c, 0);
	expect_order(&c.t, order);
	/* take, entry, the root frame (and a sanitizer build's entry
	 * wrappers): a handful, and nothing of the switching side. */
	ck_assert_int_le(c.t.n, 8);
	ck_assert_int_lt(find(&c.t, "fringe_bt_switcher", 0), 0);
	ck_assert_int_lt(find(&c.t, "main", 0), 0);
	free(c.t.names);
}
END_TEST

Suite *make_backtrace_suite(void)
{
	Suite *s = suite_create("backtrace");
	TCase *tc = tcase_create("backtrace(3)");

#ifdef FRINGE_BACKEND_SPLICES
	tcase_add_test(tc, backtrace_reaches_resumer);
	tcase_add_test(tc, backtrace_through_nested_generators);
	tcase_add_test(tc, backtrace_through_switch_link);
#else
	static const char *const splicing[] = {
		"backtrace_reaches_resumer",
		"backtrace_through_nested_generators",
		"backtrace_through_switch_link",
	};
	for (size_t i = 0; i < sizeof splicing / sizeof splicing[0]; i++)
		fringe_skip(splicing[i],
			    "the %s backend does not splice call stacks",
			    FRINGE_BACKEND);
#endif
	tcase_add_test(tc, backtrace_ends_at_unlinked_root);
	suite_add_tcase(s, tc);

	tc = tcase_create("other unwinders");
#ifdef FRINGE_BACKEND_SPLICES
	if (load_libunwind())
		tcase_add_test(tc, libunwind_reaches_resumer);
	else
		fringe_skip("libunwind_reaches_resumer",
			    "libunwind.so.8 is not installed (Debian: "
			    "libunwind8)");
#ifdef FRINGE_TEST_FP_NEXT
	tcase_add_test(tc, frame_pointer_walk_reaches_resumer);
#else
	fringe_skip("frame_pointer_walk_reaches_resumer", "%s",
		    FRINGE_TEST_FP_NONE);
#endif
#else
	fringe_skip("libunwind_reaches_resumer",
		    "the %s backend does not splice call stacks", FRINGE_BACKEND);
	fringe_skip("frame_pointer_walk_reaches_resumer",
		    "the %s backend does not splice call stacks", FRINGE_BACKEND);
#endif
#ifdef NO_ASYNC_SIGNALS
	fringe_skip("sigprof_storm_during_switches", "%s", NO_ASYNC_SIGNALS);
#else
	tcase_add_test(tc, sigprof_storm_during_switches);
#endif
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}

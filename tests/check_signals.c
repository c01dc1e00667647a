/*
 * check_signals.c - the "signals" suite.
 *
 * Area:        signal handlers running while generators run and switch.
 *
 * Purpose:     Check the signal rules of fringe(7): a storm of SIGALRM
 *              (a 50 us interval timer) arriving during ten million switches
 *              (five million resume/yield round trips) disturbs no value
 *              passed across them, even though the handler scribbles over
 *              the stack below wherever it interrupts, which would expose a
 *              switch that keeps data below its stack pointer; a handler
 *              installed without SA_ONSTACK that interrupts a generator runs
 *              on the generator's own stack, and the generator carries on
 *              afterwards; with SA_ONSTACK and an alternate signal stack it
 *              runs there instead; the signal mask belongs to the thread and
 *              is not switched.
 *
 * Limitations: Where in a switch a timer signal lands is up to chance; the
 *              storm makes hitting every instruction likely, not certain.
 *              Under Valgrind the storm is 100 000 switches.  The signal-mask
 *              test is skipped with the ucontext backend, whose
 *              swapcontext() switches the mask.
 */
#include "config.h"

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "fringe-tests.h"

#define NOINLINE __attribute__((noinline))

#define STORM_SWITCHES 10000000L
#define STORM_INTERVAL_US 50

/* Bounds of the generator stack under test, for handlers to compare. */
static volatile uintptr_t gen_lo, gen_hi;

static volatile sig_atomic_t alarms;          /* handler invocations */
static volatile sig_atomic_t alarms_on_stack; /* ...on the generator stack */

static void storm_handler(int sig)
{
	volatile char scribble[512];
	uintptr_t here = (uintptr_t)__builtin_frame_address(0);

	(void)sig;
	/* Overwrite what lies below the interrupted stack pointer. */
	for (size_t i = 0; i < sizeof scribble; i++)
		scribble[i] = (char)0xa5;
	alarms++;
	if (here >= gen_lo && here < gen_hi)
		alarms_on_stack++;
}

/* Echoes input * 2 + 1, with a running check of its own. */
static void *storm_fn(fringe_yielder *y, void *input, void *userdata)
{
	long *errors = userdata;
	uintptr_t last = 0;

	for (;;) {
		uintptr_t in = U(input);

		if (in != last + 1)
			++*errors;
		last = in;
		if (fringe_generator_yield(y, V(in * 2 + 1), &input) != 0)
			return NULL;
	}
}

START_TEST(test_alarm_storm)
{
	struct sigaction sa, old;
	struct itimerval timer, off;
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;
	long errors = 0, gen_errors = 0;
	long rounds = (fringe_under_valgrind() ? 100000L : STORM_SWITCHES) / 2;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = storm_handler;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	ck_assert_int_eq(sigaction(SIGALRM, &sa, &old), 0);
	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	gen_lo = (uintptr_t)fringe_stack_base(stack);
	gen_hi = (uintptr_t)fringe_stack_limit(stack);
	ck_assert_int_eq(
		fringe_generator_create(&gen, stack, storm_fn, &gen_errors), 0);
	alarms = alarms_on_stack = 0;

	memset(&timer, 0, sizeof timer);
	timer.it_interval.tv_usec = STORM_INTERVAL_US;
	timer.it_value.tv_usec = STORM_INTERVAL_US;
	ck_assert_int_eq(setitimer(ITIMER_REAL, &timer, NULL), 0);
	for (long i = 1; i <= rounds; i++) {
		void *out = NULL;

		if (fringe_generator_resume(gen, V(i), &out) != FRINGE_YIELDED ||
		    U(out) != (uintptr_t)i * 2 + 1)
			errors++;
	}
	memset(&off, 0, sizeof off);
	ck_assert_int_eq(setitimer(ITIMER_REAL, &off, NULL), 0);
	ck_assert_int_eq(sigaction(SIGALRM, &old, NULL), 0);

	fprintf(stderr, "alarm storm: %ld switches, %d signals, %d of them on "
			"the generator's stack\n",
		rounds * 2, (int)alarms, (int)alarms_on_stack);
	ck_assert_int_eq(errors, 0);
	ck_assert_int_eq(gen_errors, 0);
	ck_assert_int_gt(alarms, 0);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

/* ------------------------------------------------------------------------
 * Where a handler runs
 * ------------------------------------------------------------------------ */

struct where {
	uintptr_t handler_frame;   /* the handler's frame address */
	int handler_calls;
	uintptr_t checksum;        /* the handler's work, done on that stack */
};

static struct where where;

static NOINLINE uintptr_t handler_work(int depth)
{
	volatile uintptr_t local[32];

	for (int i = 0; i < 32; i++)
		local[i] = (uintptr_t)(depth * 32 + i);
	if (depth > 0)
		return local[31] + handler_work(depth - 1);
	return local[31];
}

static void where_handler(int sig)
{
	(void)sig;
	where.handler_frame = (uintptr_t)__builtin_frame_address(0);
	where.handler_calls++;
	/* Calls of its own, on whatever stack it runs on. */
	where.checksum = handler_work(8);
}

/* Raises SIGUSR1 (delivered before raise() returns), then yields what it
 * computed itself around it. */
static void *raising_fn(fringe_yielder *y, void *input, void *userdata)
{
	volatile uintptr_t mine = U(input) * 5;

	(void)userdata;
	raise(SIGUSR1);
	(void)fringe_generator_yield(y, V(mine + 1), NULL);
	return NULL;
}

/* Run raising_fn with SIGUSR1 handled by where_handler with `flags`. */
static void run_raising(int flags, fringe_stack *stack)
{
	struct sigaction sa, old;
	fringe_generator *gen = NULL;
	void *out = NULL;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = where_handler;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = flags;
	ck_assert_int_eq(sigaction(SIGUSR1, &sa, &old), 0);
	memset(&where, 0, sizeof where);
	ck_assert_int_eq(
		fringe_generator_create(&gen, stack, raising_fn, NULL), 0);
	ck_assert_int_eq(fringe_generator_resume(gen, V(7), &out),
			 FRINGE_YIELDED);
	ck_assert_int_eq(sigaction(SIGUSR1, &old, NULL), 0);
	/* The generator carried on correctly after the handler. */
	ck_assert_uint_eq(U(out), 36);
	ck_assert_int_eq(where.handler_calls, 1);
	ck_assert_uint_eq(where.checksum, handler_work(8));
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, NULL),
			 FRINGE_FINISHED);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
}

/* Raise the signal in a generator on `stack`: the handler runs on that
 * stack.  Destroys the stack. */
static void check_handler_on(fringe_stack *stack)
{
	uintptr_t lo = (uintptr_t)fringe_stack_base(stack);
	uintptr_t hi = (uintptr_t)fringe_stack_limit(stack);

	run_raising(0, stack);
	ck_assert_msg(where.handler_frame >= lo && where.handler_frame < hi,
		      "the handler ran at %#lx, outside the generator's stack "
		      "%#lx-%#lx",
		      (unsigned long)where.handler_frame, (unsigned long)lo,
		      (unsigned long)hi);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}

START_TEST(test_handler_on_generator_stack)
{
	fringe_stack *stack = NULL;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	check_handler_on(stack);
}
END_TEST

/* The same on caller memory: a stack the library did not map. */
START_TEST(test_handler_on_caller_memory_stack)
{
	static unsigned char memory[64 * 1024];
	fringe_stack *stack = NULL;

	ck_assert_int_eq(fringe_stack_create_on(&stack, memory, sizeof memory),
			 0);
	check_handler_on(stack);
}
END_TEST

/* With SA_ONSTACK and an alternate signal stack, the handler runs there,
 * and needs no room on the generator's stack. */
START_TEST(test_handler_on_altstack)
{
	static unsigned char alt[64 * 1024];
	fringe_stack *stack = NULL;
	stack_t ss, old;

	memset(&ss, 0, sizeof ss);
	ss.ss_sp = alt;
	ss.ss_size = sizeof alt;
	ck_assert_int_eq(sigaltstack(&ss, &old), 0);
	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	run_raising(SA_ONSTACK, stack);
	ck_assert(where.handler_frame >= (uintptr_t)alt &&
		  where.handler_frame < (uintptr_t)alt + sizeof alt);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
	if (old.ss_flags & SS_DISABLE) {
		memset(&ss, 0, sizeof ss);
		ss.ss_flags = SS_DISABLE;
		ck_assert_int_eq(sigaltstack(&ss, NULL), 0);
	} else {
		ck_assert_int_eq(sigaltstack(&old, NULL), 0);
	}
}
END_TEST

/* ------------------------------------------------------------------------
 * The signal mask
 * ------------------------------------------------------------------------ */

static int usr2_blocked(void)
{
	sigset_t now;

	pthread_sigmask(SIG_SETMASK, NULL, &now);
	return sigismember(&now, SIGUSR2) == 1;
}

/* Blocks SIGUSR2 and yields; at the next resume reports whether it is
 * still blocked (the resumer unblocked it meanwhile). */
static void *mask_fn(fringe_yielder *y, void *input, void *userdata)
{
	sigset_t set;
	int *blocked_after = userdata;

	(void)input;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	(void)fringe_generator_yield(y, NULL, NULL);
	*blocked_after = usr2_blocked();
	return NULL;
}

START_TEST(test_signal_mask_is_the_threads)
{
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;
	int blocked_after = -1;
	sigset_t set;

	if (strcmp(FRINGE_BACKEND, "ucontext") == 0)
		SKIP_TEST("swapcontext() switches the signal mask");
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	ck_assert_int_eq(pthread_sigmask(SIG_UNBLOCK, &set, NULL), 0);
	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(
		fringe_generator_create(&gen, stack, mask_fn, &blocked_after),
		0);
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, NULL),
			 FRINGE_YIELDED);
	/* Blocked by the generator: blocked here too. */
	ck_assert_int_eq(usr2_blocked(), 1);
	ck_assert_int_eq(pthread_sigmask(SIG_UNBLOCK, &set, NULL), 0);
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, NULL),
			 FRINGE_FINISHED);
	ck_assert_int_eq(blocked_after, 0);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

Suite *make_signals_suite(void)
{
	Suite *suite = suite_create("signals");
	TCase *tc = tcase_create("signals");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_alarm_storm);
	tcase_add_test(tc, test_handler_on_generator_stack);
	tcase_add_test(tc, test_handler_on_caller_memory_stack);
	tcase_add_test(tc, test_handler_on_altstack);
	tcase_add_test(tc, test_signal_mask_is_the_threads);
	suite_add_tcase(suite, tc);
	return suite;
}

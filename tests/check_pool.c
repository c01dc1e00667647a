/*
 * check_pool.c - the "pool" suite.
 *
 * Area:        fringe_stack_pool_create(), _get(), _put(), _destroy(), and
 *              what limits stack creation: vm.max_map_count.
 *
 * Purpose:     Check what a pool's user relies on: stacks come out the
 *              size asked for (as fringe_stack_create() would make them),
 *              guarded, and usable by a generator or a context; a returned
 *              stack is handed out again (last returned first), reset so
 *              that a new generator or context can be made on it, and
 *              cannot be used while it sits in the pool; no more than
 *              max_cached stacks stay mapped; every documented error
 *              (NULL arguments, impossible sizes, a foreign stack, a stack
 *              still in use or returned twice, destroying a pool whose
 *              stacks are out); and, in the steady state, that a whole
 *              generator life on a pooled stack makes no system call: a
 *              child process runs it under a seccomp filter that stops the
 *              child at the first system call and reports its number.
 *              Finally, that filling the process's memory mappings with
 *              guarded stacks ends in ENOMEM from stack creation, not in
 *              a crash, and that everything works again once they are
 *              released.
 *
 * Limitations: Counting mappings reads /proc/self/maps (Linux only).  The
 *              system-call test needs Linux seccomp filters, and is
 *              skipped under Valgrind, emulators, ASan and TSan (which
 *              make system calls of their own), with the ucontext
 *              backend (whose switches do), and when the kernel refuses
 *              the filter.
 *              The mapping-limit test needs Check's fork mode, is skipped
 *              under Valgrind, sanitizers and emulators (whose own
 *              allocators need mappings), and when vm.max_map_count is so
 *              large that reaching it would take too long.  Several threads
 *              sharing one pool are tested in check_pool_threads.c.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifndef _WIN32
#include <sys/mman.h>
#include <sys/wait.h>
#endif
#include <unistd.h>

#if defined(__linux__) && defined(HAVE_LINUX_SECCOMP_H) &&                  \
	defined(HAVE_LINUX_FILTER_H) && defined(HAVE_SYS_PRCTL_H)
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#define HAVE_SECCOMP_TEST 1
#endif

#include "fringe-tests.h"

#define STACK_SIZE (16u * 1024u)

/* Yields its input plus one, then returns its next input times two. */
static void *step_fn(fringe_yielder *y, void *input, void *userdata)
{
	(void)userdata;
	if (fringe_generator_yield(y, V(U(input) + 1), &input) != 0)
		return V(0);
	return V(U(input) * 2);
}

/* One generator life on `stack`: 0 if every value was right. */
static int one_life(fringe_stack *stack, uintptr_t seed)
{
	fringe_generator *g;
	void *out = NULL;

	if (fringe_generator_create(&g, stack, step_fn, NULL) != 0)
		return 1;
	if (fringe_generator_resume(g, V(seed), &out) != FRINGE_YIELDED ||
	    U(out) != seed + 1)
		return 2;
	if (fringe_generator_resume(g, V(seed + 7), &out) != FRINGE_FINISHED ||
	    U(out) != 2 * (seed + 7))
		return 3;
	if (fringe_generator_destroy(g) != 0)
		return 4;
	return 0;
}

/* The pool still works (a stack from it runs a generator and goes back);
 * then destroy it. */
static void check_pool_works_then_destroy(fringe_stack_pool *pool,
					  uintptr_t seed)
{
	fringe_stack *stack;

	ck_assert_int_eq(fringe_stack_pool_get(pool, &stack), 0);
	ck_assert_int_eq(one_life(stack, seed), 0);
	ck_assert_int_eq(fringe_stack_pool_put(pool, stack), 0);
	ck_assert_int_eq(fringe_stack_pool_destroy(pool), 0);
}

/* ---- handing out and taking back --------------------------------------------- */

START_TEST(test_pool_get_put)
{
	fringe_stack_pool *pool = NULL;
	fringe_stack *a = NULL, *b = NULL, *again = NULL;

	ck_assert_int_eq(fringe_stack_pool_create(&pool, STACK_SIZE, 4), 0);
	ck_assert_ptr_nonnull(pool);
	ck_assert_int_eq(fringe_stack_pool_get(pool, &a), 0);
	ck_assert_int_eq(fringe_stack_pool_get(pool, &b), 0);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_ne(a, b);
	ck_assert_uint_eq(fringe_stack_size(a), STACK_SIZE);
	ck_assert_uint_eq(U(fringe_stack_base(a)) % 16, 0);
	ck_assert_uint_eq(U(fringe_stack_limit(a)) % 16, 0);
	/* The whole area is usable. */
	memset(fringe_stack_base(a), 0x5a, fringe_stack_size(a));
	ck_assert_int_eq(one_life(a, 10), 0);
	ck_assert_int_eq(one_life(b, 20), 0);

	/* Last returned, first handed out again. */
	ck_assert_int_eq(fringe_stack_pool_put(pool, a), 0);
	ck_assert_int_eq(fringe_stack_pool_put(pool, b), 0);
	ck_assert_int_eq(fringe_stack_pool_get(pool, &again), 0);
	ck_assert_ptr_eq(again, b);
	ck_assert_int_eq(fringe_stack_pool_get(pool, &again), 0);
	ck_assert_ptr_eq(again, a);
	ck_assert_int_eq(one_life(a, 30), 0);
	ck_assert_int_eq(fringe_stack_pool_put(pool, a), 0);
	ck_assert_int_eq(fringe_stack_pool_put(pool, b), 0);
	ck_assert_int_eq(fringe_stack_pool_destroy(pool), 0);
}
END_TEST

/* Sizes are taken as fringe_stack_create() takes them. */
START_TEST(test_pool_sizes)
{
	const size_t sizes[] = { 0, 1, FRINGE_STACK_MIN_SIZE, 5000, 100000 };

	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		fringe_stack_pool *pool;
		fringe_stack *pooled, *plain;

		ck_assert_int_eq(fringe_stack_pool_create(&pool, sizes[i], 1), 0);
		ck_assert_int_eq(fringe_stack_pool_get(pool, &pooled), 0);
		ck_assert_int_eq(fringe_stack_create(&plain, sizes[i]), 0);
		ck_assert_uint_eq(fringe_stack_size(pooled),
				  fringe_stack_size(plain));
		ck_assert_int_eq(fringe_stack_destroy(plain), 0);
		ck_assert_int_eq(fringe_stack_pool_put(pool, pooled), 0);
		ck_assert_int_eq(fringe_stack_pool_destroy(pool), 0);
	}
}
END_TEST

/* Yields forever: left suspended, then abandoned. */
static void *forever_fn(fringe_yielder *y, void *input, void *userdata)
{
	(void)userdata;
	for (;;)
		fringe_generator_yield(y, input, &input);
	return NULL;
}

static void ctx_entry(void *value, void *from_sp, void *userdata)
{
	*(int *)userdata = (int)U(value);
	fringe_context_switch(from_sp, V(U(value) + 1));
	abort(); /* never switched to again */
}

/*
 * A stack given back with an abandoned generator's frames and a context's
 * link on it comes out ready for a new generator and a new context.
 */
START_TEST(test_pool_resets_stack)
{
	fringe_stack_pool *pool;
	fringe_stack *stack, *again;
	fringe_generator *g;
	fringe_transfer t;
	void *sp;
	int seen = 0;

	ck_assert_int_eq(fringe_stack_pool_create(&pool, STACK_SIZE, 1), 0);
	ck_assert_int_eq(fringe_stack_pool_get(pool, &stack), 0);
	ck_assert_int_eq(fringe_generator_create(&g, stack, forever_fn, NULL), 0);
	ck_assert_int_eq(fringe_generator_resume(g, V(1), NULL), FRINGE_YIELDED);
	ck_assert_int_eq(fringe_generator_destroy(g), 0);
	ck_assert_int_eq(fringe_stack_pool_put(pool, stack), 0);

	ck_assert_int_eq(fringe_stack_pool_get(pool, &again), 0);
	ck_assert_ptr_eq(again, stack);
	ck_assert_int_eq(one_life(stack, 40), 0);
	ck_assert_int_eq(fringe_context_init(stack, ctx_entry, &seen, &sp), 0);
	t = fringe_context_switch_link(sp, V(5), stack);
	ck_assert_int_eq(seen, 5);
	ck_assert_uint_eq(U(t.value), 6);
	ck_assert_int_eq(fringe_stack_pool_put(pool, stack), 0);

	/* And once more after a context: a generator works on it. */
	ck_assert_int_eq(fringe_stack_pool_get(pool, &again), 0);
	ck_assert_ptr_eq(again, stack);
	ck_assert_int_eq(one_life(stack, 50), 0);
	ck_assert_int_eq(fringe_stack_pool_put(pool, stack), 0);
	ck_assert_int_eq(fringe_stack_pool_destroy(pool), 0);
}
END_TEST

/* A stack in the pool is not the caller's: using it fails with EBUSY. */
START_TEST(test_pool_cached_stack_is_claimed)
{
	fringe_stack_pool *pool;
	fringe_stack *stack;
	fringe_generator *g = V(1);
	void *sp = V(1);

	ck_assert_int_eq(fringe_stack_pool_create(&pool, STACK_SIZE, 1), 0);
	ck_assert_int_eq(fringe_stack_pool_get(pool, &stack), 0);
	ck_assert_int_eq(fringe_stack_pool_put(pool, stack), 0);
	ck_assert_int_eq(fringe_generator_create(&g, stack, step_fn, NULL),
			 -EBUSY);
	ck_assert_ptr_null(g);
	ck_assert_int_eq(fringe_context_init(stack, ctx_entry, NULL, &sp),
			 -EBUSY);
	ck_assert_ptr_null(sp);
	ck_assert_int_eq(fringe_stack_destroy(stack), -EBUSY);
	/* Given back twice. */
	ck_assert_int_eq(fringe_stack_pool_put(pool, stack), -EBUSY);
	/* The pool is unharmed. */
	check_pool_works_then_destroy(pool, 60);
}
END_TEST

/* No more than max_cached stacks stay mapped; destroy unmaps them all. */
START_TEST(test_pool_max_cached)
{
	enum { OUT = 6, KEEP = 2 };
	fringe_stack_pool *pool, *none;
	fringe_stack *stacks[OUT];
#ifdef __linux__
	long before, out, kept, after;
#endif

	ck_assert_int_eq(fringe_stack_pool_create(&pool, STACK_SIZE, KEEP), 0);
	ck_assert_int_eq(fringe_stack_pool_create(&none, STACK_SIZE, 0), 0);
	/* Let malloc and stdio set themselves up before counting. */
	ck_assert_int_eq(fringe_stack_pool_get(none, &stacks[0]), 0);
	ck_assert_int_eq(fringe_stack_pool_put(none, stacks[0]), 0);
#ifdef __linux__
	before = fringe_count_mappings();
#endif
	for (int i = 0; i < OUT; i++)
		ck_assert_int_eq(fringe_stack_pool_get(pool, &stacks[i]), 0);
#ifdef __linux__
	out = fringe_count_mappings();
#endif
	for (int i = 0; i < OUT; i++)
		ck_assert_int_eq(fringe_stack_pool_put(pool, stacks[i]), 0);
#ifdef __linux__
	kept = fringe_count_mappings();
#endif
	/* With max_cached 0 nothing is kept. */
	ck_assert_int_eq(fringe_stack_pool_get(none, &stacks[0]), 0);
	ck_assert_int_eq(fringe_stack_pool_put(none, stacks[0]), 0);
	ck_assert_int_eq(fringe_stack_pool_destroy(none), 0);
	ck_assert_int_eq(fringe_stack_pool_destroy(pool), 0);
#ifdef __linux__
	after = fringe_count_mappings();
	/* A guarded stack is two mappings (neighbouring mappings of a
	 * debugger like Valgrind may merge: allow one less each). */
	ck_assert_msg(out - before >= OUT && out - before <= 2 * OUT + 2,
		      "%d stacks out: %ld mappings more, expected about %d",
		      OUT, out - before, 2 * OUT);
	ck_assert_msg(kept - before >= KEEP && kept - before <= 2 * KEEP + 2,
		      "%d stacks kept: %ld mappings more, expected about %d",
		      KEEP, kept - before, 2 * KEEP);
	ck_assert_msg(after <= before + 2,
		      "%ld mappings before, %ld after destroying the pools",
		      before, after);
#endif
}
END_TEST

/* A stack handed out may be destroyed; the pool then stops counting it. */
START_TEST(test_pool_destroy_waits_for_stacks)
{
	fringe_stack_pool *pool;
	fringe_stack *a, *b;

	ck_assert_int_eq(fringe_stack_pool_create(&pool, STACK_SIZE, 4), 0);
	ck_assert_int_eq(fringe_stack_pool_get(pool, &a), 0);
	ck_assert_int_eq(fringe_stack_pool_get(pool, &b), 0);
	ck_assert_int_eq(fringe_stack_pool_destroy(pool), -EBUSY);
	ck_assert_int_eq(fringe_stack_pool_put(pool, a), 0);
	ck_assert_int_eq(fringe_stack_pool_destroy(pool), -EBUSY);
	ck_assert_int_eq(fringe_stack_destroy(b), 0);
	/* Still alive after the refusals: it hands out and takes back. */
	check_pool_works_then_destroy(pool, 70);
}
END_TEST

/* Registered with tcase_add_test_raise_signal(..., SIGSEGV). */
START_TEST(test_pool_guard_page)
{
	fringe_stack_pool *pool;
	fringe_stack *stack;
	volatile char *below;

	ck_assert_int_eq(fringe_stack_pool_create(&pool, STACK_SIZE, 1), 0);
	/* A stack that went through the cache is still guarded. */
	ck_assert_int_eq(fringe_stack_pool_get(pool, &stack), 0);
	ck_assert_int_eq(fringe_stack_pool_put(pool, stack), 0);
	ck_assert_int_eq(fringe_stack_pool_get(pool, &stack), 0);
	below = (volatile char *)fringe_stack_base(stack) - 1;
	*below = 1;
	ck_abort_msg("writing below a pooled stack did not fault");
}
END_TEST

/* ---- errors ------------------------------------------------------------------------ */

START_TEST(test_pool_errors)
{
	fringe_stack_pool *pool = V(1), *other;
	fringe_stack *stack = V(1), *plain, *foreign, *on;
	static _Alignas(16) unsigned char memory[FRINGE_STACK_MIN_SIZE + 256];

	ck_assert_int_eq(fringe_stack_pool_create(NULL, STACK_SIZE, 1), -EINVAL);
	ck_assert_int_eq(fringe_stack_pool_create(&pool, SIZE_MAX, 1), -EINVAL);
	ck_assert_ptr_null(pool);
	ck_assert_int_eq(fringe_stack_pool_get(NULL, &stack), -EINVAL);
	ck_assert_ptr_null(stack);
	ck_assert_int_eq(fringe_stack_pool_put(NULL, NULL), -EINVAL);
	ck_assert_int_eq(fringe_stack_pool_destroy(NULL), -EINVAL);

	ck_assert_int_eq(fringe_stack_pool_create(&pool, STACK_SIZE, 1), 0);
	ck_assert_int_eq(fringe_stack_pool_create(&other, STACK_SIZE, 1), 0);
	ck_assert_int_eq(fringe_stack_pool_get(pool, NULL), -EINVAL);
	ck_assert_int_eq(fringe_stack_pool_put(pool, NULL), -EINVAL);
	/* Stacks that are not this pool's. */
	ck_assert_int_eq(fringe_stack_create(&plain, STACK_SIZE), 0);
	ck_assert_int_eq(fringe_stack_create_on(&on, memory, sizeof memory), 0);
	ck_assert_int_eq(fringe_stack_pool_get(other, &foreign), 0);
	ck_assert_int_eq(fringe_stack_pool_put(pool, plain), -EINVAL);
	ck_assert_int_eq(fringe_stack_pool_put(pool, on), -EINVAL);
	ck_assert_int_eq(fringe_stack_pool_put(pool, foreign), -EINVAL);
	/* They are untouched and still their owners'. */
	ck_assert_int_eq(one_life(plain, 80), 0);
	ck_assert_int_eq(one_life(on, 90), 0);
	ck_assert_int_eq(fringe_stack_destroy(plain), 0);
	ck_assert_int_eq(fringe_stack_destroy(on), 0);
	ck_assert_int_eq(fringe_stack_pool_put(other, foreign), 0);
	ck_assert_int_eq(fringe_stack_pool_destroy(other), 0);
	ck_assert_int_eq(fringe_stack_pool_destroy(pool), 0);
}
END_TEST

/* A stack with a generator on it cannot be given back. */
START_TEST(test_pool_put_busy)
{
	fringe_stack_pool *pool;
	fringe_stack *stack;
	fringe_generator *g;
	void *out;

	ck_assert_int_eq(fringe_stack_pool_create(&pool, STACK_SIZE, 1), 0);
	ck_assert_int_eq(fringe_stack_pool_get(pool, &stack), 0);
	ck_assert_int_eq(fringe_generator_create(&g, stack, step_fn, NULL), 0);
	ck_assert_int_eq(fringe_stack_pool_put(pool, stack), -EBUSY);
	ck_assert_int_eq(fringe_generator_resume(g, V(1), &out), FRINGE_YIELDED);
	ck_assert_int_eq(fringe_stack_pool_put(pool, stack), -EBUSY);
	/* The refusals left the generator intact. */
	ck_assert_uint_eq(U(out), 2);
	ck_assert_int_eq(fringe_generator_resume(g, V(3), &out), FRINGE_FINISHED);
	ck_assert_uint_eq(U(out), 6);
	ck_assert_int_eq(fringe_stack_pool_put(pool, stack), -EBUSY);
	ck_assert_int_eq(fringe_generator_destroy(g), 0);
	ck_assert_int_eq(fringe_stack_pool_put(pool, stack), 0);
	ck_assert_int_eq(fringe_stack_pool_destroy(pool), 0);
}
END_TEST

/* ---- no system call in the steady state ------------------------------------------ */

#ifdef HAVE_SECCOMP_TEST

#define LIVES 1000

/* Where the child reports the first system call it tried. */
static volatile long *trapped_call;

/* End the child with the bare system call: _exit() may be intercepted by
 * a sanitizer that has more to do at exit. */
static void child_exit(int status)
{
	syscall(SYS_exit_group, status);
	for (;;)
		;
}

static void on_sigsys(int sig, siginfo_t *info, void *context)
{
	(void)sig;
	(void)context;
	*trapped_call = info->si_syscall;
	child_exit(3);
}

/*
 * Stop this process at its first system call other than exiting: every
 * other call raises SIGSYS.  The architecture field is not checked: only
 * two call numbers are let through, both of which end the process.
 */
static int forbid_system_calls(void)
{
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_exit_group, 2, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_exit, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog program = { sizeof filter / sizeof filter[0], filter };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program);
}

START_TEST(test_pool_no_system_call)
{
	fringe_stack_pool *pool;
	fringe_stack *stack;
	struct sigaction sa;
	pid_t child;
	int status;

	if (fringe_under_valgrind() || fringe_emulated() ||
	    FRINGE_TEST_SANITIZED)
		SKIP_TEST("Valgrind, emulators and sanitizers make system "
			  "calls of their own");
	if (strcmp(FRINGE_BACKEND, "ucontext") == 0)
		SKIP_TEST("the ucontext backend's switches call "
			  "sigprocmask(2)");
	trapped_call = mmap(NULL, sizeof *trapped_call, PROT_READ | PROT_WRITE,
			    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne((void *)trapped_call, MAP_FAILED);
	*trapped_call = -1;

	/* The steady state: one stack in the pool, everything warmed up
	 * (lazy symbol binding, the thread's first generator). */
	ck_assert_int_eq(fringe_stack_pool_create(&pool, STACK_SIZE, 1), 0);
	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq(fringe_stack_pool_get(pool, &stack), 0);
		ck_assert_int_eq(one_life(stack, (uintptr_t)i), 0);
		ck_assert_int_eq(fringe_stack_pool_put(pool, stack), 0);
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO;
	ck_assert_int_eq(sigaction(SIGSYS, &sa, NULL), 0);

	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		if (forbid_system_calls() != 0)
			child_exit(4);
		for (uintptr_t i = 0; i < LIVES; i++) {
			if (fringe_stack_pool_get(pool, &stack) != 0)
				child_exit(5);
			if (one_life(stack, i) != 0)
				child_exit(6);
			if (fringe_stack_pool_put(pool, stack) != 0)
				child_exit(7);
		}
		child_exit(0);
	}
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	signal(SIGSYS, SIG_DFL);
	ck_assert_int_eq(fringe_stack_pool_destroy(pool), 0);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 4)
		SKIP_TEST("the kernel refused the seccomp filter");
	ck_assert_msg(WIFEXITED(status), "the child died of signal %d",
		      WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	ck_assert_msg(WEXITSTATUS(status) != 3,
		      "a generator life on a pooled stack made system call "
		      "number %ld",
		      *trapped_call);
	ck_assert_msg(WEXITSTATUS(status) == 0,
		      "the child's generator lives went wrong (exit %d)",
		      WEXITSTATUS(status));
}
END_TEST

#endif /* HAVE_SECCOMP_TEST */

/* ---- the mapping limit ----------------------------------------------------------- */

#if defined(__linux__) && !FRINGE_TEST_SANITIZED
#define HAVE_MAP_COUNT_TEST 1

/* Past this, filling every mapping would take too long for a test. */
#define MAX_MAP_COUNT_TESTED 300000

static long max_map_count(void)
{
	FILE *f = fopen("/proc/sys/vm/max_map_count", "r");
	long v = -1;

	if (f != NULL) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

/*
 * Take guarded stacks from a pool until that fails: it must fail with
 * ENOMEM (the mapping limit), fringe_stack_create() too, and after the
 * stacks are given back everything works again.
 */
START_TEST(test_map_count_limit)
{
	long limit = max_map_count();
	fringe_stack_pool *pool;
	fringe_stack **stacks;
	fringe_stack *extra = V(1);
	long n = 0, most;
	int rc_pool = 0, rc_plain;

	if (fringe_emulated())
		SKIP_TEST("an emulator needs mappings of its own");
	if (limit < 0 || limit > MAX_MAP_COUNT_TESTED)
		SKIP_TEST("vm.max_map_count is %ld", limit);
	most = limit; /* more than can succeed */
	stacks = calloc((size_t)most, sizeof *stacks);
	ck_assert_ptr_nonnull(stacks);
	ck_assert_int_eq(fringe_stack_pool_create(&pool, FRINGE_STACK_MIN_SIZE,
						  (size_t)most),
			 0);
	while (n < most) {
		rc_pool = fringe_stack_pool_get(pool, &stacks[n]);
		if (rc_pool != 0)
			break;
		n++;
	}
	rc_plain = fringe_stack_create(&extra, FRINGE_STACK_MIN_SIZE);
	/* Give everything back before asserting: a failing assertion needs
	 * memory too. */
	for (long i = 0; i < n; i++)
		ck_assert_int_eq(fringe_stack_pool_put(pool, stacks[i]), 0);
	ck_assert_int_eq(fringe_stack_pool_destroy(pool), 0);
	free(stacks);

	ck_assert_int_eq(rc_pool, -ENOMEM);
	ck_assert_int_eq(rc_plain, -ENOMEM);
	ck_assert_ptr_null(extra);
	/* Two mappings each: about half the limit. */
	ck_assert_msg(n > limit / 2 - 2000 && n <= limit / 2,
		      "%ld guarded stacks with vm.max_map_count %ld", n, limit);
	/* Released: stacks can be made again. */
	ck_assert_int_eq(fringe_stack_create(&extra, STACK_SIZE), 0);
	ck_assert_int_eq(one_life(extra, 100), 0);
	ck_assert_int_eq(fringe_stack_destroy(extra), 0);
}
END_TEST

#endif /* HAVE_MAP_COUNT_TEST */

Suite *make_pool_suite(void)
{
	Suite *suite = suite_create("pool");
	TCase *tc;

	tc = tcase_create("use");
	tcase_add_test(tc, test_pool_get_put);
	tcase_add_test(tc, test_pool_sizes);
	tcase_add_test(tc, test_pool_resets_stack);
	tcase_add_test(tc, test_pool_cached_stack_is_claimed);
	tcase_add_test(tc, test_pool_max_cached);
	tcase_add_test(tc, test_pool_destroy_waits_for_stacks);
	ADD_SIGNAL_TEST(tc, test_pool_guard_page, SIGSEGV);
	suite_add_tcase(suite, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, test_pool_errors);
	tcase_add_test(tc, test_pool_put_busy);
	suite_add_tcase(suite, tc);

	tc = tcase_create("system");
#ifdef HAVE_SECCOMP_TEST
	tcase_add_test(tc, test_pool_no_system_call);
#else
	fringe_skip("test_pool_no_system_call",
		    "needs the Linux seccomp and filter headers");
#endif
#ifdef HAVE_MAP_COUNT_TEST
	if (!check_forks())
		fringe_skip("test_map_count_limit", "%s", NEEDS_FORK);
	else if (fringe_under_valgrind())
		fringe_skip("test_map_count_limit",
			    "Valgrind needs mappings of its own");
	else
		tcase_add_test(tc, test_map_count_limit);
#else
	fringe_skip("test_map_count_limit",
		    "needs Linux's vm.max_map_count, without sanitizers");
#endif
	tcase_set_timeout(tc, 60);
	suite_add_tcase(suite, tc);
	return suite;
}

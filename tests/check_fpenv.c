/*
 * check_fpenv.c - the "fpenv" suite.
 *
 * Area:        the floating-point environment across generator switches,
 *              as a C program sees it through <fenv.h> and arithmetic.
 *
 * Purpose:     Every ABI the library supports makes the floating-point
 *              control modes (rounding mode, flush-to-zero) callee-saved,
 *              or of thread storage duration with the C rule that a call
 *              does not change them; a switch is a call to both sides.  So:
 *              a rounding mode or flush-to-zero setting made inside a
 *              generator must not leak into its resumer, nor the resumer's
 *              into the generator; a generator starts with the modes in
 *              effect when it was created; the exception flags, which are
 *              status and not control, belong to the thread and are seen on
 *              both sides.  Each mode is checked both with fegetround() and
 *              by the result of a division, so that every unit that does
 *              arithmetic is covered: on x86 double arithmetic uses MXCSR
 *              and long double the x87 control word.
 *
 *              Every test runs for both kinds of generator (a loop test
 *              over fringe_kinds).  The above is the default kind's.  A
 *              generator created with FRINGE_GENERATOR_SHARE_FPENV leaves
 *              the control modes to the thread instead: a rounding mode or
 *              flush-to-zero setting made inside it is seen by its resumer
 *              after its yield, one made by the resumer is seen inside it
 *              at the next resume (at the first one too: it starts in the
 *              mode of its first resumer, not of its creator); the
 *              exception flags are the thread's as for the default kind.
 *
 * Limitations: Flush-to-zero is tested only where the CPU has it for
 *              scalar double arithmetic (tests/arch/fpctl.h): x86 with SSE2
 *              math, aarch64 and arm; not on ppc64le, riscv64 or s390x, nor
 *              on i386 built without SSE.  The exception-flag test is
 *              skipped with the ucontext backend, where swapcontext()
 *              restores the whole environment, flags included.  Rounding
 *              modes the C library does not offer are skipped.  Nothing runs
 *              under Valgrind, which emulates only round-to-nearest.
 *              Exception traps are not tested (C has no portable way to
 *              enable them).  Nothing runs on soft-float ARM (armel),
 *              whose arithmetic has no modes and no flags.  The shared
 *              kind's modes are tested only where the build keeps its
 *              contract (FRINGE_TEST_SHARES_FPENV in fringe-tests.h: a
 *              backend that switches generators itself, no sanitizers);
 *              elsewhere those tests are skipped.
 */
#include "config.h"

#include <fenv.h>
#include <float.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "arch/fpctl.h"
#include "fringe-tests.h"

#define NOINLINE __attribute__((noinline))

/*
 * What no test here can do without: Valgrind's CPU emulates only
 * round-to-nearest, without flush-to-zero or exception flags; soft-float
 * ARM has no modes at all (tests/arch/fpctl.h).
 */
#ifdef FRINGE_TEST_SOFT_FLOAT
#define SKIP_SOFT_FLOAT() SKIP_TEST("%s", FRINGE_TEST_SOFT_FLOAT)
#else
#define SKIP_SOFT_FLOAT() ((void)0)
#endif
#define SKIP_WITHOUT_FP()                                                    \
	do {                                                                 \
		SKIP_UNDER_VALGRIND("Valgrind does not emulate "             \
				    "floating-point modes");                 \
		SKIP_SOFT_FLOAT();                                           \
	} while (0)

/* A test of the control modes, for generators created with `flags`: the
 * shared kind's contract holds only where FRINGE_TEST_SHARES_FPENV. */
#define SKIP_WITHOUT_CONTRACT(flags)                                         \
	do {                                                                 \
		SKIP_WITHOUT_FP();                                           \
		if (((flags) & FRINGE_GENERATOR_SHARE_FPENV) &&              \
		    !FRINGE_TEST_SHARES_FPENV)                               \
			SKIP_TEST("SHARE_FPENV: %s", MODES_APART);           \
	} while (0)
#ifdef FRINGE_SANITIZE_FIBERS
#define MODES_APART "a sanitizer build switches generators with the "      \
		    "context switch, which keeps the modes apart"
#else
#define MODES_APART "the " FRINGE_BACKEND " backend does not switch "      \
		    "generators itself and keeps the modes apart"
#endif

/* Does the kind made by `flags` leave the control modes to the thread? */
static int shares_modes(unsigned int flags)
{
	return (flags & FRINGE_GENERATOR_SHARE_FPENV) != 0;
}

/* The four C rounding modes, where defined. */
static const int modes[] = {
#ifdef FE_TONEAREST
	FE_TONEAREST,
#endif
#ifdef FE_UPWARD
	FE_UPWARD,
#endif
#ifdef FE_DOWNWARD
	FE_DOWNWARD,
#endif
#ifdef FE_TOWARDZERO
	FE_TOWARDZERO,
#endif
};
#define NMODES (sizeof modes / sizeof modes[0])

/*
 * Results of divisions whose rounding tells the four modes apart: in
 * binary, 1/3 lies nearer to its lower neighbour and 1/5 nearer to its
 * upper one (in double and in the x87's long double), and the signs
 * separate upward from downward.
 */
struct probe {
	double d[4];
#if FRINGE_TEST_X87_LONG_DOUBLE
	long double ld[4];
#endif
};

static NOINLINE void probe(struct probe *p)
{
	volatile double one = 1.0, three = 3.0, five = 5.0;
	volatile double r;
#if FRINGE_TEST_X87_LONG_DOUBLE
	volatile long double lone = 1.0L, lthree = 3.0L, lfive = 5.0L;
	volatile long double lr;
#endif

	memset(p, 0, sizeof *p);
	r = one / three;
	p->d[0] = r;
	r = -one / three;
	p->d[1] = r;
	r = one / five;
	p->d[2] = r;
	r = -one / five;
	p->d[3] = r;
#if FRINGE_TEST_X87_LONG_DOUBLE
	lr = lone / lthree;
	p->ld[0] = lr;
	lr = -lone / lthree;
	p->ld[1] = lr;
	lr = lone / lfive;
	p->ld[2] = lr;
	lr = -lone / lfive;
	p->ld[3] = lr;
#endif
}

static int probe_eq(const struct probe *a, const struct probe *b)
{
	for (int i = 0; i < 4; i++) {
		if (a->d[i] != b->d[i])
			return 0;
#if FRINGE_TEST_X87_LONG_DOUBLE
		if (a->ld[i] != b->ld[i])
			return 0;
#endif
	}
	return 1;
}

/* The probe's results under each supported mode; usable[i] says whether
 * fesetround() accepted modes[i]. */
static struct probe reference[NMODES];
static int usable[NMODES];

static void compute_references(void)
{
	int saved = fegetround();

	for (size_t i = 0; i < NMODES; i++) {
		usable[i] = fesetround(modes[i]) == 0;
		if (usable[i])
			probe(&reference[i]);
	}
	ck_assert_int_eq(fesetround(saved), 0);
	/* The probe must tell every pair of modes apart. */
	for (size_t i = 0; i < NMODES; i++)
		for (size_t j = i + 1; j < NMODES; j++)
			if (usable[i] && usable[j])
				ck_assert_msg(!probe_eq(&reference[i],
							&reference[j]),
					      "rounding modes %zu and %zu give "
					      "the same results",
					      i, j);
}

/* Index of `mode` in modes[]. */
static int mode_index(int mode)
{
	for (size_t i = 0; i < NMODES; i++)
		if (modes[i] == mode)
			return (int)i;
	return -1;
}

/* Is the current environment exactly mode number i, by fegetround() and
 * by arithmetic? */
static int in_mode(size_t i)
{
	struct probe now;

	probe(&now);
	return fegetround() == modes[i] && probe_eq(&now, &reference[i]);
}

/* ------------------------------------------------------------------------
 * Rounding modes
 * ------------------------------------------------------------------------ */

struct rounding {
	int errors;       /* checks that failed inside the generator */
	int first_error;  /* the step of the first one */
	int start_ok;     /* it started in the mode expected */
};

/*
 * Each input is the index of the mode to expect times 16 plus the index
 * of the mode to switch to.  The mode to expect is, for the default kind,
 * its own from before its last yield (the first time: the mode it was
 * created in); for the shared kind, the resumer's.
 */
static void *rounding_fn(fringe_yielder *y, void *input, void *userdata)
{
	struct rounding *r = userdata;
	int step = 0;

	while (input != V(0xff)) {
		size_t expect = U(input) / 16, next = U(input) % 16;

		if (!in_mode(expect)) {
			if (r->errors++ == 0)
				r->first_error = step;
		} else if (step == 0) {
			r->start_ok = 1;
		}
		fesetround(modes[next]);
		step++;
		if (fringe_generator_yield(y, NULL, &input) != 0)
			break;
	}
	return NULL;
}

/* Every pair (resumer's mode, generator's mode), both ways: after each
 * switch a side is in its own mode, or, for the shared kind, in the one
 * the other side set. */
START_TEST(test_rounding_across_switches)
{
	const unsigned int flags = fringe_kinds[_i];
	const int shared = shares_modes(flags);
	const char *kind = fringe_kind_name(flags);

	SKIP_WITHOUT_CONTRACT(flags);
	struct rounding r = { 0, -1, 0 };
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;
	size_t mine = 0, its = 0, expect;
	int saved = fegetround();

	compute_references();
	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fesetround(modes[0]), 0);
	ck_assert_int_eq(fringe_generator_create_flags(&gen, stack, rounding_fn,
						       &r, flags),
			 0);
	for (size_t a = 0; a < NMODES; a++) {
		for (size_t b = 0; b < NMODES; b++) {
			if (!usable[a] || !usable[b])
				continue;
			ck_assert_int_eq(fesetround(modes[a]), 0);
			mine = a;
			expect = shared ? mine : its;
			ck_assert_int_eq(fringe_generator_resume(
						 gen, V(expect * 16 + b), NULL),
					 FRINGE_YIELDED);
			its = b;
			expect = shared ? its : mine;
			ck_assert_msg(in_mode(expect),
				      "%s: the resumer, in rounding mode %zu, "
				      "is not in mode %zu after the generator "
				      "set mode %zu",
				      kind, mine, expect, its);
		}
	}
	ck_assert_int_eq(fringe_generator_resume(gen, V(0xff), NULL),
			 FRINGE_FINISHED);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
	fesetround(saved);
	ck_assert_msg(r.errors == 0,
		      "%s: %d times the generator was not in the rounding mode "
		      "%s (first at step %d)",
		      kind, r.errors,
		      shared ? "its resumer set" : "it had set", r.first_error);
	ck_assert_int_eq(r.start_ok, 1);
}
END_TEST

/* A generator of the default kind starts in the mode in effect when it
 * was created, not in its first resumer's; one of the shared kind starts
 * in its first resumer's, and the mode it sets is its resumer's then. */
START_TEST(test_rounding_at_start)
{
	const unsigned int flags = fringe_kinds[_i];
	const int shared = shares_modes(flags);

	SKIP_WITHOUT_CONTRACT(flags);
	struct rounding r = { 0, -1, 0 };
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;
	int saved = fegetround();
	int up = -1, down = -1, nearest = mode_index(FE_TONEAREST);
	int expect, next;

#ifdef FE_UPWARD
	up = mode_index(FE_UPWARD);
#endif
#ifdef FE_DOWNWARD
	down = mode_index(FE_DOWNWARD);
#endif
	compute_references();
	if (up < 0 || nearest < 0 || !usable[up] || !usable[nearest] ||
	    (shared && (down < 0 || !usable[down]))) {
		SKIP_TEST("%s: no usable FE_UPWARD, FE_TONEAREST%s here",
			  fringe_kind_name(flags),
			  shared ? " and FE_DOWNWARD" : "");
	}
	/* Created in one mode, resumed in another, and a third one set
	 * inside where the resumer is to see it. */
	expect = shared ? nearest : up;
	next = shared ? down : up;
	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fesetround(FE_UPWARD), 0);
	ck_assert_int_eq(fringe_generator_create_flags(&gen, stack, rounding_fn,
						       &r, flags),
			 0);
	ck_assert_int_eq(fesetround(FE_TONEAREST), 0);
	ck_assert_int_eq(fringe_generator_resume(gen, V(expect * 16 + next),
						 NULL),
			 FRINGE_YIELDED);
	ck_assert(in_mode((size_t)(shared ? next : nearest)));
	ck_assert_int_eq(fringe_generator_resume(gen, V(0xff), NULL),
			 FRINGE_FINISHED);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
	fesetround(saved);
	ck_assert_int_eq(r.errors, 0);
	ck_assert_int_eq(r.start_ok, 1);
}
END_TEST

/*
 * Nested generators, both of one kind: the test runs in mode 0, the outer
 * generator in mode 1, the inner one in the last mode.  With the default
 * kind each keeps its own; with the shared kind each side finds the mode
 * the side that ran last set.
 */
struct nest {
	fringe_stack *inner_stack;
	unsigned int flags;
	int shared;
	int errors;
};

static void *nest_inner(fringe_yielder *y, void *input, void *userdata)
{
	struct nest *n = userdata;

	(void)input;
	for (int i = 0; i < 3; i++) {
		fesetround(modes[NMODES - 1]);
		if (fringe_generator_yield(y, NULL, NULL) != 0)
			break;
		/* Shared: the outer one resumed it in the test's mode. */
		if (!in_mode(n->shared ? 0 : NMODES - 1))
			n->errors++;
	}
	return NULL;
}

static void *nest_outer(fringe_yielder *y, void *input, void *userdata)
{
	struct nest *n = userdata;
	fringe_generator *inner;

	(void)input;
	fesetround(modes[1]);
	if (fringe_generator_create_flags(&inner, n->inner_stack, nest_inner,
					  n, n->flags) != 0) {
		n->errors += 100;
		return NULL;
	}
	while (fringe_generator_resume(inner, NULL, NULL) == FRINGE_YIELDED) {
		if (!in_mode(n->shared ? NMODES - 1 : 1))
			n->errors++;
		fesetround(modes[1]);
		(void)fringe_generator_yield(y, NULL, NULL);
		if (!in_mode(n->shared ? 0 : 1))
			n->errors++;
	}
	if (fringe_generator_destroy(inner) != 0)
		n->errors += 100;
	return NULL;
}

START_TEST(test_rounding_nested)
{
	const unsigned int flags = fringe_kinds[_i];

	SKIP_WITHOUT_CONTRACT(flags);
	struct nest n = { NULL, flags, shares_modes(flags), 0 };
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;
	int saved = fegetround();

	compute_references();
	if (NMODES < 3 || !usable[0] || !usable[1] || !usable[NMODES - 1]) {
		SKIP_TEST("%s: fewer than three usable rounding modes here",
			  fringe_kind_name(flags));
	}
	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_stack_create(&n.inner_stack, 0), 0);
	ck_assert_int_eq(fesetround(modes[0]), 0);
	ck_assert_int_eq(fringe_generator_create_flags(&gen, stack, nest_outer,
						       &n, flags),
			 0);
	while (fringe_generator_resume(gen, NULL, NULL) == FRINGE_YIELDED) {
		ck_assert(in_mode(n.shared ? 1 : 0));
		ck_assert_int_eq(fesetround(modes[0]), 0);
	}
	ck_assert(in_mode(0));
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(fringe_stack_destroy(n.inner_stack), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
	fesetround(saved);
	ck_assert_msg(n.errors == 0, "%s: %d wrong modes in the generators",
		      fringe_kind_name(flags), n.errors);
}
END_TEST

/* ------------------------------------------------------------------------
 * Flush to zero
 * ------------------------------------------------------------------------ */

#if FRINGE_TEST_HAVE_FTZ
#define FTZ_ROUNDS 4

/* 1 if a result that should be subnormal comes out as zero. */
static NOINLINE int flushes(void)
{
	volatile double tiny = DBL_MIN, four = 4.0;
	volatile double q = tiny / four;

	return q == 0.0;
}

/*
 * The generator's setting in round k, on for the first two rounds and off
 * for the last two; the resumer sets the opposite after each yield.  Each
 * side checks the setting after each switch, and all but one of those
 * checks tell the two sides' settings apart, both ways and for both
 * settings.
 */
static int generator_ftz(int k)
{
	return k < FTZ_ROUNDS / 2;
}

struct ftz {
	int shared;
	int errors;
};

static void *ftz_fn(fringe_yielder *y, void *input, void *userdata)
{
	struct ftz *f = userdata;

	(void)input;
	for (int k = 0; k < FTZ_ROUNDS; k++) {
		int mine = generator_ftz(k);
		int expect = f->shared ? !mine : mine;

		fpctl_ftz_set(mine);
		if (flushes() != mine)
			f->errors += 100; /* the mode itself does not work */
		if (fringe_generator_yield(y, NULL, NULL) != 0)
			break;
		if (fpctl_ftz_get() != expect || flushes() != expect)
			f->errors++;
	}
	return NULL;
}
#endif

START_TEST(test_flush_to_zero_across_switches)
{
	const unsigned int flags = fringe_kinds[_i];

	SKIP_WITHOUT_CONTRACT(flags);
#if FRINGE_TEST_HAVE_FTZ
	struct ftz f = { shares_modes(flags), 0 };
	const char *kind = fringe_kind_name(flags);
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;
	int mine = 0, k = 0;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	fpctl_ftz_set(mine);
	ck_assert_int_eq(fringe_generator_create_flags(&gen, stack, ftz_fn, &f,
						       flags),
			 0);
	while (fringe_generator_resume(gen, NULL, NULL) == FRINGE_YIELDED) {
		int expect = f.shared ? generator_ftz(k) : mine;

		ck_assert_msg(fpctl_ftz_get() == expect && flushes() == expect,
			      "%s: flush-to-zero is %s in the resumer after "
			      "yield %d, expected %s",
			      kind, fpctl_ftz_get() ? "on" : "off", k,
			      expect ? "on" : "off");
		mine = !generator_ftz(k);
		fpctl_ftz_set(mine);
		k++;
	}
	fpctl_ftz_set(0);
	ck_assert_int_eq(k, FTZ_ROUNDS);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
	ck_assert_msg(f.errors < 100, "flush-to-zero does not work here");
	ck_assert_msg(f.errors == 0,
		      "%s: %d times the generator found flush-to-zero %s after "
		      "a resume",
		      kind, f.errors,
		      f.shared ? "not as its resumer set it"
			       : "changed by its resumer");
#else
	SKIP_TEST("%s: no flush-to-zero mode on this CPU",
		  fringe_kind_name(flags));
#endif
}
END_TEST

/* ------------------------------------------------------------------------
 * Exception flags
 * ------------------------------------------------------------------------ */

struct flags {
	int cleared_seen; /* the flag the resumer cleared was clear here */
};

static void *flags_fn(fringe_yielder *y, void *input, void *userdata)
{
	struct flags *f = userdata;
	struct probe p;

	(void)input;
	feclearexcept(FE_ALL_EXCEPT);
	probe(&p); /* inexact */
	if (fringe_generator_yield(y, NULL, NULL) != 0)
		return NULL;
	f->cleared_seen = fetestexcept(FE_INEXACT) == 0;
	return NULL;
}

/* Status, not control: the thread's, with either kind. */
START_TEST(test_exception_flags_are_the_threads)
{
	const unsigned int flags = fringe_kinds[_i];

	SKIP_WITHOUT_FP();
	struct flags f = { 0 };
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;

	if (strcmp(FRINGE_BACKEND, "ucontext") == 0) {
		SKIP_TEST("%s: the ucontext backend switches the flags",
			  fringe_kind_name(flags));
	}
	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_generator_create_flags(&gen, stack, flags_fn,
						       &f, flags),
			 0);
	feclearexcept(FE_ALL_EXCEPT);
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, NULL),
			 FRINGE_YIELDED);
	/* Raised inside the generator, seen by the resumer. */
	ck_assert_int_ne(fetestexcept(FE_INEXACT), 0);
	/* Cleared by the resumer, clear inside the generator. */
	feclearexcept(FE_ALL_EXCEPT);
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, NULL),
			 FRINGE_FINISHED);
	ck_assert_int_eq(f.cleared_seen, 1);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

Suite *make_fpenv_suite(void)
{
	Suite *suite = suite_create("fpenv");
	TCase *tc = tcase_create("fpenv");

	/* Each for every kind of generator. */
	tcase_add_loop_test(tc, test_rounding_across_switches, 0,
			    FRINGE_NKINDS);
	tcase_add_loop_test(tc, test_rounding_at_start, 0, FRINGE_NKINDS);
	tcase_add_loop_test(tc, test_rounding_nested, 0, FRINGE_NKINDS);
	tcase_add_loop_test(tc, test_flush_to_zero_across_switches, 0,
			    FRINGE_NKINDS);
	tcase_add_loop_test(tc, test_exception_flags_are_the_threads, 0,
			    FRINGE_NKINDS);
	suite_add_tcase(suite, tc);
	return suite;
}

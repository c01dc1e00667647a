/*
 * check_errors.c - the "errors" suite.
 *
 * Area:        every documented error return of the public API.
 *
 * Purpose:     One test per misuse, each asserting the exact negative errno
 *              value (or NULL / 0 for the queries) that fringe.h promises:
 *              NULL arguments, impossible sizes, stacks still in use,
 *              generators that are running (resuming or destroying
 *              themselves, resuming their resumer), yields from the wrong
 *              place, and objects used after being destroyed.  Where a
 *              misuse could corrupt state, the test also checks that the
 *              objects involved still work afterwards.
 *
 *              The matrix is every public function against NULL
 *              pointers; zero, huge (SIZE_MAX) and odd sizes; caller memory
 *              that is too small or misaligned; wrong states (resuming a
 *              finished or running generator, yielding from outside any
 *              generator or with another generator's yielder, destroying or
 *              cancelling a running generator, destroying a stack a live
 *              generator uses, destroying twice); and the one misuse that
 *              is caught only after the damage is done, a yield made below
 *              the generator's stack, which aborts with a message (tested
 *              in a forked child).  fringe_version() and
 *              fringe_version_string() take no arguments and cannot fail.
 *
 * Limitations: Use after destroy is only tested where it is defined: on
 *              generators and stacks whose memory is still valid (caller
 *              memory, or a mapped stack still alive).  A destroyed mapped
 *              stack is unmapped and its descriptor freed, so touching it,
 *              destroying it twice included, is not an error the library
 *              can report.  Rows tested elsewhere: the aborts of the context
 *              API (NULL stack pointers in switches) and fringe_context_init()
 *              on a stack a generator uses in check_context.c; two threads
 *              resuming the same generator in check_threads.c; cancelling
 *              finished and never-started generators in check_cancel.c;
 *              fringe_overflow_handler_install() failing in
 *              check_overflow.c.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "child.h"
#include "fringe-tests.h"

/* C11's aligned_alloc(), which the Microsoft C library lacks. */
#ifdef _WIN32
#include <malloc.h>
#define aligned_memory(alignment, size) _aligned_malloc(size, alignment)
#define free_aligned(p) _aligned_free(p)
#else
#define aligned_memory(alignment, size) aligned_alloc(alignment, size)
#define free_aligned(p) free(p)
#endif

#define CALLER_MEMORY (64u * 1024u)

/* A generator function that returns its input at once. */
static void *identity_fn(fringe_yielder *yielder, void *input, void *userdata)
{
	(void)yielder;
	(void)userdata;
	return input;
}

/* A generator function that yields 1, then returns 2. */
static void *yield_once_fn(fringe_yielder *yielder, void *input,
			   void *userdata)
{
	(void)input;
	(void)userdata;
	if (fringe_generator_yield(yielder, V(1), NULL) != 0)
		return V(0);
	return V(2);
}

/* A context entry function for fringe_context_init(); never switched to. */
static void never_entered(void *value, void *from_sp, void *userdata)
{
	(void)value;
	(void)from_sp;
	(void)userdata;
}

/* ------------------------------------------------------------------------
 * Stacks
 * ------------------------------------------------------------------------ */

START_TEST(test_stack_create_null_out)
{
	ck_assert_int_eq(fringe_stack_create(NULL, 0), -EINVAL);
	ck_assert_int_eq(fringe_stack_create(NULL, FRINGE_STACK_MIN_SIZE),
			 -EINVAL);
}
END_TEST

START_TEST(test_stack_create_size_max)
{
	fringe_stack *stack = NULL;

	ck_assert_int_eq(fringe_stack_create(&stack, SIZE_MAX), -EINVAL);
}
END_TEST

/*
 * Representable once rounded and guarded, but no mapping can be that big
 * (half the address space could be mapped by a 32-bit process on a 64-bit
 * kernel: ask for nearly all of it).
 */
START_TEST(test_stack_create_huge)
{
	fringe_stack *stack = NULL;
	size_t page = fringe_page_size();

	ck_assert_int_eq(fringe_stack_create(&stack, SIZE_MAX - 4 * page),
			 -ENOMEM);
}
END_TEST

/* Zero and sizes that are not whole pages are not errors: zero means the
 * default, the others are raised to the minimum and rounded up. */
START_TEST(test_stack_create_odd_sizes)
{
	size_t page = fringe_page_size();
	const size_t sizes[] = { 0, 1, FRINGE_STACK_MIN_SIZE - 1,
				 FRINGE_STACK_MIN_SIZE + 1, page + 1,
				 3 * page - 7 };

	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		size_t want = sizes[i] == 0 ? FRINGE_STACK_DEFAULT_SIZE : sizes[i];
		fringe_stack *stack = NULL;

		if (want < FRINGE_STACK_MIN_SIZE)
			want = FRINGE_STACK_MIN_SIZE;
		want = (want + page - 1) / page * page;
		ck_assert_int_eq(fringe_stack_create(&stack, sizes[i]), 0);
		ck_assert_uint_eq(fringe_stack_size(stack), want);
		ck_assert_int_eq(fringe_stack_destroy(stack), 0);
	}
}
END_TEST

START_TEST(test_stack_create_on_null_out)
{
	unsigned char *memory = malloc(CALLER_MEMORY);

	ck_assert_ptr_ne(memory, NULL);
	ck_assert_int_eq(fringe_stack_create_on(NULL, memory, CALLER_MEMORY),
			 -EINVAL);
	free(memory);
}
END_TEST

START_TEST(test_stack_create_on_null_memory)
{
	fringe_stack *stack = NULL;

	ck_assert_int_eq(fringe_stack_create_on(&stack, NULL, CALLER_MEMORY),
			 -EINVAL);
}
END_TEST

/* FRINGE_STACK_MIN_SIZE bytes leave less than that once the descriptor is
 * taken out of them. */
START_TEST(test_stack_create_on_too_small)
{
	unsigned char *memory = malloc(FRINGE_STACK_MIN_SIZE);
	fringe_stack *stack = NULL;

	ck_assert_ptr_ne(memory, NULL);
	ck_assert_int_eq(fringe_stack_create_on(&stack, memory,
						FRINGE_STACK_MIN_SIZE),
			 -EINVAL);
	ck_assert_int_eq(fringe_stack_create_on(&stack, memory, 64), -EINVAL);
	ck_assert_int_eq(fringe_stack_create_on(&stack, memory, 0), -EINVAL);
	free(memory);
}
END_TEST

START_TEST(test_stack_create_on_wraps)
{
	unsigned char *memory = malloc(CALLER_MEMORY);
	fringe_stack *stack = NULL;

	ck_assert_ptr_ne(memory, NULL);
	ck_assert_int_eq(fringe_stack_create_on(&stack, memory, SIZE_MAX),
			 -EINVAL);
	/* Exactly to the end of the address space: the end wraps to 0. */
	ck_assert_int_eq(fringe_stack_create_on(&stack, memory,
						(size_t)(UINTPTR_MAX -
							 U(memory) + 1)),
			 -EINVAL);
	free(memory);
}
END_TEST

/*
 * Misaligned caller memory is accepted, but the bytes lost to alignment
 * count: the smallest size that works at a 16-byte aligned address is too
 * small at some misaligned one, and whatever works stays inside the
 * memory.
 */
START_TEST(test_stack_create_on_misaligned)
{
	size_t room = FRINGE_STACK_MIN_SIZE + 4096;
	unsigned char *memory = aligned_memory(64, room + 64);
	size_t least = 0;
	int refused = 0;

	ck_assert_ptr_ne(memory, NULL);
	for (size_t n = FRINGE_STACK_MIN_SIZE; n < room && least == 0; n++) {
		fringe_stack *stack = NULL;

		if (fringe_stack_create_on(&stack, memory, n) == 0) {
			least = n;
			ck_assert_int_eq(fringe_stack_destroy(stack), 0);
		}
	}
	ck_assert_uint_gt(least, FRINGE_STACK_MIN_SIZE);
	for (size_t off = 1; off < 16; off++) {
		fringe_stack *stack = NULL;
		int rc = fringe_stack_create_on(&stack, memory + off, least);

		if (rc == -EINVAL) {
			ck_assert_ptr_eq(stack, NULL);
			refused++;
			continue;
		}
		ck_assert_int_eq(rc, 0);
		ck_assert_uint_ge(U(fringe_stack_base(stack)), U(memory + off));
		ck_assert_uint_le(U(fringe_stack_limit(stack)),
				  U(memory + off + least));
		ck_assert_uint_ge(fringe_stack_size(stack),
				  FRINGE_STACK_MIN_SIZE);
		ck_assert_uint_eq(U(fringe_stack_base(stack)) % 16, 0);
		ck_assert_int_eq(fringe_stack_destroy(stack), 0);
	}
	ck_assert_int_gt(refused, 0);
	free_aligned(memory);
}
END_TEST

/*
 * fringe_stack_create_on(3): FRINGE_STACK_MIN_SIZE + 128 bytes are always
 * enough, at any alignment, in every build (sanitizers included).
 */
START_TEST(test_stack_create_on_min_plus_128)
{
	const size_t size = FRINGE_STACK_MIN_SIZE + 128;
	unsigned char *memory = aligned_memory(64, size + 64);

	ck_assert_ptr_ne(memory, NULL);
	for (size_t off = 0; off < 64; off++) {
		fringe_stack *stack = NULL;

		ck_assert_msg(fringe_stack_create_on(&stack, memory + off,
						     size) == 0,
			      "refused at offset %zu", off);
		ck_assert_uint_ge(fringe_stack_size(stack),
				  FRINGE_STACK_MIN_SIZE);
		ck_assert_int_eq(fringe_stack_destroy(stack), 0);
	}
	free_aligned(memory);
}
END_TEST

START_TEST(test_stack_destroy_null)
{
	ck_assert_int_eq(fringe_stack_destroy(NULL), -EINVAL);
}
END_TEST

START_TEST(test_stack_destroy_twice)
{
	unsigned char *memory = malloc(CALLER_MEMORY);
	fringe_stack *stack = NULL;

	ck_assert_ptr_ne(memory, NULL);
	ck_assert_int_eq(fringe_stack_create_on(&stack, memory, CALLER_MEMORY),
			 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), -EINVAL);
	free(memory);
}
END_TEST

START_TEST(test_stack_destroy_busy)
{
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;
	void *out = NULL;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_generator_create(&gen, stack, yield_once_fn,
						 NULL),
			 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), -EBUSY);
	/* Also while the generator is suspended in a yield. */
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, &out),
			 FRINGE_YIELDED);
	ck_assert_int_eq(fringe_stack_destroy(stack), -EBUSY);
	/* The stack was left alone: the generator still runs on it. */
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, &out),
			 FRINGE_FINISHED);
	ck_assert_uint_eq(U(out), 2);
	ck_assert_int_eq(fringe_stack_destroy(stack), -EBUSY);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

/* The running generator tries to destroy its own stack. */
static void *destroy_own_stack_fn(fringe_yielder *yielder, void *input,
				  void *userdata)
{
	int *rc = userdata;

	(void)input;
	*rc = fringe_stack_destroy(
		fringe_generator_stack(fringe_generator_from_yielder(yielder)));
	return V(5);
}

START_TEST(test_stack_destroy_while_running)
{
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;
	void *out = NULL;
	int rc = 99;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_generator_create(&gen, stack,
						 destroy_own_stack_fn, &rc),
			 0);
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, &out),
			 FRINGE_FINISHED);
	ck_assert_int_eq(rc, -EBUSY);
	ck_assert_uint_eq(U(out), 5);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

/* A destroyed stack on still-valid caller memory is not a stack any more. */
START_TEST(test_destroyed_stack_unusable)
{
	unsigned char *memory = malloc(CALLER_MEMORY);
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;
	void *sp = NULL;

	ck_assert_ptr_ne(memory, NULL);
	ck_assert_int_eq(fringe_stack_create_on(&stack, memory, CALLER_MEMORY),
			 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
	ck_assert_ptr_eq(fringe_stack_base(stack), NULL);
	ck_assert_ptr_eq(fringe_stack_limit(stack), NULL);
	ck_assert_uint_eq(fringe_stack_size(stack), 0);
	ck_assert_int_eq(fringe_generator_create(&gen, stack, identity_fn, NULL),
			 -EINVAL);
	ck_assert_int_eq(fringe_context_init(stack, never_entered, NULL, &sp),
			 -EINVAL);
	free(memory);
}
END_TEST

START_TEST(test_stack_base_null)
{
	ck_assert_ptr_eq(fringe_stack_base(NULL), NULL);
}
END_TEST

START_TEST(test_stack_limit_null)
{
	ck_assert_ptr_eq(fringe_stack_limit(NULL), NULL);
}
END_TEST

START_TEST(test_stack_size_null)
{
	ck_assert_uint_eq(fringe_stack_size(NULL), 0);
}
END_TEST

/* ------------------------------------------------------------------------
 * Creating generators
 * ------------------------------------------------------------------------ */

START_TEST(test_generator_create_null_out)
{
	fringe_stack *stack = NULL;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_generator_create(NULL, stack, identity_fn, NULL),
			 -EINVAL);
	/* The stack was not taken. */
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

START_TEST(test_generator_create_null_stack)
{
	fringe_generator *gen = NULL;

	ck_assert_int_eq(fringe_generator_create(&gen, NULL, identity_fn, NULL),
			 -EINVAL);
}
END_TEST

START_TEST(test_generator_create_null_fn)
{
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_generator_create(&gen, stack, NULL, NULL),
			 -EINVAL);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

START_TEST(test_generator_create_busy)
{
	fringe_stack *stack = NULL;
	fringe_generator *first = NULL, *second = NULL;
	void *out = NULL;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(
		fringe_generator_create(&first, stack, yield_once_fn, NULL), 0);
	ck_assert_int_eq(
		fringe_generator_create(&second, stack, identity_fn, NULL),
		-EBUSY);
	/* The first generator is unharmed, also by a try while suspended. */
	ck_assert_int_eq(fringe_generator_resume(first, NULL, &out),
			 FRINGE_YIELDED);
	ck_assert_int_eq(
		fringe_generator_create(&second, stack, identity_fn, NULL),
		-EBUSY);
	ck_assert_int_eq(fringe_generator_resume(first, NULL, &out),
			 FRINGE_FINISHED);
	ck_assert_uint_eq(U(out), 2);
	ck_assert_ptr_eq(fringe_generator_stack(first), stack);
	ck_assert_int_eq(fringe_generator_destroy(first), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

/* fringe_generator_create_flags(): the same checks, and unknown flags. */
START_TEST(test_generator_create_flags_errors)
{
	fringe_stack *stack = NULL;
	fringe_generator *gen = (fringe_generator *)&stack, *first = NULL;
	const unsigned int share = FRINGE_GENERATOR_SHARE_FPENV;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_generator_create_flags(NULL, stack, identity_fn,
						       NULL, share),
			 -EINVAL);
	ck_assert_int_eq(fringe_generator_create_flags(&gen, NULL, identity_fn,
						       NULL, share),
			 -EINVAL);
	ck_assert_ptr_null(gen);
	ck_assert_int_eq(
		fringe_generator_create_flags(&gen, stack, NULL, NULL, share),
		-EINVAL);
	/* Every bit that is not a known flag is refused, alone or mixed. */
	for (unsigned int bit = 1; bit != 0; bit <<= 1) {
		if (bit == share || bit == FRINGE_GENERATOR_SHARE_EH)
			continue;
		gen = (fringe_generator *)&stack;
		ck_assert_int_eq(fringe_generator_create_flags(
					 &gen, stack, identity_fn, NULL, bit),
				 -EINVAL);
		ck_assert_ptr_null(gen);
		ck_assert_int_eq(fringe_generator_create_flags(
					 &gen, stack, identity_fn, NULL,
					 bit | share),
				 -EINVAL);
	}
	/* None of the refusals took the stack; a taken one is -EBUSY. */
	ck_assert_int_eq(fringe_generator_create_flags(&first, stack,
						       yield_once_fn, NULL,
						       share),
			 0);
	ck_assert_int_eq(fringe_generator_create_flags(&gen, stack, identity_fn,
						       NULL, 0),
			 -EBUSY);
	ck_assert_int_eq(fringe_generator_destroy(first), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

/* ------------------------------------------------------------------------
 * Resuming
 * ------------------------------------------------------------------------ */

START_TEST(test_resume_null)
{
	void *out = NULL;

	ck_assert_int_eq(fringe_generator_resume(NULL, NULL, &out), -EINVAL);
	ck_assert_int_eq(fringe_generator_resume(NULL, NULL, NULL), -EINVAL);
}
END_TEST

struct self_resume {
	int rc;
	void *out;
};

static void *resume_self_fn(fringe_yielder *yielder, void *input,
			    void *userdata)
{
	struct self_resume *r = userdata;

	(void)input;
	r->rc = fringe_generator_resume(fringe_generator_from_yielder(yielder),
					V(1), &r->out);
	return V(3);
}

START_TEST(test_resume_self)
{
	struct self_resume r = { 0, NULL };
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;
	void *out = NULL;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(
		fringe_generator_create(&gen, stack, resume_self_fn, &r), 0);
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, &out),
			 FRINGE_FINISHED);
	ck_assert_int_eq(r.rc, -EBUSY);
	ck_assert_uint_eq(U(out), 3);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

struct pair {
	fringe_generator *outer;     /* set by the test */
	fringe_yielder *outer_yielder;
	fringe_stack *inner_stack;   /* set by the test */
	int (*op)(fringe_generator *); /* set by the test: what inner does */
	int inner_rc;                /* what the misuse inside inner returned */
	int outer_resume_rc;         /* outer's resume of inner */
	void *outer_resume_out;
	int outer_create_rc, outer_destroy_rc;
};

/* Outer: runs `inner` on pair->inner_stack to completion and returns 10. */
static void *pair_outer(fringe_yielder *yielder, void *input, void *userdata,
			fringe_generator_fn inner_fn)
{
	struct pair *p = userdata;
	fringe_generator *inner = NULL;

	(void)input;
	p->outer_yielder = yielder;
	p->outer_create_rc =
		fringe_generator_create(&inner, p->inner_stack, inner_fn, p);
	if (p->outer_create_rc != 0)
		return V(0);
	p->outer_resume_rc =
		fringe_generator_resume(inner, NULL, &p->outer_resume_out);
	p->outer_destroy_rc = fringe_generator_destroy(inner);
	return V(10);
}

/* Inner: p->op on the outer generator, its resumer. */
static void *op_on_resumer_inner(fringe_yielder *yielder, void *input,
				 void *userdata)
{
	struct pair *p = userdata;

	(void)yielder;
	(void)input;
	p->inner_rc = p->op(p->outer);
	return V(20);
}

static void *op_on_resumer_outer(fringe_yielder *yielder, void *input,
				 void *userdata)
{
	return pair_outer(yielder, input, userdata, op_on_resumer_inner);
}

static int resume_no_values(fringe_generator *gen)
{
	return fringe_generator_resume(gen, NULL, NULL);
}

static void *foreign_yield_inner(fringe_yielder *yielder, void *input,
				 void *userdata)
{
	struct pair *p = userdata;

	(void)yielder;
	(void)input;
	p->inner_rc = fringe_generator_yield(p->outer_yielder, V(30), NULL);
	return V(20);
}

static void *foreign_yield_outer(fringe_yielder *yielder, void *input,
				 void *userdata)
{
	return pair_outer(yielder, input, userdata, foreign_yield_inner);
}

/*
 * Run a pair of generators: `outer_fn` on a mapped stack, which resumes an
 * inner one on p->inner_stack (that may do `op`); check both complete
 * normally and return what the misuse inside the inner one returned.
 */
static int run_pair(fringe_generator_fn outer_fn, fringe_stack *inner_stack,
		    int (*op)(fringe_generator *))
{
	struct pair p;
	fringe_stack *stack = NULL;
	fringe_generator *outer = NULL;
	void *out = NULL;
	int rc;

	memset(&p, 0, sizeof p);
	p.inner_rc = p.outer_resume_rc = 99;
	p.outer_create_rc = p.outer_destroy_rc = 99;
	p.inner_stack = inner_stack;
	p.op = op;
	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_generator_create(&outer, stack, outer_fn, &p),
			 0);
	p.outer = outer;
	rc = fringe_generator_resume(outer, NULL, &out);
	/* Clean up first, so that a failure below leaks nothing. */
	ck_assert_int_eq(fringe_generator_destroy(outer), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);

	ck_assert_msg(rc == FRINGE_FINISHED,
		      "resuming the outer generator returned %d (output %p), "
		      "expected FRINGE_FINISHED: the misuse inside the inner "
		      "generator switched out of the outer one",
		      rc, out);
	ck_assert_uint_eq(U(out), 10);
	ck_assert_int_eq(p.outer_create_rc, 0);
	ck_assert_int_eq(p.outer_resume_rc, FRINGE_FINISHED);
	ck_assert_uint_eq(U(p.outer_resume_out), 20);
	ck_assert_int_eq(p.outer_destroy_rc, 0);
	return p.inner_rc;
}

/* The misuse, with the inner generator on a mapped stack, returns `want`. */
static void check_pair_refused(fringe_generator_fn outer_fn,
			       int (*op)(fringe_generator *), int want)
{
	fringe_stack *inner_stack = NULL;
	int rc;

	ck_assert_int_eq(fringe_stack_create(&inner_stack, 0), 0);
	rc = run_pair(outer_fn, inner_stack, op);
	ck_assert_int_eq(fringe_stack_destroy(inner_stack), 0);
	ck_assert_int_eq(rc, want);
}

START_TEST(test_resume_resumer)
{
	check_pair_refused(op_on_resumer_outer, resume_no_values, -EBUSY);
}
END_TEST

/* A finished generator is not run again: the resume reports the return
 * value once more. */
START_TEST(test_resume_finished)
{
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;
	void *out = NULL;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_generator_create(&gen, stack, identity_fn, NULL),
			 0);
	ck_assert_int_eq(fringe_generator_resume(gen, V(4), &out),
			 FRINGE_FINISHED);
	for (int i = 0; i < 3; i++) {
		out = NULL;
		ck_assert_int_eq(fringe_generator_resume(gen, V(9), &out),
				 FRINGE_FINISHED);
		ck_assert_uint_eq(U(out), 4);
	}
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

START_TEST(test_destroy_resumer)
{
	check_pair_refused(op_on_resumer_outer, fringe_generator_destroy,
			   -EBUSY);
}
END_TEST

START_TEST(test_cancel_resumer)
{
	check_pair_refused(op_on_resumer_outer, fringe_generator_cancel,
			   -EBUSY);
}
END_TEST

/* ------------------------------------------------------------------------
 * Yielding
 * ------------------------------------------------------------------------ */

START_TEST(test_yield_null)
{
	void *in = NULL;

	ck_assert_int_eq(fringe_generator_yield(NULL, V(1), &in), -EINVAL);
}
END_TEST

static void *capture_fn(fringe_yielder *yielder, void *input, void *userdata)
{
	fringe_yielder **captured = userdata;

	*captured = yielder;
	if (fringe_generator_yield(yielder, V(1), &input) != 0)
		return V(0);
	return input;
}

/* From the test function, with the yielder of a suspended generator. */
START_TEST(test_yield_outside)
{
	fringe_yielder *captured = NULL;
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;
	void *in = NULL, *out = NULL;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_generator_create(&gen, stack, capture_fn,
						 &captured),
			 0);
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, &out),
			 FRINGE_YIELDED);
	ck_assert_ptr_ne(captured, NULL);
	ck_assert_int_eq(fringe_generator_yield(captured, V(2), &in), -EPERM);
	/* The generator is undisturbed. */
	ck_assert_int_eq(fringe_generator_state(gen),
			 FRINGE_GENERATOR_RUNNABLE);
	ck_assert_int_eq(fringe_generator_resume(gen, V(4), &out),
			 FRINGE_FINISHED);
	ck_assert_uint_eq(U(out), 4);
	/* Nor may the yielder of a finished generator be used. */
	ck_assert_int_eq(fringe_generator_yield(captured, V(2), &in), -EPERM);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

/* From inside a nested generator, with the outer generator's yielder. */
START_TEST(test_yield_foreign_yielder)
{
	check_pair_refused(foreign_yield_outer, NULL, -EPERM);
}
END_TEST

/*
 * The same, with the nested generator's stack on memory that lies inside
 * the outer generator's stack (a local array of the outer function): the
 * nested generator's frames are then within the outer stack's bounds, so
 * a check by address alone could not tell them apart.  Not under
 * Valgrind, which cannot follow a registered stack inside another one.
 */
static void *foreign_yield_local_outer(fringe_yielder *yielder, void *input,
				       void *userdata)
{
	struct pair *p = userdata;
	unsigned char memory[32 * 1024];
	void *result;

	p->outer_create_rc = fringe_stack_create_on(&p->inner_stack, memory,
						    sizeof memory);
	if (p->outer_create_rc != 0)
		return V(0);
	result = pair_outer(yielder, input, userdata, foreign_yield_inner);
	if (fringe_stack_destroy(p->inner_stack) != 0)
		p->outer_destroy_rc = -1;
	return result;
}

START_TEST(test_yield_foreign_yielder_nested_memory)
{
	SKIP_UNDER_VALGRIND("nested stacks on caller memory confuse Valgrind");
	ck_assert_int_eq(run_pair(foreign_yield_local_outer, NULL, NULL),
			 -EPERM);
}
END_TEST

/*
 * The generator whose stack hosts the nested one still yields through its
 * own yielder, before and after the nested generator has run, and the
 * nested generator through its own: only the foreign yield is refused.
 */
static void *host_outer_fn(fringe_yielder *yielder, void *input,
			   void *userdata)
{
	unsigned char memory[32 * 1024];
	fringe_stack *inner_stack = NULL;
	fringe_generator *inner = NULL;
	void *out = NULL;
	void *in = NULL;

	(void)input;
	(void)userdata;
	if (fringe_stack_create_on(&inner_stack, memory, sizeof memory) != 0)
		return V(100);
	if (fringe_generator_yield(yielder, V(1), &in) != 0 || U(in) != 11)
		return V(101);
	if (fringe_generator_create(&inner, inner_stack, yield_once_fn,
				    NULL) != 0 ||
	    fringe_generator_resume(inner, NULL, &out) != FRINGE_YIELDED ||
	    U(out) != 1)
		return V(102);
	if (fringe_generator_yield(yielder, V(2), &in) != 0 || U(in) != 12)
		return V(103);
	if (fringe_generator_resume(inner, NULL, &out) != FRINGE_FINISHED ||
	    U(out) != 2 || fringe_generator_destroy(inner) != 0 ||
	    fringe_stack_destroy(inner_stack) != 0)
		return V(104);
	if (fringe_generator_yield(yielder, V(3), &in) != 0 || U(in) != 13)
		return V(105);
	return V(4);
}

START_TEST(test_yield_on_host_stack)
{
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;
	void *out = NULL;

	SKIP_UNDER_VALGRIND("nested stacks on caller memory confuse Valgrind");
	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(
		fringe_generator_create(&gen, stack, host_outer_fn, NULL), 0);
	for (uintptr_t i = 1; i <= 3; i++) {
		ck_assert_int_eq(fringe_generator_resume(gen, V(10 + i - 1),
							 &out),
				 FRINGE_YIELDED);
		ck_assert_uint_eq(U(out), i);
	}
	ck_assert_int_eq(fringe_generator_resume(gen, V(13), &out),
			 FRINGE_FINISHED);
	ck_assert_uint_eq(U(out), 4);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

/* The yielder of a generator that has finished, kept by the resumer. */
static void *leak_yielder_fn(fringe_yielder *yielder, void *input,
			     void *userdata)
{
	(void)input;
	*(fringe_yielder **)userdata = yielder;
	return V(1);
}

START_TEST(test_yield_finished_yielder)
{
	unsigned char *memory = malloc(CALLER_MEMORY);
	fringe_yielder *yielder = NULL;
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;
	void *in = V(3);

	ck_assert_ptr_ne(memory, NULL);
	ck_assert_int_eq(fringe_stack_create_on(&stack, memory, CALLER_MEMORY),
			 0);
	ck_assert_int_eq(
		fringe_generator_create(&gen, stack, leak_yielder_fn, &yielder),
		0);
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, NULL),
			 FRINGE_FINISHED);
	ck_assert_int_eq(fringe_generator_yield(yielder, V(1), &in), -EPERM);
	/* ...and once the generator is destroyed (the memory stays). */
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(fringe_generator_yield(yielder, V(1), &in), -EPERM);
	ck_assert_ptr_eq(in, V(3));
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
	free(memory);
}
END_TEST

/*
 * A yield made below the generator's stack: the stack (on caller memory,
 * unguarded) has overflowed into the memory below it.  Continuing would
 * run on memory the generator does not own, so the yield aborts.  The
 * stack is the top quarter of a buffer, so the overflow stays inside it.
 */
#define BELOW_MEMORY (64u * 1024u)

static void *yield_below_fn(fringe_yielder *yielder, void *input,
			    void *userdata)
{
	volatile char big[BELOW_MEMORY / 2];

	(void)input;
	(void)userdata;
	big[0] = 1;
	(void)fringe_generator_yield(yielder, V(big[0]), NULL);
	return NULL;
}

/* `arg`: BELOW_MEMORY bytes, or NULL where the child cannot share the
 * parent's memory (Windows: child.h), to allocate in the child. */
static void child_yield_below(void *arg)
{
	unsigned char *memory = arg != NULL ? arg : malloc(BELOW_MEMORY);
	fringe_stack *stack;
	fringe_generator *gen;

	if (fringe_stack_create_on(&stack, memory + 3 * BELOW_MEMORY / 4,
				   BELOW_MEMORY / 4) != 0 ||
	    fringe_generator_create(&gen, stack, yield_below_fn, NULL) != 0)
		_exit(3);
	(void)fringe_generator_resume(gen, NULL, NULL);
	_exit(4);
}

START_TEST(test_yield_below_stack_aborts)
{
	SKIP_UNDER_VALGRIND("a deliberate stack overflow cannot run under "
			    "Valgrind");
	unsigned char *memory = malloc(BELOW_MEMORY);
	struct child_result r;

	ck_assert_ptr_ne(memory, NULL);
#ifdef _WIN32
	run_in_child(child_yield_below, NULL, &r);
#else
	run_in_child(child_yield_below, memory, &r);
#endif
	free(memory);
	ck_assert_msg(CHILD_ABORTED(&r),
		      "status %d/%d, stderr: %s", r.code, r.signal, r.err);
	/* An emulator may add a line of its own. */
	ck_assert_msg(strstr(r.err, "libfringe-c: stack overflow in generator: "
				    "a yield was made below its stack\n") ==
			      r.err,
		      "stderr: %s", r.err);
}
END_TEST

/*
 * A yield through the running generator's yielder, made by code running
 * on another stack: a low-level context's that the generator switched to.
 * It is refused with -EPERM wherever that stack lies, below the
 * generator's (within the reach of the overflow diagnosis) or above it,
 * and the generator carries on: its next yield is the one its resumer
 * gets.  Both stacks are carved out of one buffer, next to each other.
 */
struct foreign {
	fringe_yielder *yielder;
	fringe_stack *ctx_stack;
	int rc;
};

static void foreign_entry(void *value, void *from_sp, void *userdata)
{
	struct foreign *f = userdata;

	(void)value;
	f->rc = fringe_generator_yield(f->yielder, V(666), NULL);
	for (;;)
		from_sp = fringe_context_switch(from_sp, V(1)).sp;
}

static void *foreign_fn(fringe_yielder *yielder, void *input, void *userdata)
{
	struct foreign *f = userdata;
	void *sp = NULL;

	(void)input;
	f->yielder = yielder;
	if (fringe_context_init(f->ctx_stack, foreign_entry, f, &sp) != 0)
		return V(0);
	(void)fringe_context_switch(sp, NULL);
	if (fringe_generator_yield(yielder, V(7), NULL) != 0)
		return V(0);
	return V(8);
}

static void yield_from_other_stack(int context_below)
{
	const size_t half = 64u * 1024u;
	unsigned char *memory = malloc(2 * half);
	fringe_stack *gen_stack = NULL;
	fringe_generator *gen = NULL;
	struct foreign f = { NULL, NULL, 1 };
	void *out = NULL;

	ck_assert_ptr_ne(memory, NULL);
	ck_assert_int_eq(fringe_stack_create_on(&gen_stack,
						memory + (context_below ? half : 0),
						half),
			 0);
	ck_assert_int_eq(fringe_stack_create_on(&f.ctx_stack,
						memory + (context_below ? 0 : half),
						half),
			 0);
	ck_assert_int_eq(fringe_generator_create(&gen, gen_stack, foreign_fn, &f),
			 0);
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, &out),
			 FRINGE_YIELDED);
	ck_assert_int_eq(f.rc, -EPERM);
	ck_assert_ptr_eq(out, V(7));
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, &out),
			 FRINGE_FINISHED);
	ck_assert_ptr_eq(out, V(8));
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(fringe_stack_destroy(f.ctx_stack), 0);
	ck_assert_int_eq(fringe_stack_destroy(gen_stack), 0);
	free(memory);
}

START_TEST(test_yield_from_stack_below)
{
	yield_from_other_stack(1);
}
END_TEST

START_TEST(test_yield_from_stack_above)
{
	yield_from_other_stack(0);
}
END_TEST

/* The same with guarded stacks, the context's mapped after the
 * generator's (where the kernel usually puts it right below). */
START_TEST(test_yield_from_mapped_stack)
{
	fringe_stack *gen_stack = NULL;
	fringe_generator *gen = NULL;
	struct foreign f = { NULL, NULL, 1 };
	void *out = NULL;

	ck_assert_int_eq(fringe_stack_create(&gen_stack, 0), 0);
	ck_assert_int_eq(fringe_stack_create(&f.ctx_stack, 0), 0);
	ck_assert_int_eq(fringe_generator_create(&gen, gen_stack, foreign_fn, &f),
			 0);
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, &out),
			 FRINGE_YIELDED);
	ck_assert_int_eq(f.rc, -EPERM);
	ck_assert_ptr_eq(out, V(7));
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(fringe_stack_destroy(f.ctx_stack), 0);
	ck_assert_int_eq(fringe_stack_destroy(gen_stack), 0);
}
END_TEST

/*
 * Stale handles: once a generator is destroyed and another is created on
 * the same stack, the old handle (and the old yielder) are refused, and
 * the new generator is left alone.
 */
static void *keep_yielder_fn(fringe_yielder *yielder, void *input,
			     void *userdata)
{
	(void)input;
	*(fringe_yielder **)userdata = yielder;
	if (fringe_generator_yield(yielder, V(1), NULL) != 0)
		return V(0);
	return V(2);
}

START_TEST(test_stale_handle_refused)
{
	fringe_stack *stack = NULL;
	fringe_generator *old = NULL, *gen = NULL;
	fringe_yielder *old_yielder = NULL, *yielder = NULL;
	void *out = NULL;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_generator_create(&old, stack, keep_yielder_fn,
						 &old_yielder),
			 0);
	ck_assert_int_eq(fringe_generator_resume(old, NULL, NULL),
			 FRINGE_YIELDED);
	ck_assert_int_eq(fringe_generator_destroy(old), 0);
	/* Up to 15 generators later, every old handle is told apart. */
	for (int round = 1; round < 16; round++) {
		ck_assert_int_eq(fringe_generator_create(&gen, stack,
							 keep_yielder_fn,
							 &yielder),
				 0);
		ck_assert_ptr_ne(gen, old);
		ck_assert_int_eq(fringe_generator_resume(old, NULL, &out),
				 -EINVAL);
		ck_assert_int_eq(fringe_generator_state(old), -EINVAL);
		ck_assert_ptr_null(fringe_generator_stack(old));
		ck_assert_int_eq(fringe_generator_cancel(old), -EINVAL);
		ck_assert_int_eq(fringe_generator_destroy(old), -EINVAL);
		ck_assert_int_eq(fringe_generator_state(gen),
				 FRINGE_GENERATOR_RUNNABLE);
		ck_assert_int_eq(fringe_generator_resume(gen, NULL, &out),
				 FRINGE_YIELDED);
		ck_assert_ptr_eq(out, V(1));
		ck_assert_ptr_eq(fringe_generator_from_yielder(yielder), gen);
		ck_assert_ptr_ne(yielder, old_yielder);
		ck_assert_int_eq(fringe_generator_resume(gen, NULL, &out),
				 FRINGE_FINISHED);
		ck_assert_ptr_eq(out, V(2));
		ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	}
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

/* The old yielder, used while the new generator runs, is refused. */
struct stale_yield {
	fringe_yielder *old;
	int rc;
};

static void *stale_yield_fn(fringe_yielder *yielder, void *input,
			    void *userdata)
{
	struct stale_yield *s = userdata;

	(void)yielder;
	(void)input;
	s->rc = fringe_generator_yield(s->old, V(9), NULL);
	return V(3);
}

START_TEST(test_stale_yielder_refused)
{
	fringe_stack *stack = NULL;
	fringe_generator *old = NULL, *gen = NULL;
	struct stale_yield s = { NULL, 1 };
	void *out = NULL;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_generator_create(&old, stack, keep_yielder_fn,
						 &s.old),
			 0);
	ck_assert_int_eq(fringe_generator_resume(old, NULL, NULL),
			 FRINGE_YIELDED);
	ck_assert_int_eq(fringe_generator_destroy(old), 0);
	ck_assert_int_eq(fringe_generator_create(&gen, stack, stale_yield_fn, &s),
			 0);
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, &out),
			 FRINGE_FINISHED);
	ck_assert_int_eq(s.rc, -EPERM);
	ck_assert_ptr_eq(out, V(3));
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

/* ------------------------------------------------------------------------
 * Destroying generators
 * ------------------------------------------------------------------------ */

/*
 * A running generator destroys or cancels itself: refused with -EBUSY,
 * and it is still alive and not cancelled (it yields and finishes).
 */
struct self_op {
	int (*op)(fringe_generator *gen);
	int rc;
};

static void *self_op_fn(fringe_yielder *yielder, void *input, void *userdata)
{
	struct self_op *s = userdata;

	(void)input;
	s->rc = s->op(fringe_generator_from_yielder(yielder));
	if (fringe_generator_yield(yielder, V(1), NULL) != 0)
		return V(0);
	return V(2);
}

static void check_self_op_refused(int (*op)(fringe_generator *gen))
{
	struct self_op s = { op, 99 };
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;
	void *out = NULL;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_generator_create(&gen, stack, self_op_fn, &s),
			 0);
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, &out),
			 FRINGE_YIELDED);
	ck_assert_int_eq(s.rc, -EBUSY);
	ck_assert_uint_eq(U(out), 1);
	ck_assert_int_eq(fringe_generator_state(gen),
			 FRINGE_GENERATOR_RUNNABLE);
	ck_assert_int_eq(fringe_generator_resume(gen, NULL, &out),
			 FRINGE_FINISHED);
	ck_assert_uint_eq(U(out), 2);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}

START_TEST(test_destroy_running)
{
	check_self_op_refused(fringe_generator_destroy);
}
END_TEST

/*
 * The generators below are destroyed on a stack that stays alive (caller
 * memory), so the handle still points to valid memory.
 */
static void create_on_caller_memory(unsigned char **memory,
				    fringe_stack **stack,
				    fringe_generator **gen)
{
	*memory = malloc(CALLER_MEMORY);
	ck_assert_ptr_ne(*memory, NULL);
	ck_assert_int_eq(fringe_stack_create_on(stack, *memory, CALLER_MEMORY),
			 0);
	ck_assert_int_eq(fringe_generator_create(gen, *stack, yield_once_fn,
						 NULL),
			 0);
}

/*
 * Resume a generator on caller memory `resumes` times (0: never started,
 * 1: suspended, 2: finished), destroy it: `op` on the destroyed handle
 * returns -EINVAL.
 */
static void check_refused_after_destroy(int resumes,
					int (*op)(fringe_generator *gen))
{
	static const int results[2] = { FRINGE_YIELDED, FRINGE_FINISHED };
	unsigned char *memory = NULL;
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;

	create_on_caller_memory(&memory, &stack, &gen);
	for (int i = 0; i < resumes; i++)
		ck_assert_int_eq(fringe_generator_resume(gen, NULL, NULL),
				 results[i]);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(op(gen), -EINVAL);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
	free(memory);
}

static int resume_with_output(fringe_generator *gen)
{
	void *out = NULL;

	return fringe_generator_resume(gen, NULL, &out);
}

static int state_of(fringe_generator *gen)
{
	return fringe_generator_state(gen);
}

START_TEST(test_destroy_twice)
{
	check_refused_after_destroy(1, fringe_generator_destroy);
}
END_TEST

START_TEST(test_resume_destroyed)
{
	check_refused_after_destroy(0, resume_with_output);
}
END_TEST

START_TEST(test_state_destroyed)
{
	check_refused_after_destroy(2, state_of);
}
END_TEST

START_TEST(test_stack_of_destroyed)
{
	unsigned char *memory = NULL;
	fringe_stack *stack = NULL;
	fringe_generator *gen = NULL;

	create_on_caller_memory(&memory, &stack, &gen);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_ptr_eq(fringe_generator_stack(gen), NULL);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
	free(memory);
}
END_TEST

START_TEST(test_destroy_null)
{
	ck_assert_int_eq(fringe_generator_destroy(NULL), -EINVAL);
}
END_TEST

START_TEST(test_generator_state_null)
{
	ck_assert_int_eq(fringe_generator_state(NULL), -EINVAL);
}
END_TEST

START_TEST(test_generator_stack_null)
{
	ck_assert_ptr_eq(fringe_generator_stack(NULL), NULL);
}
END_TEST

START_TEST(test_from_yielder_null)
{
	ck_assert_ptr_eq(fringe_generator_from_yielder(NULL), NULL);
}
END_TEST

/* ------------------------------------------------------------------------
 * Cancelling generators
 * ------------------------------------------------------------------------ */

START_TEST(test_cancel_null)
{
	ck_assert_int_eq(fringe_generator_cancel(NULL), -EINVAL);
}
END_TEST

START_TEST(test_cancel_destroyed)
{
	check_refused_after_destroy(1, fringe_generator_cancel);
}
END_TEST

START_TEST(test_cancel_running)
{
	check_self_op_refused(fringe_generator_cancel);
}
END_TEST

/* ------------------------------------------------------------------------
 * Context API
 * ------------------------------------------------------------------------ */

START_TEST(test_context_init_null_sp)
{
	fringe_stack *stack = NULL;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_context_init(stack, never_entered, NULL, NULL),
			 -EINVAL);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

START_TEST(test_context_init_null_stack)
{
	void *sp = NULL;

	ck_assert_int_eq(fringe_context_init(NULL, never_entered, NULL, &sp),
			 -EINVAL);
}
END_TEST

START_TEST(test_context_init_null_fn)
{
	fringe_stack *stack = NULL;
	void *sp = NULL;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_context_init(stack, NULL, NULL, &sp), -EINVAL);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

Suite *make_errors_suite(void)
{
	Suite *suite = suite_create("errors");
	TCase *tc;

	tc = tcase_create("stack");
	tcase_add_test(tc, test_stack_create_null_out);
	tcase_add_test(tc, test_stack_create_size_max);
	tcase_add_test(tc, test_stack_create_huge);
	tcase_add_test(tc, test_stack_create_odd_sizes);
	tcase_add_test(tc, test_stack_create_on_null_out);
	tcase_add_test(tc, test_stack_create_on_null_memory);
	tcase_add_test(tc, test_stack_create_on_too_small);
	tcase_add_test(tc, test_stack_create_on_wraps);
	tcase_add_test(tc, test_stack_create_on_misaligned);
	tcase_add_test(tc, test_stack_create_on_min_plus_128);
	tcase_add_test(tc, test_stack_destroy_null);
	tcase_add_test(tc, test_stack_destroy_twice);
	tcase_add_test(tc, test_stack_destroy_busy);
	tcase_add_test(tc, test_stack_destroy_while_running);
	tcase_add_test(tc, test_destroyed_stack_unusable);
	tcase_add_test(tc, test_stack_base_null);
	tcase_add_test(tc, test_stack_limit_null);
	tcase_add_test(tc, test_stack_size_null);
	suite_add_tcase(suite, tc);

	tc = tcase_create("generator");
	tcase_add_test(tc, test_generator_create_null_out);
	tcase_add_test(tc, test_generator_create_null_stack);
	tcase_add_test(tc, test_generator_create_null_fn);
	tcase_add_test(tc, test_generator_create_busy);
	tcase_add_test(tc, test_generator_create_flags_errors);
	tcase_add_test(tc, test_resume_null);
	tcase_add_test(tc, test_resume_self);
	tcase_add_test(tc, test_resume_resumer);
	tcase_add_test(tc, test_resume_finished);
	tcase_add_test(tc, test_destroy_resumer);
	tcase_add_test(tc, test_cancel_resumer);
	tcase_add_test(tc, test_yield_null);
	tcase_add_test(tc, test_yield_outside);
	tcase_add_test(tc, test_yield_foreign_yielder);
	tcase_add_test(tc, test_yield_foreign_yielder_nested_memory);
	tcase_add_test(tc, test_yield_on_host_stack);
	tcase_add_test(tc, test_yield_finished_yielder);
	tcase_add_test(tc, test_yield_below_stack_aborts);
	tcase_add_test(tc, test_yield_from_stack_below);
	tcase_add_test(tc, test_yield_from_stack_above);
	tcase_add_test(tc, test_yield_from_mapped_stack);
	tcase_add_test(tc, test_stale_handle_refused);
	tcase_add_test(tc, test_stale_yielder_refused);
	tcase_add_test(tc, test_destroy_running);
	tcase_add_test(tc, test_destroy_twice);
	tcase_add_test(tc, test_resume_destroyed);
	tcase_add_test(tc, test_state_destroyed);
	tcase_add_test(tc, test_stack_of_destroyed);
	tcase_add_test(tc, test_destroy_null);
	tcase_add_test(tc, test_generator_state_null);
	tcase_add_test(tc, test_generator_stack_null);
	tcase_add_test(tc, test_from_yielder_null);
	tcase_add_test(tc, test_cancel_null);
	tcase_add_test(tc, test_cancel_destroyed);
	tcase_add_test(tc, test_cancel_running);
	suite_add_tcase(suite, tc);

	tc = tcase_create("context");
	tcase_add_test(tc, test_context_init_null_sp);
	tcase_add_test(tc, test_context_init_null_stack);
	tcase_add_test(tc, test_context_init_null_fn);
	suite_add_tcase(suite, tc);
	return suite;
}

/*
 * check_highwater.c - the "highwater" suite.
 *
 * Area:        fringe_stack_high_water() and fringe_stack_paint().
 *
 * Purpose:     Check the precision the manual promises.  A generator
 *              writes a known number of bytes of its stack (alloca, which
 *              stays on the real stack under every sanitizer) and yields;
 *              the mark must cover them and exceed them by no more than
 *              the documented precision plus the frames around them: less
 *              than a page for a mapped stack, measured in whole pages, and
 *              to the word for a painted one.  Also: a fresh stack reads 0,
 *              the mark stays after the generator is gone and painting
 *              resets it, a generator can read its own stack's mark, and
 *              the errors.
 *
 * Limitations: The frames around the written bytes (the control block,
 *              the root frame, the library's entry function) are allowed
 *              FRAME_SLACK bytes on every CPU.  Swapping, which makes the
 *              mark of a mapped stack too low, is not provoked.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <unistd.h>

#include "fringe-tests.h"

/* Bytes the frames around the written area may take, on any CPU and
 * backend (the ucontext backend keeps a ucontext_t on the stack). */
#define FRAME_SLACK 8192u
#define BUFFER_SIZE (64u * 1024u)

static _Alignas(16) unsigned char buffer[BUFFER_SIZE];

/* Write `*(size_t *)userdata` bytes of the stack, then yield. */
static __attribute__((noinline)) void *use_stack(fringe_yielder *y,
						 void *input, void *userdata)
{
	size_t n = *(size_t *)userdata;
	volatile unsigned char *p = __builtin_alloca(n);
	size_t i;

	(void)input;
	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(i | 1);
	fringe_generator_yield(y, (void *)p, NULL);
	__asm__ volatile("" ::: "memory");
	return NULL;
}

/* Run use_stack for `n` bytes on `stack` up to its yield; destroy it. */
static void run_using(fringe_stack *stack, size_t n)
{
	fringe_generator *g;

	ck_assert_int_eq(fringe_generator_create(&g, stack, use_stack, &n), 0);
	ck_assert_int_eq(fringe_generator_resume(g, NULL, NULL), FRINGE_YIELDED);
	ck_assert_int_eq(fringe_generator_destroy(g), 0);
}

static size_t high_water(const fringe_stack *stack)
{
	size_t bytes = 12345;

	ck_assert_int_eq(fringe_stack_high_water(stack, &bytes), 0);
	ck_assert_uint_le(bytes, fringe_stack_size(stack));
	return bytes;
}

/* A mark covers the `n` bytes written, with less than `slack` more. */
static void assert_mark(size_t hw, size_t n, size_t slack)
{
	ck_assert_uint_ge(hw, n);
	ck_assert_uint_lt(hw, n + slack);
}

/* Run use_stack for `n` bytes on `stack`, assert the mark (see
 * assert_mark()) and return it. */
static size_t mark_after_using(fringe_stack *stack, size_t n, size_t slack)
{
	size_t hw;

	run_using(stack, n);
	hw = high_water(stack);
	assert_mark(hw, n, slack);
	return hw;
}

START_TEST(test_errors)
{
	fringe_stack *stack, *cached;
	fringe_stack_pool *pool;
	fringe_generator *g;
	size_t bytes = 1;
	void *sp;

	ck_assert_int_eq(fringe_stack_high_water(NULL, &bytes), -EINVAL);
	ck_assert_uint_eq(bytes, 0);
	ck_assert_int_eq(fringe_stack_paint(NULL), -EINVAL);

	/* Caller memory that was not painted: nothing to measure by. */
	ck_assert_int_eq(fringe_stack_create_on(&stack, buffer, sizeof buffer), 0);
	ck_assert_int_eq(fringe_stack_high_water(stack, NULL), -EINVAL);
	bytes = 1;
	ck_assert_int_eq(fringe_stack_high_water(stack, &bytes), -ENODATA);
	ck_assert_uint_eq(bytes, 0);
	/* Not while a generator is on it, nor a context. */
	ck_assert_int_eq(fringe_generator_create(&g, stack, use_stack, &bytes), 0);
	ck_assert_int_eq(fringe_stack_paint(stack), -EBUSY);
	ck_assert_int_eq(fringe_generator_destroy(g), 0);
	ck_assert_int_eq(fringe_context_init(stack, NULL, NULL, &sp), -EINVAL);
	ck_assert_int_eq(fringe_stack_paint(stack), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
	ck_assert_int_eq(fringe_stack_paint(stack), -EINVAL);

	/* Nor while a pool keeps it. */
	ck_assert_int_eq(fringe_stack_pool_create(&pool, 0, 1), 0);
	ck_assert_int_eq(fringe_stack_pool_get(pool, &cached), 0);
	ck_assert_int_eq(fringe_stack_pool_put(pool, cached), 0);
	ck_assert_int_eq(fringe_stack_paint(cached), -EBUSY);
	ck_assert_int_eq(fringe_stack_pool_destroy(pool), 0);
}
END_TEST

static void context_entry(void *value, void *from_sp, void *userdata)
{
	(void)value;
	(void)userdata;
	fringe_context_switch(from_sp, NULL);
}

START_TEST(test_paint_refuses_context)
{
	fringe_stack *stack;
	void *sp;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_context_init(stack, context_entry, NULL, &sp), 0);
	ck_assert_int_eq(fringe_stack_paint(stack), -EBUSY);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

/* A mapped stack: whole pages, covering what was written, less than a
 * page (plus the frames) more. */
START_TEST(test_mapped)
{
	size_t page = fringe_page_size(), n = 5 * page + 100, hw;
	fringe_stack *stack;

	ck_assert_int_eq(fringe_stack_create(&stack, 32 * page), 0);
	ck_assert_uint_eq(high_water(stack), 0);
	hw = mark_after_using(stack, n, FRAME_SLACK + page);
	ck_assert_uint_eq(hw % page, 0);
	/* Less is used now: the mark stays. */
	run_using(stack, 100);
	ck_assert_uint_eq(high_water(stack), hw);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

/* The same for a stack from a pool; a stack the pool hands out again
 * keeps its mark. */
START_TEST(test_pool)
{
	size_t page = fringe_page_size(), n = 3 * page, hw;
	fringe_stack_pool *pool;
	fringe_stack *stack, *again;

	ck_assert_int_eq(fringe_stack_pool_create(&pool, 16 * page, 1), 0);
	ck_assert_int_eq(fringe_stack_pool_get(pool, &stack), 0);
	hw = mark_after_using(stack, n, FRAME_SLACK + page);
	ck_assert_int_eq(fringe_stack_pool_put(pool, stack), 0);
	ck_assert_int_eq(fringe_stack_pool_get(pool, &again), 0);
	ck_assert_ptr_eq(again, stack);
	ck_assert_uint_eq(high_water(again), hw);
	ck_assert_int_eq(fringe_stack_pool_put(pool, again), 0);
	ck_assert_int_eq(fringe_stack_pool_destroy(pool), 0);
}
END_TEST

/* A painted stack on caller memory: to the word. */
START_TEST(test_painted)
{
	size_t n = 10000, hw;
	fringe_stack *stack;

	ck_assert_int_eq(fringe_stack_create_on(&stack, buffer, sizeof buffer), 0);
	ck_assert_int_eq(fringe_stack_paint(stack), 0);
	ck_assert_uint_eq(high_water(stack), 0);
	hw = mark_after_using(stack, n, FRAME_SLACK);
	ck_assert_uint_eq(hw % sizeof(void *), 0);
	/* Painting again starts over. */
	ck_assert_int_eq(fringe_stack_paint(stack), 0);
	ck_assert_uint_eq(high_water(stack), 0);
	(void)mark_after_using(stack, 100, FRAME_SLACK);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

/* Painting a mapped stack makes all of it resident: the pattern, not the
 * pages, measures it then. */
START_TEST(test_painted_mapped)
{
	size_t page = fringe_page_size(), n = 2 * page + 8;
	fringe_stack *stack;

	ck_assert_int_eq(fringe_stack_create(&stack, 64 * page), 0);
	ck_assert_int_eq(fringe_stack_paint(stack), 0);
	ck_assert_uint_eq(high_water(stack), 0);
	(void)mark_after_using(stack, n, FRAME_SLACK);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

/* Read from inside the generator, on its own stack. */
static void *measure_self(fringe_yielder *y, void *input, void *userdata)
{
	fringe_stack *stack = fringe_generator_stack(fringe_generator_from_yielder(y));
	size_t *out = userdata;
	volatile unsigned char *p = __builtin_alloca(3000);
	size_t i;

	(void)input;
	/* Through the volatile pointer: a memset() of memory that is not
	 * read again may be left out. */
	for (i = 0; i < 3000; i++)
		p[i] = 7;
	if (fringe_stack_high_water(stack, out) != 0)
		*out = 0;
	return NULL;
}

START_TEST(test_from_inside)
{
	fringe_stack *stack;
	fringe_generator *g;
	size_t hw = 0;

	ck_assert_int_eq(fringe_stack_create_on(&stack, buffer, sizeof buffer), 0);
	ck_assert_int_eq(fringe_stack_paint(stack), 0);
	ck_assert_int_eq(fringe_generator_create(&g, stack, measure_self, &hw), 0);
	ck_assert_int_eq(fringe_generator_resume(g, NULL, NULL), FRINGE_FINISHED);
	assert_mark(hw, 3000, FRAME_SLACK);
	ck_assert_int_eq(fringe_generator_destroy(g), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

Suite *make_highwater_suite(void)
{
	Suite *suite = suite_create("highwater");
	TCase *tc = tcase_create("highwater");

	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_paint_refuses_context);
	tcase_add_test(tc, test_mapped);
	tcase_add_test(tc, test_pool);
	tcase_add_test(tc, test_painted);
	tcase_add_test(tc, test_painted_mapped);
	tcase_add_test(tc, test_from_inside);
	suite_add_tcase(suite, tc);
	return suite;
}

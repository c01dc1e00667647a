/*
 * check_stack.c - the "stack" suite.
 *
 * Area:        fringe_stack_create(), fringe_stack_create_on(),
 *              fringe_stack_destroy() and the base/limit/size queries.
 *
 * Purpose:     Check the promises a stack's user builds on: the usable size
 *              for size 0, the minimum, rounding to whole pages, 16-byte
 *              alignment of both ends, that every usable byte is writable,
 *              that the guard page below a mapped stack really faults, that
 *              a stack on caller memory stays inside that memory whatever
 *              its alignment and can run a generator, that destroying it
 *              writes nothing to the caller's memory, and that mapped
 *              stacks do not leak mappings.
 *
 * Limitations: The guard-page test needs Check's fork mode (it kills the
 *              test process with SIGSEGV) and is not registered when
 *              CK_FORK=no.  The mapping-leak check counts lines of
 *              /proc/self/maps and only runs on Linux; elsewhere that test
 *              only checks that 1000 stacks can be created and destroyed.
 *              Nothing here checks what happens beyond the top of a stack
 *              (there is no guard page there) or stack overflow from inside
 *              a running context.
 */
#include "config.h"

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fringe-tests.h"

/* Size of the caller-memory buffers used below. */
#define BUFFER_SIZE (64u * 1024u)
/* Number of stacks in the mapping-leak test. */
#define MANY_STACKS 1000

static size_t round_up(size_t x, size_t to)
{
	return (x + to - 1) / to * to;
}

/* Check the invariants every live stack must satisfy. */
static void assert_stack_shape(const fringe_stack *stack)
{
	char *base = fringe_stack_base(stack);
	char *limit = fringe_stack_limit(stack);

	ck_assert_ptr_ne(base, NULL);
	ck_assert_ptr_ne(limit, NULL);
	ck_assert_uint_eq(U(base) % 16, 0);
	ck_assert_uint_eq(U(limit) % 16, 0);
	ck_assert_uint_lt(U(base), U(limit));
	ck_assert_uint_eq((size_t)(limit - base), fringe_stack_size(stack));
	ck_assert_uint_ge(fringe_stack_size(stack), FRINGE_STACK_MIN_SIZE);
}

START_TEST(test_default_size)
{
	fringe_stack *stack = NULL;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_ptr_ne(stack, NULL);
	assert_stack_shape(stack);
	ck_assert_uint_eq(fringe_stack_size(stack), FRINGE_STACK_DEFAULT_SIZE);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

START_TEST(test_min_size)
{
	size_t page = fringe_page_size();
	fringe_stack *stack = NULL;

	ck_assert_int_eq(fringe_stack_create(&stack, 1), 0);
	assert_stack_shape(stack);
	ck_assert_uint_ge(fringe_stack_size(stack), FRINGE_STACK_MIN_SIZE);
	ck_assert_uint_eq(fringe_stack_size(stack) % page, 0);
	ck_assert_uint_eq(fringe_stack_size(stack),
			  round_up(FRINGE_STACK_MIN_SIZE, page));
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

/* Sizes above the minimum are rounded up to whole pages, never down. */
START_TEST(test_rounds_to_pages)
{
	size_t page = fringe_page_size();
	size_t base = round_up(FRINGE_STACK_MIN_SIZE, page);
	const struct {
		size_t request, expected;
	} cases[] = {
		{ base, base },
		{ base + 1, base + page },
		{ base + page - 1, base + page },
		{ base + page, base + page },
		{ base + page + 1, base + 2 * page },
		{ 1000 * 1000, round_up(1000 * 1000, page) },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		fringe_stack *stack = NULL;

		ck_assert_int_eq(fringe_stack_create(&stack, cases[i].request),
				 0);
		assert_stack_shape(stack);
		ck_assert_msg(fringe_stack_size(stack) == cases[i].expected,
			      "size %zu gave %zu usable bytes, expected %zu",
			      cases[i].request, fringe_stack_size(stack),
			      cases[i].expected);
		ck_assert_int_eq(fringe_stack_destroy(stack), 0);
	}
	/* The example from the documentation: one page and a byte. */
	if (page >= FRINGE_STACK_MIN_SIZE) {
		fringe_stack *stack = NULL;

		ck_assert_int_eq(fringe_stack_create(&stack, page + 1), 0);
		ck_assert_uint_eq(fringe_stack_size(stack), 2 * page);
		ck_assert_int_eq(fringe_stack_destroy(stack), 0);
	}
}
END_TEST

START_TEST(test_whole_area_writable)
{
	fringe_stack *stack = NULL;
	unsigned char *base;
	size_t size, i;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	base = fringe_stack_base(stack);
	size = fringe_stack_size(stack);
	memset(base, 0xa5, size);
	for (i = 0; i < size; i += 512)
		ck_assert_uint_eq(base[i], 0xa5);
	ck_assert_uint_eq(base[size - 1], 0xa5);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

/* Registered with tcase_add_test_raise_signal(..., SIGSEGV). */
START_TEST(test_guard_page_faults)
{
	fringe_stack *stack = NULL;
	volatile char *base;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	base = fringe_stack_base(stack);
	base[0] = 1; /* the lowest usable byte is fine... */
	base[-1] = 1; /* ...the byte below it is the guard page */
	/* Not reached when the guard works; the test then fails. */
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

/* Any alignment of caller memory: the stack stays inside it, aligned. */
START_TEST(test_create_on_unaligned)
{
	unsigned char *buffer = malloc(BUFFER_SIZE + 16);
	size_t offset;

	ck_assert_ptr_ne(buffer, NULL);
	for (offset = 1; offset < 16; offset++) {
		unsigned char *memory = buffer + offset;
		fringe_stack *stack = NULL;

		if (U(memory) % 16 == 0)
			continue;
		ck_assert_int_eq(
			fringe_stack_create_on(&stack, memory, BUFFER_SIZE), 0);
		ck_assert_ptr_ne(stack, NULL);
		assert_stack_shape(stack);
		ck_assert_uint_ge(U(fringe_stack_base(stack)), U(memory));
		ck_assert_uint_le(U(fringe_stack_limit(stack)),
				  U(memory + BUFFER_SIZE));
		ck_assert_int_eq(fringe_stack_destroy(stack), 0);
	}
	free(buffer);
}
END_TEST

/*
 * Memory of FRINGE_STACK_MIN_SIZE plus a small allowance for alignment and
 * the descriptor is enough for a stack of at least FRINGE_STACK_MIN_SIZE.
 */
START_TEST(test_create_on_min_size)
{
	size_t size = FRINGE_STACK_MIN_SIZE + 1024;
	unsigned char *buffer = malloc(size + 1);
	fringe_stack *stack = NULL;

	ck_assert_ptr_ne(buffer, NULL);
	ck_assert_int_eq(fringe_stack_create_on(&stack, buffer + 1, size), 0);
	assert_stack_shape(stack);
	ck_assert_uint_ge(fringe_stack_size(stack), FRINGE_STACK_MIN_SIZE);
	ck_assert_uint_ge(U(fringe_stack_base(stack)), U(buffer + 1));
	ck_assert_uint_le(U(fringe_stack_limit(stack)), U(buffer + 1 + size));
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
	free(buffer);
}
END_TEST

struct counter {
	uintptr_t inputs[4];
	int ninputs;
};

/* Yields 10, 20, 30 and returns 40, recording every input. */
static void *count_by_ten(fringe_yielder *yielder, void *input, void *userdata)
{
	struct counter *c = userdata;
	uintptr_t i;

	c->inputs[c->ninputs++] = U(input);
	for (i = 1; i <= 3; i++) {
		if (fringe_generator_yield(yielder, V(i * 10), &input) != 0)
			return V(0);
		c->inputs[c->ninputs++] = U(input);
	}
	return V(40);
}

START_TEST(test_create_on_runs_generator)
{
	unsigned char *buffer = malloc(BUFFER_SIZE + 1);
	struct counter c = { { 0 }, 0 };
	fringe_generator *gen = NULL;
	fringe_stack *stack = NULL;
	void *out = NULL;
	uintptr_t i;

	ck_assert_ptr_ne(buffer, NULL);
	ck_assert_int_eq(fringe_stack_create_on(&stack, buffer + 1, BUFFER_SIZE),
			 0);
	ck_assert_int_eq(fringe_generator_create(&gen, stack, count_by_ten, &c),
			 0);
	for (i = 1; i <= 3; i++) {
		ck_assert_int_eq(fringe_generator_resume(gen, V(i), &out),
				 FRINGE_YIELDED);
		ck_assert_uint_eq(U(out), i * 10);
	}
	ck_assert_int_eq(fringe_generator_resume(gen, V(4), &out),
			 FRINGE_FINISHED);
	ck_assert_uint_eq(U(out), 40);
	ck_assert_int_eq(c.ninputs, 4);
	for (i = 0; i < 4; i++)
		ck_assert_uint_eq(c.inputs[i], i + 1);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
	free(buffer);
}
END_TEST

/*
 * Creating and destroying a stack on caller memory writes nothing below the
 * descriptor, which lies at or above the stack's limit.
 */
START_TEST(test_create_on_destroy_untouched)
{
	unsigned char *buffer = malloc(BUFFER_SIZE + 1);
	unsigned char *memory = buffer + 1;
	fringe_stack *stack = NULL;
	size_t below, i;

	ck_assert_ptr_ne(buffer, NULL);
	memset(buffer, 0x5a, BUFFER_SIZE + 1);
	ck_assert_int_eq(fringe_stack_create_on(&stack, memory, BUFFER_SIZE), 0);
	below = (size_t)((unsigned char *)fringe_stack_limit(stack) - memory);
	ck_assert_uint_ge(below, FRINGE_STACK_MIN_SIZE);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
	for (i = 0; i < below + 1; i++)
		ck_assert_msg(buffer[i] == 0x5a,
			      "byte %zu of the caller's memory changed", i);
	/* The memory can be used for a stack again. */
	ck_assert_int_eq(fringe_stack_create_on(&stack, memory, BUFFER_SIZE), 0);
	assert_stack_shape(stack);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
	free(buffer);
}
END_TEST

START_TEST(test_many_stacks_no_leak)
{
	fringe_stack **stacks = calloc(MANY_STACKS, sizeof *stacks);
	fringe_stack *warmup = NULL;
	size_t i;
#ifdef __linux__
	long before, during, after;
#endif

	ck_assert_ptr_ne(stacks, NULL);
	/* Let malloc and stdio set themselves up before counting. */
	ck_assert_int_eq(fringe_stack_create(&warmup, FRINGE_STACK_MIN_SIZE), 0);
	ck_assert_int_eq(fringe_stack_destroy(warmup), 0);
#ifdef __linux__
	before = fringe_count_mappings();
#endif
	for (i = 0; i < MANY_STACKS; i++) {
		ck_assert_int_eq(
			fringe_stack_create(&stacks[i], FRINGE_STACK_MIN_SIZE),
			0);
		assert_stack_shape(stacks[i]);
		/* Each stack is usable, and none overlaps another. */
		memset(fringe_stack_base(stacks[i]), (int)i,
		       fringe_stack_size(stacks[i]));
	}
	for (i = 0; i < MANY_STACKS; i++)
		ck_assert_uint_eq(*(unsigned char *)fringe_stack_base(stacks[i]),
				  (unsigned char)i);
#ifdef __linux__
	during = fringe_count_mappings();
#endif
	for (i = 0; i < MANY_STACKS; i++)
		ck_assert_int_eq(fringe_stack_destroy(stacks[i]), 0);
	free(stacks);
#ifdef __linux__
	after = fringe_count_mappings();
	/* The count does see live stacks (each is at least one mapping)... */
	ck_assert_msg(during >= before + MANY_STACKS,
		      "%ld mappings before creating %d stacks, only %ld with "
		      "them alive",
		      before, MANY_STACKS, during);
	/* ...and none is left.  Fewer is fine: neighbouring mappings of
	 * malloc or of a debugger like Valgrind may have merged; a few more
	 * are the allocator's own (a sanitizer's maps some as it goes). */
	ck_assert_msg(after <= before + 16,
		      "%ld mappings before creating %d stacks, %ld after "
		      "destroying them",
		      before, MANY_STACKS, after);
#endif
}
END_TEST

Suite *make_stack_suite(void)
{
	Suite *suite = suite_create("stack");
	TCase *tc;

	tc = tcase_create("mapped");
	tcase_add_test(tc, test_default_size);
	tcase_add_test(tc, test_min_size);
	tcase_add_test(tc, test_rounds_to_pages);
	tcase_add_test(tc, test_whole_area_writable);
	ADD_SIGNAL_TEST(tc, test_guard_page_faults, SIGSEGV);
	tcase_add_test(tc, test_many_stacks_no_leak);
	suite_add_tcase(suite, tc);

	tc = tcase_create("caller memory");
	tcase_add_test(tc, test_create_on_unaligned);
	tcase_add_test(tc, test_create_on_min_size);
	tcase_add_test(tc, test_create_on_runs_generator);
	tcase_add_test(tc, test_create_on_destroy_untouched);
	suite_add_tcase(suite, tc);
	return suite;
}

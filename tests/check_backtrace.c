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
 * Limitations: names are found with backtrace_symbols(3), so the test
 * functions below are global and the runner is linked with
 * -export-dynamic.  gdb is tested separately (tests/gdb-backtrace.sh).
 */
#include "config.h"

#include <execinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fringe-tests.h"

#if defined(__clang__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE __attribute__((noinline, noclone))
#endif
#define MAX_FRAMES 64

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

NOINLINE void fringe_bt_take(struct trace *t)
{
	void *frames[MAX_FRAMES];

	t->n = backtrace(frames, MAX_FRAMES);
	t->names = backtrace_symbols(frames, t->n);
	ck_assert_ptr_nonnull(t->names);
	__asm__ volatile("" ::: "memory"); /* keep this a real call */
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

		ck_assert_msg(i >= 0, "frame %s missing after frame %d of %d", *n,
			      at, t->n);
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
	ck_assert_int_eq(fringe_generator_yield(y, NULL, NULL), 0);
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
	static const char *const order[] = { "fringe_bt_take",
					     "fringe_bt_inner_gen",
					     "fringe_bt_resumer", "main", NULL };
	struct trace t = { 0, NULL };

	run_generator(fringe_bt_inner_gen, &t);
	expect_order(&t, order);
	free(t.names);
}
END_TEST

START_TEST(backtrace_through_nested_generators)
{
	static const char *const order[] = {
		"fringe_bt_take", "fringe_bt_inner_gen", "fringe_bt_outer_gen",
		"fringe_bt_resumer", "main", NULL
	};
	struct trace t = { 0, NULL };

	run_generator(fringe_bt_outer_gen, &t);
	expect_order(&t, order);
	free(t.names);
}
END_TEST

#endif /* FRINGE_BACKEND_SPLICES */

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
	static const char *const order[] = { "fringe_bt_take",
					     "fringe_bt_entry",
					     "fringe_bt_switcher", "main", NULL };
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
	/* take, entry, the root frame; nothing of the switching side. */
	ck_assert_int_le(c.t.n, 4);
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
	fprintf(stderr, "backtrace: SKIP 3 tests: the %s backend does not "
			"splice call stacks\n", FRINGE_BACKEND);
#endif
	tcase_add_test(tc, backtrace_ends_at_unlinked_root);
	suite_add_tcase(s, tc);
	return s;
}

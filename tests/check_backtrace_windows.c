/*
 * check_backtrace_windows.c - Area: unwinding across the generator
 * boundary on Windows x64 (the "backtrace" suite there).
 *
 * Purpose: a walk started inside a generator that another generator
 * resumed must pass through both generators' frames and the frames of
 * whoever resumed them, up to main: the SEH unwind codes of each
 * context's root frame lead into its resumer.  Two walkers that share no
 * code: the system's RtlLookupFunctionEntry + RtlVirtualUnwind loop, and
 * libgcc's _Unwind_Backtrace.  Walked on the first resume and again after
 * a yield (the root frame then leads to the new resumer).  A context
 * entered with the plain switch has no resumer: the system's walk ends at
 * its root frame.  An exception that nothing inside a generator handles
 * ends the process with a message and the exception's code (in a fresh
 * run of the program, tests/child-windows.c), never silently.
 *
 * Limitations: frames are told apart by the function table entries
 * (RtlLookupFunctionEntry) of the functions below and of main, not by
 * names (a PE program has no dynamic symbol table).  Wine's
 * RtlCaptureStackBackTrace stops at the TEB's stack limits and is not
 * tested.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unwind.h>

#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include "child.h"
#include "fringe-tests.h"

#define MAX_FRAMES 256

int main(void);

struct walk {
	DWORD64 pc[MAX_FRAMES];
	int n;
};

/* The first instruction of the function that contains `pc`, or 0 for a
 * leaf function without a table entry. */
static DWORD64 function_of(DWORD64 pc)
{
	DWORD64 image;
	PRUNTIME_FUNCTION f = RtlLookupFunctionEntry(pc, &image, NULL);

	return f != NULL ? image + f->BeginAddress : 0;
}

/* The address of a function. */
#define ADDRESS_OF(fn) ((DWORD64)(uintptr_t)(fn))

/* Walker 1: the system's unwinder, one frame at a time. */
static __attribute__((noinline)) void walk_system(struct walk *w)
{
	CONTEXT ctx;

	RtlCaptureContext(&ctx);
	w->n = 0;
	while (ctx.Rip != 0 && w->n < MAX_FRAMES) {
		DWORD64 image, establisher;
		PRUNTIME_FUNCTION f;
		void *handler_data;

		w->pc[w->n++] = ctx.Rip;
		f = RtlLookupFunctionEntry(ctx.Rip, &image, NULL);
		if (f == NULL) {
			/* A leaf: the return address is on top. */
			ctx.Rip = *(DWORD64 *)ctx.Rsp;
			ctx.Rsp += 8;
		} else {
			RtlVirtualUnwind(UNW_FLAG_NHANDLER, image, ctx.Rip, f,
					 &ctx, &handler_data, &establisher,
					 NULL);
		}
	}
}

/* Walker 2: libgcc's unwinder. */
static _Unwind_Reason_Code collect(struct _Unwind_Context *uc, void *arg)
{
	struct walk *w = arg;

	if (w->n >= MAX_FRAMES)
		return _URC_END_OF_STACK;
	w->pc[w->n++] = (DWORD64)_Unwind_GetIP(uc);
	return _URC_NO_REASON;
}

static __attribute__((noinline)) void walk_libgcc(struct walk *w)
{
	w->n = 0;
	_Unwind_Backtrace(collect, w);
}

/* The position of the first frame of `fn` at or after `from`, or -1.
 * (libgcc reports return addresses, which may lie one past a call at
 * the very end of a function: the address before them is looked up.) */
static int find_frame(const struct walk *w, int from, DWORD64 fn)
{
	int i;

	for (i = from; i < w->n; i++) {
		if (function_of(w->pc[i]) == fn ||
		    (i > 0 && function_of(w->pc[i] - 1) == fn))
			return i;
	}
	return -1;
}

/* ---- two nested generators ---------------------------------------------- */

struct nest {
	struct walk system[2], libgcc[2];
};

__attribute__((noinline)) void *bt_inner(fringe_yielder *y, void *input,
					 void *userdata);
__attribute__((noinline)) void *bt_outer(fringe_yielder *y, void *input,
					 void *userdata);
__attribute__((noinline)) void bt_resume_outer(struct nest *n);

__attribute__((noinline)) void *bt_inner(fringe_yielder *y, void *input,
					 void *userdata)
{
	struct nest *n = userdata;

	(void)input;
	walk_system(&n->system[0]);
	walk_libgcc(&n->libgcc[0]);
	fringe_generator_yield(y, NULL, NULL);
	walk_system(&n->system[1]);
	walk_libgcc(&n->libgcc[1]);
	__asm__ volatile("" ::: "memory");
	return NULL;
}

__attribute__((noinline)) void *bt_outer(fringe_yielder *y, void *input,
					 void *userdata)
{
	fringe_stack *stack;
	fringe_generator *g;
	int r1, r2;

	(void)y;
	(void)input;
	if (fringe_stack_create(&stack, 0) != 0 ||
	    fringe_generator_create(&g, stack, bt_inner, userdata) != 0)
		return (void *)1;
	r1 = fringe_generator_resume(g, NULL, NULL);
	r2 = fringe_generator_resume(g, NULL, NULL);
	(void)fringe_generator_destroy(g);
	(void)fringe_stack_destroy(stack);
	__asm__ volatile("" ::: "memory");
	return (void *)(uintptr_t)(r1 != FRINGE_YIELDED || r2 != FRINGE_FINISHED);
}

__attribute__((noinline)) void bt_resume_outer(struct nest *n)
{
	fringe_stack *stack;
	fringe_generator *g;
	void *out = (void *)2;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_generator_create(&g, stack, bt_outer, n), 0);
	ck_assert_int_eq(fringe_generator_resume(g, NULL, &out), FRINGE_FINISHED);
	ck_assert_ptr_null(out);
	ck_assert_int_eq(fringe_generator_destroy(g), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
	__asm__ volatile("" ::: "memory");
}

/* bt_inner, then bt_outer, then bt_resume_outer, then main, in this
 * order. */
static void assert_reaches_main(const struct walk *w, const char *walker,
				int pass)
{
	DWORD64 inner = ADDRESS_OF(bt_inner);
	DWORD64 outer = ADDRESS_OF(bt_outer);
	DWORD64 resumer = ADDRESS_OF(bt_resume_outer);
	DWORD64 entry = ADDRESS_OF(main);
	int i_inner, i_outer, i_resumer, i_main;

	i_inner = find_frame(w, 0, function_of(inner));
	i_outer = i_inner < 0 ? -1 : find_frame(w, i_inner + 1, function_of(outer));
	i_resumer = i_outer < 0 ? -1 : find_frame(w, i_outer + 1, function_of(resumer));
	i_main = i_resumer < 0 ? -1 : find_frame(w, i_resumer + 1, function_of(entry));
	ck_assert_msg(i_main >= 0,
		      "%s walk %d (%d frames): inner at %d, outer at %d, "
		      "resumer at %d, main at %d",
		      walker, pass, w->n, i_inner, i_outer, i_resumer, i_main);
}

START_TEST(test_nested_to_main)
{
	static struct nest n;
	int pass;

	memset(&n, 0, sizeof n);
	bt_resume_outer(&n);
	for (pass = 0; pass < 2; pass++) {
		assert_reaches_main(&n.system[pass], "RtlVirtualUnwind", pass);
		assert_reaches_main(&n.libgcc[pass], "_Unwind_Backtrace", pass);
	}
}
END_TEST

/* ---- a context entered with the plain switch ------------------------------ */

static struct walk context_walk;

static void context_entry(void *value, void *from_sp, void *userdata)
{
	(void)value;
	(void)userdata;
	walk_system(&context_walk);
	fringe_context_switch(from_sp, NULL);
}

START_TEST(test_plain_context_stops)
{
	fringe_stack *stack;
	void *sp;
	int i;

	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_context_init(stack, context_entry, NULL, &sp), 0);
	(void)fringe_context_switch(sp, NULL);
	ck_assert_int_gt(context_walk.n, 0);
	ck_assert_int_lt(context_walk.n, MAX_FRAMES);
	/* Nothing of this test's frames, nor main, past the root. */
	for (i = 0; i < context_walk.n; i++)
		ck_assert(function_of(context_walk.pc[i]) !=
			  function_of(ADDRESS_OF(main)));
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
}
END_TEST

/* ---- an exception that leaves a generator ------------------------------- */

#define ESCAPING_CODE 0xe0f1f2f3u

static void *raise_fn(fringe_yielder *y, void *input, void *userdata)
{
	(void)y;
	(void)input;
	(void)userdata;
	RaiseException(ESCAPING_CODE, 0, 0, NULL);
	return NULL;
}

static void child_escaping_exception(void *arg)
{
	fringe_stack *stack;
	fringe_generator *g;

	(void)arg;
	if (fringe_stack_create(&stack, 0) != 0 ||
	    fringe_generator_create(&g, stack, raise_fn, NULL) != 0)
		exit(120);
	(void)fringe_generator_resume(g, NULL, NULL);
	exit(121);
}

START_TEST(test_escaping_exception_ends_process)
{
	struct child_result r;

	run_in_child(child_escaping_exception, NULL, &r);
	ck_assert_msg((unsigned)r.code == ESCAPING_CODE,
		      "the child exited with %#x, expected %#x; stderr: %s",
		      (unsigned)r.code, ESCAPING_CODE, r.err);
	ck_assert_msg(strstr(r.err, "libfringe-c: an exception was not "
				    "handled inside a context or generator") !=
			      NULL,
		      "no message on stderr: %s", r.err);
}
END_TEST

Suite *make_backtrace_suite(void)
{
	Suite *s = suite_create("backtrace");
	TCase *tc = tcase_create("windows");

	tcase_add_test(tc, test_nested_to_main);
	tcase_add_test(tc, test_plain_context_stops);
	tcase_add_test(tc, test_escaping_exception_ends_process);
	suite_add_tcase(s, tc);
	return s;
}

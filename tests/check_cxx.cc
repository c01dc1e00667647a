/*
 * check_cxx.cc - C++ exception-handling state in generators and contexts.
 *
 * The C++ runtime keeps per thread the exceptions being handled and the
 * count of uncaught ones.  A generator that yields inside a catch handler,
 * or from a destructor run while an exception unwinds its frames, must
 * take its part of that state with it, and find it again when resumed
 * (fringe_eh_state_switch(3), fringe_generator_create_flags(3)):
 *
 *   catch_yield         a generator suspended in a catch handler: its
 *                       resumer sees no exception; `throw;` on each side
 *                       rethrows that side's own; with
 *                       FRINGE_GENERATOR_SHARE_EH the state is shared
 *                       (each kind of generator, a loop test)
 *   unwind_yield        a destructor that yields while an exception is in
 *                       flight: std::uncaught_exceptions() is 0 for the
 *                       resumer and 1 in the destructor again
 *   nested              a generator resumed from another's catch handler
 *   migrate             suspended in a catch handler on one thread,
 *                       resumed on another: it still rethrows its own
 *   destroy_in_catch    destroying a generator suspended in a catch
 *                       handler lets the handler end (the exception is
 *                       freed, the resumer's state untouched)
 *   context_scheduler   fringe_eh_state_switch() around context switches
 *   own_state_size      a generator's own state takes 16 bytes of the top
 *                       of its stack, above its control block (the handle
 *                       is the block's address)
 *
 * Built with the configured C++ compiler (libstdc++ with g++), and by
 * tests/check_cxx_libcxx.sh with clang++ -stdlib=libc++ (libc++abi).
 */
#include "config.h"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <exception>
#include <pthread.h>
#include <stdexcept>
#include <string>

#include "fringe-tests.h"

namespace {

/* What `throw;` rethrows here, as its message; "" when nothing. */
std::string rethrown()
{
	if (!std::current_exception())
		return "";
	try {
		throw;
	} catch (const std::exception &e) {
		return e.what();
	} catch (...) {
		return "?";
	}
}

/* `throw;` here rethrows an exception whose message is `what`. */
#define expect_rethrows(what)                                                \
	ck_assert_msg(rethrown() == (what), "throw; rethrows \"%s\", not \"%s\"", \
		      rethrown().c_str(), (what))

struct catch_state {
	std::string in_catch_after_resume; /* rethrown after the first yield */
	int uncaught_after_resume;
};

void *catch_yield_fn(fringe_yielder *yielder, void *, void *userdata)
{
	catch_state *s = static_cast<catch_state *>(userdata);

	try {
		throw std::runtime_error("generator");
	} catch (const std::exception &) {
		if (fringe_generator_yield(yielder, V(1), nullptr) != 0)
			return V(0);
		s->in_catch_after_resume = rethrown();
		s->uncaught_after_resume = std::uncaught_exceptions();
	}
	return V(2);
}

struct stack_guard {
	fringe_stack *stack = nullptr;
	stack_guard() { ck_assert_int_eq(fringe_stack_create(&stack, 0), 0); }
	~stack_guard() { fringe_stack_destroy(stack); }
};

/*
 * The kinds of generator the catch_yield test runs with, and whether the
 * kind shares the exception-handling state with its resumer.
 */
const struct {
	unsigned int flags;
	const char *name;
	bool shares_eh;
} catch_kinds[] = {
	{ 0, "0", false },
	{ FRINGE_GENERATOR_SHARE_FPENV, "SHARE_FPENV", false },
	{ FRINGE_GENERATOR_SHARE_EH, "SHARE_EH", true },
	{ FRINGE_GENERATOR_SHARE_EH | FRINGE_GENERATOR_SHARE_FPENV,
	  "SHARE_EH|SHARE_FPENV", true },
};
const int n_catch_kinds = sizeof catch_kinds / sizeof catch_kinds[0];

} // namespace

/* A generator suspended in its catch handler.  With its own state, its
 * resumer sees no exception and, in a catch handler of its own, rethrows
 * its own; with FRINGE_GENERATOR_SHARE_EH the two share the thread's
 * state: the resumer sees the generator's exception.  Either way the
 * generator rethrows its own when resumed. */
START_TEST(test_catch_yield)
{
	const unsigned int flags = catch_kinds[_i].flags;
	stack_guard sg;
	fringe_generator *gen = nullptr;
	catch_state s{"", -1};
	void *out = nullptr;

	ck_assert_int_eq(fringe_generator_create_flags(&gen, sg.stack,
						       catch_yield_fn, &s,
						       flags),
			 0);
	ck_assert_int_eq(fringe_generator_resume(gen, nullptr, &out),
			 FRINGE_YIELDED);
	if (catch_kinds[_i].shares_eh) {
		expect_rethrows("generator");
		ck_assert_int_eq(fringe_generator_resume(gen, nullptr, &out),
				 FRINGE_FINISHED);
	} else {
		/* The generator is in its catch handler: not our
		 * exception. */
		ck_assert_msg(!std::current_exception(),
			      "%s: the resumer sees the generator's exception",
			      catch_kinds[_i].name);
		ck_assert_int_eq(std::uncaught_exceptions(), 0);
		try {
			throw std::logic_error("resumer");
		} catch (const std::exception &) {
			ck_assert_int_eq(fringe_generator_resume(gen, nullptr,
								 &out),
					 FRINGE_FINISHED);
			/* Ours again, after the generator rethrew its own. */
			expect_rethrows("resumer");
		}
	}
	ck_assert_str_eq(s.in_catch_after_resume.c_str(), "generator");
	ck_assert_int_eq(s.uncaught_after_resume, 0);
	ck_assert_ptr_eq(out, V(2));
	ck_assert_msg(!std::current_exception(), "an exception is left over");
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
}
END_TEST

namespace {

struct unwind_state {
	fringe_yielder *yielder;
	int uncaught_in_dtor_before, uncaught_in_dtor_after;
	bool caught;
};

struct yielding_dtor {
	unwind_state *s;
	~yielding_dtor()
	{
		s->uncaught_in_dtor_before = std::uncaught_exceptions();
		(void)fringe_generator_yield(s->yielder, V(1), nullptr);
		s->uncaught_in_dtor_after = std::uncaught_exceptions();
	}
};

void *unwind_yield_fn(fringe_yielder *yielder, void *, void *userdata)
{
	unwind_state *s = static_cast<unwind_state *>(userdata);

	s->yielder = yielder;
	try {
		yielding_dtor d{s};
		throw std::runtime_error("unwinding");
	} catch (const std::runtime_error &e) {
		s->caught = std::strcmp(e.what(), "unwinding") == 0;
	}
	return V(2);
}

} // namespace

START_TEST(test_unwind_yield)
{
	stack_guard sg;
	fringe_generator *gen = nullptr;
	unwind_state s{nullptr, -1, -1, false};
	void *out = nullptr;

	ck_assert_int_eq(fringe_generator_create(&gen, sg.stack,
						 unwind_yield_fn, &s),
			 0);
	ck_assert_int_eq(fringe_generator_resume(gen, nullptr, &out),
			 FRINGE_YIELDED);
	ck_assert_int_eq(s.uncaught_in_dtor_before, 1);
	/* The generator's exception is in flight on its stack, not ours. */
	ck_assert_int_eq(std::uncaught_exceptions(), 0);
	ck_assert_msg(!std::current_exception(),
		      "the resumer sees an exception");
	ck_assert_int_eq(fringe_generator_resume(gen, nullptr, &out),
			 FRINGE_FINISHED);
	ck_assert_int_eq(s.uncaught_in_dtor_after, 1);
	ck_assert(s.caught);
	ck_assert_ptr_eq(out, V(2));
	ck_assert_int_eq(std::uncaught_exceptions(), 0);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
}
END_TEST

namespace {

/* An outer generator, in its catch handler, runs an inner one that yields
 * from its own catch handler; each rethrows its own. */
struct nested_state {
	fringe_stack *inner_stack;
	std::string inner_seen, outer_seen_after_inner, outer_seen_at_end;
};

void *inner_fn(fringe_yielder *yielder, void *, void *userdata)
{
	nested_state *s = static_cast<nested_state *>(userdata);

	try {
		throw std::runtime_error("inner");
	} catch (...) {
		(void)fringe_generator_yield(yielder, V(1), nullptr);
		s->inner_seen = rethrown();
	}
	return V(2);
}

void *outer_fn(fringe_yielder *yielder, void *, void *userdata)
{
	nested_state *s = static_cast<nested_state *>(userdata);
	fringe_generator *inner = nullptr;

	if (fringe_generator_create(&inner, s->inner_stack, inner_fn, s) != 0)
		return V(0);
	try {
		throw std::runtime_error("outer");
	} catch (...) {
		(void)fringe_generator_resume(inner, nullptr, nullptr);
		s->outer_seen_after_inner = rethrown();
		(void)fringe_generator_yield(yielder, V(1), nullptr);
		(void)fringe_generator_resume(inner, nullptr, nullptr);
		s->outer_seen_at_end = rethrown();
	}
	(void)fringe_generator_destroy(inner);
	return V(2);
}

} // namespace

START_TEST(test_nested)
{
	stack_guard outer_stack, inner_stack;
	fringe_generator *gen = nullptr;
	nested_state s{inner_stack.stack, "", "", ""};

	ck_assert_int_eq(fringe_generator_create(&gen, outer_stack.stack,
						 outer_fn, &s),
			 0);
	ck_assert_int_eq(fringe_generator_resume(gen, nullptr, nullptr),
			 FRINGE_YIELDED);
	ck_assert_msg(!std::current_exception(),
		      "the resumer sees an exception");
	ck_assert_str_eq(s.outer_seen_after_inner.c_str(), "outer");
	ck_assert_int_eq(fringe_generator_resume(gen, nullptr, nullptr),
			 FRINGE_FINISHED);
	ck_assert_str_eq(s.inner_seen.c_str(), "inner");
	ck_assert_str_eq(s.outer_seen_at_end.c_str(), "outer");
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
}
END_TEST

namespace {

struct migrate_state {
	fringe_generator *gen;
	int rc;
	std::string seen_there;
};

void *migrate_thread(void *arg)
{
	migrate_state *m = static_cast<migrate_state *>(arg);

	try {
		throw std::logic_error("second thread");
	} catch (...) {
		m->rc = fringe_generator_resume(m->gen, nullptr, nullptr);
		m->seen_there = rethrown();
	}
	/* Hand it back for the destroy. */
	if (fringe_generator_release(m->gen) != 0)
		m->rc = -1000;
	return nullptr;
}

} // namespace

START_TEST(test_migrate)
{
	stack_guard sg;
	catch_state s{"", -1};
	migrate_state m{nullptr, -1, ""};
	pthread_t thread;

	ck_assert_int_eq(fringe_generator_create(&m.gen, sg.stack,
						 catch_yield_fn, &s),
			 0);
	ck_assert_int_eq(fringe_generator_resume(m.gen, nullptr, nullptr),
			 FRINGE_YIELDED);
	/* Hand it over to the other thread. */
	ck_assert_int_eq(fringe_generator_release(m.gen), 0);
	ck_assert_int_eq(pthread_create(&thread, nullptr, migrate_thread, &m),
			 0);
	ck_assert_int_eq(pthread_join(thread, nullptr), 0);
	ck_assert_int_eq(m.rc, FRINGE_FINISHED);
	ck_assert_str_eq(s.in_catch_after_resume.c_str(), "generator");
	ck_assert_str_eq(m.seen_there.c_str(), "second thread");
	ck_assert_msg(!std::current_exception(), "an exception is left over");
	ck_assert_int_eq(fringe_generator_destroy(m.gen), 0);
}
END_TEST

namespace {

int destroyed_count;

struct counted_error : std::runtime_error {
	counted_error() : std::runtime_error("counted") {}
	counted_error(const counted_error &o) : std::runtime_error(o) {}
	~counted_error() override { destroyed_count++; }
};

void *cancel_in_catch_fn(fringe_yielder *yielder, void *, void *)
{
	try {
		throw counted_error();
	} catch (const counted_error &) {
		if (fringe_generator_yield(yielder, V(1), nullptr) ==
		    -ECANCELED)
			return V(3);
	}
	return V(2);
}

} // namespace

START_TEST(test_destroy_in_catch)
{
	stack_guard sg;
	fringe_generator *gen = nullptr;

	destroyed_count = 0;
	ck_assert_int_eq(fringe_generator_create(&gen, sg.stack,
						 cancel_in_catch_fn, nullptr),
			 0);
	try {
		throw std::logic_error("resumer");
	} catch (...) {
		ck_assert_int_eq(fringe_generator_resume(gen, nullptr, nullptr),
				 FRINGE_YIELDED);
		ck_assert_int_eq(fringe_generator_destroy(gen), 0);
		ck_assert_int_eq(destroyed_count, 1);
		expect_rethrows("resumer");
	}
	ck_assert_msg(!std::current_exception(), "an exception is left over");
}
END_TEST

namespace {

/* A scheduler on the context API: main and one task, each with its own
 * exception-handling state. */
fringe_eh_state main_eh = FRINGE_EH_STATE_INIT;
fringe_eh_state task_eh = FRINGE_EH_STATE_INIT;
std::string task_seen;

void task_entry(void *, void *from_sp, void *)
{
	try {
		throw std::runtime_error("task");
	} catch (...) {
		(void)fringe_eh_state_switch(&task_eh, &main_eh);
		from_sp = fringe_context_switch(from_sp, V(1)).sp;
		task_seen = rethrown();
	}
	(void)fringe_eh_state_switch(&task_eh, &main_eh);
	for (;;)
		from_sp = fringe_context_switch(from_sp, V(2)).sp;
}

} // namespace

START_TEST(test_context_scheduler)
{
	stack_guard sg;
	void *sp = nullptr;
	fringe_transfer t;

	ck_assert_int_eq(fringe_context_init(sg.stack, task_entry, nullptr, &sp),
			 0);
	ck_assert_int_eq(fringe_eh_state_switch(&main_eh, &task_eh), 1);
	t = fringe_context_switch_link(sp, nullptr, sg.stack);
	ck_assert_ptr_eq(t.value, V(1));
	ck_assert_msg(!std::current_exception(),
		      "main sees the task's exception");
	try {
		throw std::logic_error("main");
	} catch (...) {
		ck_assert_int_eq(fringe_eh_state_switch(&main_eh, &task_eh), 1);
		t = fringe_context_switch_link(t.sp, nullptr, sg.stack);
		ck_assert_ptr_eq(t.value, V(2));
		expect_rethrows("main");
	}
	ck_assert_str_eq(task_seen.c_str(), "task");
	ck_assert_int_eq(fringe_eh_state_switch(nullptr, &task_eh), -EINVAL);
	ck_assert_int_eq(fringe_eh_state_switch(&task_eh, nullptr), -EINVAL);
}
END_TEST

namespace {

void *idle_fn(fringe_yielder *, void *input, void *)
{
	return input;
}

/* The control block of a new generator on `stack`, created with `flags`. */
uintptr_t block_of_new(fringe_stack *stack, unsigned int flags)
{
	fringe_generator *gen;

	ck_assert_int_eq(fringe_generator_create_flags(&gen, stack, idle_fn,
						       nullptr, flags),
			 0);
	uintptr_t block = U(gen) & ~static_cast<uintptr_t>(15);
	ck_assert_int_eq(fringe_generator_destroy(gen), 0);
	return block;
}

} // namespace

/* With a state of its own (the default in a C++ program), the control
 * block sits 16 bytes lower than with FRINGE_GENERATOR_SHARE_EH: the
 * runtime's per-thread globals, rounded to 16, and nothing more. */
START_TEST(test_own_state_size)
{
	stack_guard sg;
	uintptr_t limit = U(fringe_stack_limit(sg.stack));
	uintptr_t own = block_of_new(sg.stack, 0);
	uintptr_t shared = block_of_new(sg.stack, FRINGE_GENERATOR_SHARE_EH);

	ck_assert_uint_lt(shared, limit);
	ck_assert_uint_eq(shared - own, 16);
	ck_assert_uint_eq(block_of_new(sg.stack, FRINGE_GENERATOR_SHARE_FPENV),
			  own);
}
END_TEST

static Suite *make_cxx_suite(void)
{
	Suite *suite = suite_create("cxx");
	TCase *tc = tcase_create("exception state");

	tcase_add_loop_test(tc, test_catch_yield, 0, n_catch_kinds);
	tcase_add_test(tc, test_unwind_yield);
	tcase_add_test(tc, test_nested);
	tcase_add_test(tc, test_migrate);
	tcase_add_test(tc, test_destroy_in_catch);
	tcase_add_test(tc, test_context_scheduler);
	tcase_add_test(tc, test_own_state_size);
	suite_add_tcase(suite, tc);
	return suite;
}

int main()
{
	fringe_runner_start("check_cxx");
	return fringe_runner_run(srunner_create(make_cxx_suite()));
}

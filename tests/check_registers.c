/*
 * check_registers.c - Area: callee-saved registers across switches.
 *
 * Purpose: every register and control word the ABI makes callee-saved
 * must survive a switch on both sides.  An assembly helper
 * (tests/arch/<cpu>/regs.S) loads pattern A into all of them on the
 * resumer's side and pattern B on the generator's (or context's) side,
 * each side switches away and back, and each checks that it got its own
 * pattern back.  Since the other side held different values at the moment
 * of every switch, a register the switch fails to save or restore shows
 * up as the other side's pattern (or as garbage).
 *
 * Limitations: only CPUs with a helper in tests/arch/<cpu>/ are covered;
 * on others the suite is empty and says so.  Between loading the patterns
 * and the switch, compiled code runs (resume, yield) and may use some
 * callee-saved registers for its own values; those registers are still
 * checked, with the values that code leaves in them.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "arch/regs.h"
#include "fringe-tests.h"

#if FRINGE_TEST_NREGS > 0

static const struct fringe_test_reg_info reg_info[FRINGE_TEST_NREGS] =
	FRINGE_TEST_REG_INFO;

static void fill(struct fringe_test_regs *regs, int side, unsigned round)
{
	for (int i = 0; i < FRINGE_TEST_NREGS; i++) {
		uint64_t v = side == 0 ? reg_info[i].a : reg_info[i].b;

		/* Vary integer registers per round, keep control words valid. */
		if (reg_info[i].mask == ~(uint64_t)0)
			v ^= (uint64_t)round << 8;
		regs->r[i] = v;
	}
}

/* Compare the registers; control words (partial masks) only when
 * `controls` is set. */
static void expect_same_regs(const struct fringe_test_regs *want,
			     const struct fringe_test_regs *got,
			     const char *side, unsigned round, int controls)
{
	for (int i = 0; i < FRINGE_TEST_NREGS; i++) {
		uint64_t m = reg_info[i].mask;

		/* Valgrind emulates only some FP control bits (on x86 it
		 * drops flush-to-zero and denormals-are-zero): compare
		 * integer registers only. */
		if ((fringe_under_valgrind() || !controls) &&
		    m != ~(uint64_t)0)
			continue;

		ck_assert_msg((want->r[i] & m) == (got->r[i] & m),
			      "%s side, round %u: %s is 0x%llx, expected 0x%llx",
			      side, round, reg_info[i].name,
			      (unsigned long long)(got->r[i] & m),
			      (unsigned long long)(want->r[i] & m));
	}
}

static void expect_same(const struct fringe_test_regs *want,
			const struct fringe_test_regs *got, const char *side,
			unsigned round)
{
	expect_same_regs(want, got, side, round, 1);
}

#define ROUNDS 16

/* ---- generators ----------------------------------------------------------- */

struct gen_run {
	fringe_generator *g;
	fringe_yielder *y;
	int rc;
	struct fringe_test_regs in[ROUNDS], out[ROUNDS];
};

static void yield_once(void *arg)
{
	struct gen_run *run = arg;

	run->rc |= fringe_generator_yield(run->y, NULL, NULL);
}

static void *regs_gen(fringe_yielder *y, void *input, void *userdata)
{
	struct gen_run *run = userdata;

	(void)input;
	run->y = y;
	for (unsigned i = 0; i < ROUNDS; i++) {
		fill(&run->in[i], 1, i);
		fringe_test_with_regs(&run->in[i], yield_once, run,
				      &run->out[i]);
	}
	return NULL;
}

static void resume_once(void *arg)
{
	struct gen_run *run = arg;

	run->rc |= fringe_generator_resume(run->g, NULL, NULL) < 0;
}

/* Every kind of generator; with FRINGE_GENERATOR_SHARE_FPENV the two
 * sides share the control words, so only registers are compared. */
START_TEST(generator_preserves_registers)
{
	const unsigned int flags = fringe_kinds[_i];
	struct gen_run *run = calloc(1, sizeof *run);
	struct fringe_test_regs in, out;
	fringe_stack *stack;
	int controls = !(flags & FRINGE_GENERATOR_SHARE_FPENV);

	ck_assert_ptr_nonnull(run);
	ck_assert_int_eq(fringe_stack_create(&stack, 0), 0);
	ck_assert_int_eq(fringe_generator_create_flags(&run->g, stack,
						       regs_gen, run, flags),
			 0);
	/* ROUNDS resumes reach ROUNDS yields; one more finishes. */
	for (unsigned i = 0; i <= ROUNDS; i++) {
		fill(&in, 0, i);
		fringe_test_with_regs(&in, resume_once, run, &out);
		expect_same_regs(&in, &out, "resumer", i, controls);
	}
	ck_assert_int_eq(run->rc, 0);
	ck_assert_int_eq(fringe_generator_state(run->g),
			 FRINGE_GENERATOR_FINISHED);
	for (unsigned i = 0; i < ROUNDS; i++)
		expect_same_regs(&run->in[i], &run->out[i], "generator", i,
				 controls);
	ck_assert_int_eq(fringe_generator_destroy(run->g), 0);
	ck_assert_int_eq(fringe_stack_destroy(stack), 0);
	free(run);
}
END_TEST

/* ---- the context API, both switch variants --------------------------------- */

struct ctx_run {
	void *peer;  /* stack pointer of the side we switch to next */
	int link;    /* use fringe_context_switch_link into the context */
	fringe_stack *stack;
	struct fringe_test_regs in[ROUNDS], out[ROUNDS];
};

static void ctx_switch_back(void *arg)
{
	struct ctx_run *run = arg;

	run->peer = fringe_context_switch(run->peer, NULL).sp;
}

static void ctx_entry(void *value, void *from_sp, void *userdata)
{
	struct ctx_run *run = userdata;

	(void)value;
	run->peer = from_sp;
	for (unsigned i = 0; i < ROUNDS; i++) {
		fill(&run->in[i], 1, i);
		fringe_test_with_regs(&run->in[i], ctx_switch_back, run,
				      &run->out[i]);
	}
	fringe_context_switch(run->peer, NULL);
	abort(); /* never switched to again */
}

static void ctx_switch_in(void *arg)
{
	struct ctx_run *run = arg;

	if (run->link)
		run->peer = fringe_context_switch_link(run->peer, NULL,
						       run->stack).sp;
	else
		run->peer = fringe_context_switch(run->peer, NULL).sp;
}

/* Both switches into the context: plain (_i 0) and linking (_i 1). */
START_TEST(context_switch_preserves_registers)
{
	struct ctx_run *run = calloc(1, sizeof *run);
	struct fringe_test_regs in, out;

	ck_assert_ptr_nonnull(run);
	run->link = _i;
	ck_assert_int_eq(fringe_stack_create(&run->stack, 0), 0);
	ck_assert_int_eq(fringe_context_init(run->stack, ctx_entry, run,
					     &run->peer),
			 0);
	for (unsigned i = 0; i <= ROUNDS; i++) {
		fill(&in, 0, i);
		fringe_test_with_regs(&in, ctx_switch_in, run, &out);
		expect_same(&in, &out, "resumer", i);
	}
	for (unsigned i = 0; i < ROUNDS; i++)
		expect_same(&run->in[i], &run->out[i], "context", i);
	ck_assert_int_eq(fringe_stack_destroy(run->stack), 0);
	free(run);
}
END_TEST

Suite *make_registers_suite(void)
{
	Suite *s = suite_create("registers");
	TCase *tc = tcase_create("callee-saved");

	tcase_add_loop_test(tc, generator_preserves_registers, 0,
			    FRINGE_NKINDS);
	tcase_add_loop_test(tc, context_switch_preserves_registers, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}

#else /* no register helper for this CPU */

Suite *make_registers_suite(void)
{
	/* Each run of the loop tests above. */
	for (int i = 0; i < FRINGE_NKINDS; i++)
		fringe_skip("generator_preserves_registers",
			    "%s: no register test helper for this CPU",
			    fringe_kind_name(fringe_kinds[i]));
	fringe_skip("context_switch_preserves_registers",
		    "no register test helper for this CPU");
	fringe_skip("context_switch_preserves_registers",
		    "linking switch: no register test helper for this CPU");
	return suite_create("registers");
}

#endif

/*
 * report.c - what the benchmark prints: the table (or the same as JSON),
 * each peer's ratio to the library doing the same, and the targets.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <fringe.h>

#include "arch.h"
#include "bench.h"

/*
 * Which library op each peer is compared with in the table's peer/ours
 * column.  Round trips of symmetric switches over the context switch,
 * those of asymmetric coroutines over the generator's; lives over the
 * library's life on the same kind of stack.
 */
static const struct {
	const char *peer, *ours;
} comparisons[] = {
	{ "uc_rt", "ctx_rt" },
	{ "boost_rt", "ctx_rt" },
	{ "boost_rt_fpflags", "ctx_rt" },
	{ "floor_rt", "ctx_rt" },
	{ "fiber_rt", "gen_rt" },
	{ "coro2_rt", "gen_rt" },
	{ "uc_life_cached", "gen_life_reuse" },
	{ "boost_life_cached", "gen_life_reuse" },
	{ "fiber_life_pool", "gen_life_pool" },
	{ "uc_life_fresh", "gen_life_fresh" },
	{ "boost_life_fresh", "gen_life_fresh" },
	{ "fiber_life_fresh", "gen_life_fresh" },
};

static const char *compared_with(const char *id)
{
	for (size_t i = 0; i < sizeof comparisons / sizeof comparisons[0]; i++)
		if (strcmp(comparisons[i].peer, id) == 0)
			return comparisons[i].ours;
	return NULL;
}

/* Why an op has no timing. */
static const char *why_not_ran(const struct bench_result *r)
{
	if (r->op->missing != NULL)
		return r->op->missing;
	if (r->round_ns == NULL)
		return "setup failed";
	return "every sample was dropped (a context switch or a stall in each)";
}

/* ---- targets ---------------------------------------------------------------------- */

enum cmp { GE, LT, LE };

struct target {
	const char *name;
	const char *num, *den; /* op ids: a ratio num/den, or den == NULL:
				  num's time per op in ns */
	enum cmp cmp;
	double limit;
	int bytes;             /* the bookkeeping target: exact, no spread */
	int info;              /* printed beside them, with no verdict */
	/* computed */
	int known;
	struct bench_spread v; /* median and quartiles of the value */
	const char *status;    /* "met", "MISSED", "within noise" */
};

/* Designated, so that the computed fields need no initializer. */
#define TARGET(n, a, b, c, l)                                                \
	{ .name = n, .num = a, .den = b, .cmp = c, .limit = l }

static struct target targets[] = {
	TARGET("generator round trip: jump_fcontext / ours",
	       "boost_rt", "gen_rt", GE, 0.9),
	TARGET("generator round trip: Boost fiber / ours",
	       "fiber_rt", "gen_rt", GE, 1.0),
	TARGET("generator round trip: Coroutine2 pull_type / ours",
	       "coro2_rt", "gen_rt", GE, 1.0),
	TARGET("SHARE_FPENV round trip: jump_fcontext / ours",
	       "boost_rt", "gen_rt_shared", GE, 1.5),
	/* A C++ program's SHARE_FPENV generator with C++ state of its own,
	 * which Boost's switches do not keep (bench/README). */
	{ .name = "  the same, own C++ state (SHARE_FPENV only)",
	  .num = "boost_rt", .den = "cxx_gen_rt_shared_own", .info = 1 },
	TARGET("context switch round trip: jump_fcontext / ours",
	       "boost_rt", "ctx_rt", GE, 1.0),
	TARGET("pooled life: Boost fiber, pooled stack / ours",
	       "fiber_life_pool", "gen_life_pool", GE, 1.0),
	TARGET("pooled generator life (ns)",
	       "gen_life_pool", NULL, LT, 50.0),
	/* Set earlier; still tracked. */
	TARGET("generator round trip: swapcontext / ours",
	       "uc_rt", "gen_rt", GE, 50.0),
	TARGET("SHARE_FPENV round trip: swapcontext / ours",
	       "uc_rt", "gen_rt_shared", GE, 50.0),
	TARGET("generator life: fresh mmap / pooled stack",
	       "gen_life_fresh", "gen_life_pool", GE, 20.0),
	{ .name = "bookkeeping per generator (bytes)",
	  .cmp = LE, .limit = 64.0, .bytes = 1 },
};
#define NTARGETS (sizeof targets / sizeof targets[0])
/* targets[0 .. NEW_TARGETS - 1] are the current ones. */
#define NEW_TARGETS 8

static const char *cmp_name(enum cmp c)
{
	return c == GE ? ">=" : c == LT ? "<" : "<=";
}

static int holds(enum cmp c, double v, double limit)
{
	return c == GE ? v >= limit : c == LT ? v < limit : v <= limit;
}

void bench_compute_targets(void)
{
	for (size_t i = 0; i < NTARGETS; i++) {
		struct target *t = &targets[i];
		int lo_ok, hi_ok;

		memset(&t->v, 0, sizeof t->v);
		if (t->bytes) {
			double b = (double)bench_book.control_block +
				   (bench_book.heap > 0 ? (double)bench_book.heap
							: 0.0);

			t->known = bench_book.control_block >= 0;
			t->v.median = t->v.q1 = t->v.q3 = b;
			t->v.n = 1;
		} else if (t->den != NULL) {
			t->v = bench_ratio(bench_find_result(t->num),
					   bench_find_result(t->den));
			t->known = t->v.n > 0;
		} else {
			const struct bench_result *r = bench_find_result(t->num);

			t->known = r != NULL && r->ran;
			if (t->known)
				t->v = r->ns;
		}
		if (!t->known) {
			t->status = "not measured";
			continue;
		}
		if (t->info) {
			t->status = "information";
			continue;
		}
		/* Met when the whole interquartile range is on the right side
		 * of the limit, MISSED when all of it is on the wrong side. */
		lo_ok = holds(t->cmp, t->v.q1, t->limit);
		hi_ok = holds(t->cmp, t->v.q3, t->limit);
		t->status = lo_ok && hi_ok ? "met"
			    : !lo_ok && !hi_ok ? "MISSED" : "within noise";
	}
}

/* ---- the table -------------------------------------------------------------------- */

static void print_num(double v, int width)
{
	if (v < 100)
		printf(" %*.2f", width, v);
	else if (v < 100000)
		printf(" %*.1f", width, v);
	else
		printf(" %*.0f", width, v);
}

static void print_ratio(const struct bench_spread *s)
{
	char iqr[40];

	snprintf(iqr, sizeof iqr, "%.2f-%.2f", s->q1, s->q3);
	printf(" %8.2fx %-13s", s->median, iqr);
}

static void print_row(const struct bench_result *r)
{
	int cyc = BENCH_CYCLES_NAME != NULL;
	const char *cmp = compared_with(r->op->id);
	const struct bench_result *ours = cmp != NULL ? bench_find_result(cmp)
						      : NULL;

	printf("%-46s", r->op->label);
	if (!r->ran) {
		printf(" missing: %s\n", why_not_ran(r));
		return;
	}
	print_num(r->ns.median, 8);
	print_num(r->ns.min, 8);
	if (cyc)
		print_num(r->cycles.median, 8);
	if (r->have_ir)
		printf(" %8.1f", r->ir);
	else
		printf(" %8s", "-");
	printf(" %5d", r->kept);
	if (ours != NULL && ours->ran) {
		struct bench_spread s = bench_ratio(r, ours);

		if (s.n > 0) {
			print_ratio(&s);
			printf(" %s", cmp);
		}
	}
	printf("\n");
}

static void print_target(const struct target *t)
{
	char iqr[48] = "";

	if (!t->known) {
		if (!t->info)
			printf("  %-50s %s\n", t->name, t->status);
		return;
	}
	if (t->info) {
		printf("  %-50s %8.2f  %.2f-%.2f     (%s)\n", t->name,
		       t->v.median, t->v.q1, t->v.q3, t->status);
		return;
	}
	if (!t->bytes)
		snprintf(iqr, sizeof iqr, "%.2f-%.2f", t->v.q1, t->v.q3);
	printf("  %-50s %8.*f  %-13s %-2s %-4g %s\n", t->name,
	       t->bytes ? 0 : 2, t->v.median, iqr, cmp_name(t->cmp), t->limit,
	       t->status);
}

void bench_print_table(void)
{
	const struct bench_machine *m = &bench_machine;
	int cyc = BENCH_CYCLES_NAME != NULL;
	int kept = 0, sw = 0, jump = 0;

	for (int i = 0; i < bench_nresults; i++) {
		kept += bench_results[i].kept;
		sw += bench_results[i].dropped_switch;
		jump += bench_results[i].dropped_jump;
	}

	printf("libfringe-c %s benchmark (backend %s)\n",
	       fringe_version_string(), FRINGE_BACKEND);
	printf("cpu:       %s\n", m->cpu);
	printf("           %ld CPUs online", m->cpus_online);
	if (m->hypervisor[0] != '\0')
		printf("; hypervisor (CPUID): %s", m->hypervisor);
	printf("\nkernel:    %s\n", m->kernel);
	printf("compilers: C: %s\n           %s\n", m->compiler,
	       bench_boost_build);
	printf("load:      %s at start, %s at the end of the timing "
	       "(1, 5, 15 min)\n",
	       m->load_start, m->load_end);
	printf("method:    %d rounds; each takes one %.2g ms sample of every "
	       "operation,\n           starting with a different one each "
	       "round\n",
	       bench_opt.rounds, bench_opt.sample_ms);
	printf("samples:   %d kept; %d dropped (and taken again) for a context "
	       "switch, %d for a\n           stall\n\n",
	       kept, sw, jump);

	printf("%-46s %8s %8s", "operation", "median", "min");
	if (cyc)
		printf(" %8s", "cycles");
	printf(" %8s %5s %9s %-13s %s\n", "instr", "kept", "peer/ours",
	       "IQR", "vs");
	printf("%-46s %8s %8s", "", "ns", "ns");
	if (cyc)
		printf(" %8s", BENCH_CYCLES_NAME);
	printf(" %8s\n", "Ir");
	for (int i = 0; i < bench_nresults; i++)
		print_row(&bench_results[i]);

	printf("\nmedian, min: time per operation over the kept samples; "
	       "cycles: median.\n");
	printf("peer/ours: the median over the rounds of the peer's time "
	       "divided by the time of\n  the library op named under vs in "
	       "the same round; IQR: the quartiles of\n  those per-round "
	       "ratios.  Above 1: the library is faster.\n");
	printf("drop rule: %s.\n", bench_drop_rule);
	printf("generator life: create + first resume (the function returns "
	       "at once) + destroy;\n  pooled: with fringe_stack_pool_get/put; "
	       "fresh mmap: a %u KiB guarded stack mapped\n  and unmapped each "
	       "time.  2 threads: while a second thread uses the same pool.\n",
	       BENCH_STACK_SIZE / 1024);
	if (cyc)
		printf("cycles: %s reference cycles (constant rate, not core "
		       "clock cycles).\n",
		       BENCH_CYCLES_NAME);
	else
		printf("cycles: no cycle counter on this CPU.\n");
	if (!bench_opt.callgrind)
		printf("instr: not counted (--no-callgrind).\n");
	else if (bench_valgrind_missing)
		printf("instr: valgrind is not installed: no instruction "
		       "counts (Debian: valgrind).\n");
	else
		printf("instr: user-space instructions per operation from "
		       "valgrind --tool=callgrind\n  ((Ir of N operations - Ir "
		       "of 0) / N; system calls count only their user part).\n");
	for (int i = 0; bench_opt.callgrind && !bench_valgrind_missing &&
			i < bench_nresults;
	     i++)
		if (bench_results[i].ran && !bench_results[i].have_ir &&
		    !(bench_results[i].op->flags & BENCH_OP_NO_CALLGRIND))
			printf("instr: none for %s: %s\n",
			       bench_results[i].op->id,
			       bench_results[i].ir_note);
	if (BENCH_FLOOR_NAME == NULL)
		printf("floor: no floor switch was written for this CPU.\n");
	else
		printf("floor: %s; saves no\n  MXCSR / x87 control word: a "
		       "lower bound, not a usable switch.\n",
		       BENCH_FLOOR_NAME);

	printf("\nbookkeeping per generator: %ld bytes of control block at "
	       "the top of its stack\n  (no other memory)",
	       bench_book.control_block);
	if (bench_book.heap >= 0)
		printf("; heap per generator: %ld bytes", bench_book.heap);
	printf(";\n  a stack on caller memory adds a %ld-byte descriptor "
	       "inside that memory.\n",
	       bench_book.descriptor);

	printf("\n%-55s%s\n",
	       BENCH_HAVE_FLOOR ? "targets (set for x86_64)"
				: "targets (set for x86_64; this is another CPU)",
	       "median  IQR (quartiles)");
	for (size_t i = 0; i < NEW_TARGETS; i++)
		print_target(&targets[i]);
	printf(" set earlier:\n");
	for (size_t i = NEW_TARGETS; i < NTARGETS; i++)
		print_target(&targets[i]);
	printf("  1,000,000 generators alive at once: see `bench --scale "
	       "1000000` (make bench-scale)\n");
	printf("ratios are per-round ratios as in the table (above 1: ours is "
	       "faster); pooled\n  generator life: create + first resume + "
	       "destroy, ns per op over the samples.\n  met: the whole IQR is "
	       "on the target's side; MISSED: all of it is on the other\n  "
	       "side; within noise: the IQR straddles the target.\n");
}

/* ---- JSON ----------------------------------------------------------------------------- */

static void json_string(const char *s)
{
	putchar('"');
	for (; s != NULL && *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", (unsigned)(unsigned char)*s);
		else
			putchar(*s);
	}
	putchar('"');
}

static void json_spread(const char *name, const struct bench_spread *s)
{
	printf("\"%s\": {\"median\": %.4f, \"q1\": %.4f, \"q3\": %.4f, "
	       "\"min\": %.4f, \"max\": %.4f, \"n\": %d}",
	       name, s->median, s->q1, s->q3, s->min, s->max, s->n);
}

static int is_round_trip(const char *id)
{
	size_t len = strlen(id);

	return len > 3 && strcmp(id + len - 3, "_rt") == 0;
}

void bench_print_json(void)
{
	const struct bench_machine *m = &bench_machine;

	printf("{\n  \"library\": ");
	json_string(fringe_version_string());
	printf(",\n  \"backend\": ");
	json_string(FRINGE_BACKEND);
	printf(",\n  \"machine\": {\"cpu\": ");
	json_string(m->cpu);
	printf(", \"hypervisor\": ");
	json_string(m->hypervisor);
	printf(", \"cpus_online\": %ld, \"kernel\": ", m->cpus_online);
	json_string(m->kernel);
	printf(", \"compiler\": ");
	json_string(m->compiler);
	printf(", \"cxx_build\": ");
	json_string(bench_boost_build);
	printf(", \"cycle_counter\": ");
	if (BENCH_CYCLES_NAME != NULL)
		json_string(BENCH_CYCLES_NAME);
	else
		printf("null");
	printf(", \"load_start\": ");
	json_string(m->load_start);
	printf(", \"load_end\": ");
	json_string(m->load_end);
	printf("},\n  \"rounds\": %d,\n  \"sample_ms\": %.3f,\n",
	       bench_opt.rounds, bench_opt.sample_ms);
	printf("  \"stack_size\": %u,\n  \"operations\": [\n", BENCH_STACK_SIZE);
	for (int i = 0; i < bench_nresults; i++) {
		const struct bench_result *r = &bench_results[i];
		const char *cmp = compared_with(r->op->id);
		const struct bench_result *ours =
			cmp != NULL ? bench_find_result(cmp) : NULL;

		printf("    {\"id\": ");
		json_string(r->op->id);
		printf(", \"label\": ");
		json_string(r->op->label);
		if (!r->ran) {
			printf(", \"missing\": ");
			json_string(why_not_ran(r));
			printf("}%s\n", i + 1 < bench_nresults ? "," : "");
			continue;
		}
		printf(", \"round_trip\": %s",
		       is_round_trip(r->op->id) ? "true" : "false");
		printf(", \"iterations_per_sample\": %" PRIu64
		       ", \"samples_kept\": %d, \"dropped_switch\": %d, "
		       "\"dropped_stall\": %d, ",
		       r->iterations, r->kept, r->dropped_switch,
		       r->dropped_jump);
		json_spread("ns", &r->ns);
		if (BENCH_CYCLES_NAME != NULL) {
			printf(", ");
			json_spread("cycles", &r->cycles);
		}
		printf(", \"instructions\": ");
		if (r->have_ir) {
			printf("%.1f", r->ir);
		} else {
			printf("null, \"instructions_note\": ");
			json_string(r->ir_note != NULL ? r->ir_note
						       : "not counted");
		}
		if (ours != NULL && ours->ran) {
			struct bench_spread s = bench_ratio(r, ours);

			printf(", \"compared_with\": ");
			json_string(cmp);
			printf(", ");
			json_spread("ratio", &s);
		}
		printf("}%s\n", i + 1 < bench_nresults ? "," : "");
	}
	printf("  ],\n  \"bookkeeping\": {\"control_block\": %ld, "
	       "\"caller_memory_descriptor\": %ld, \"heap\": %ld},\n",
	       bench_book.control_block, bench_book.descriptor,
	       bench_book.heap);
	printf("  \"targets\": [\n");
	for (size_t i = 0; i < NTARGETS; i++) {
		const struct target *t = &targets[i];

		printf("    {\"name\": ");
		json_string(t->name);
		if (t->known)
			printf(", \"value\": %.4f, \"q1\": %.4f, \"q3\": %.4f",
			       t->v.median, t->v.q1, t->v.q3);
		/* An information line has no limit to compare with. */
		if (!t->info)
			printf(", \"compare\": \"%s\", \"limit\": %g",
			       cmp_name(t->cmp), t->limit);
		printf(", \"current\": %s, \"status\": ",
		       i < NEW_TARGETS ? "true" : "false");
		json_string(t->status);
		printf("}%s\n", i + 1 < NTARGETS ? "," : "");
	}
	printf("  ]\n}\n");
}

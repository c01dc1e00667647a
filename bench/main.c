/*
 * main.c - libfringe-c's benchmark: `make bench`.
 *
 * Times, in one process and side by side, the library's context switch,
 * generator round trips and generator life cycles, the same operations
 * done with glibc's swapcontext()/makecontext(), Boost.Context's
 * jump_fcontext() and fiber, and Boost.Coroutine2, and a floor: the
 * cheapest switch the compiler can help with (bench/arch.h).  The ops
 * take turns in rounds of short samples, samples that a context switch
 * or a stall disturbed are dropped, and ratios are taken within each
 * round (timing.c; bench/README has the method).  When valgrind is
 * installed, every op is also run under callgrind (callgrind.c).
 *
 * Nothing here passes or fails: the targets at the end are reported as
 * met, MISSED or within noise for this run.
 *
 * Usage: bench [--json] [--rounds N] [--time MS] [--only ID,...]
 *              [--no-callgrind] [--valgrind PATH]
 *        bench --scale N [--guarded] [--stack-size BYTES] [--json]
 *        bench --list
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

const struct bench_op *const bench_op_tables[] = {
	bench_fringe_ops,
	bench_peer_ops,
	bench_boost_ops,
	bench_floor_ops,
	bench_extra_ops,
	NULL
};

struct bench_options bench_opt = {
	.json = 0,
	.rounds = 201,
	.sample_ms = 0.3,
	.only = NULL,
	.callgrind = 1,
	.valgrind = NULL,
	.progress = 0,
	.argv0 = "bench",
};

#define MAX_OPS 64
struct bench_result bench_results[MAX_OPS];
int bench_nresults;

const struct bench_op *bench_find_op(const char *id)
{
	for (int t = 0; bench_op_tables[t] != NULL; t++)
		for (const struct bench_op *op = bench_op_tables[t]; op->id;
		     op++)
			if (strcmp(op->id, id) == 0)
				return op;
	return NULL;
}

struct bench_result *bench_find_result(const char *id)
{
	for (int i = 0; i < bench_nresults; i++)
		if (strcmp(bench_results[i].op->id, id) == 0)
			return &bench_results[i];
	return NULL;
}

static int selected(const char *id)
{
	const char *p = bench_opt.only;
	size_t len = strlen(id);

	if (p == NULL)
		return 1;
	while (*p != '\0') {
		size_t n = strcspn(p, ",");

		if (n == len && strncmp(p, id, n) == 0)
			return 1;
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

void bench_progress(const char *what, const char *id)
{
	if (!bench_opt.progress)
		return;
	fprintf(stderr, "\r%-60s\r", "");
	if (*what != '\0')
		fprintf(stderr, "%s %s ...", what, id);
	fflush(stderr);
}

static void usage(FILE *to)
{
	fprintf(to,
		"usage: bench [--json] [--rounds N] [--time MS] [--only ID,...]\n"
		"             [--no-callgrind] [--valgrind PATH]\n"
		"       bench --scale N [--guarded] [--stack-size BYTES] "
		"[--json]\n"
		"       bench --list\n"
		"\n"
		"  --rounds N    rounds; each takes one sample of every "
		"operation (default 201;\n"
		"                --runs N is the same)\n"
		"  --time MS     length of one sample in milliseconds "
		"(default 0.3)\n"
		"  --only IDS    only these operations (see --list)\n"
		"  --no-callgrind  no instruction counts\n"
		"  --valgrind PATH the valgrind to count instructions with\n"
		"  --json        machine-readable output\n");
}

static unsigned long parse_count(const char *s, const char *what)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0') {
		fprintf(stderr, "bench: bad %s '%s'\n", what, s);
		exit(2);
	}
	return v;
}

static double parse_ms(const char *s)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || !(v > 0) || v > 10000) {
		fprintf(stderr, "bench: bad time '%s' (milliseconds)\n", s);
		exit(2);
	}
	return v;
}

static void list_ops(void)
{
	for (int t = 0; bench_op_tables[t] != NULL; t++)
		for (const struct bench_op *op = bench_op_tables[t]; op->id;
		     op++)
			printf("%-20s %s%s\n", op->id, op->label,
			       op->missing ? " (missing)" : "");
}

int main(int argc, char **argv)
{
	struct bench_scale_options scale = { 0, 8u * 1024u, 0, 0 };

	bench_opt.argv0 = argv[0];
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *next = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--callgrind-child") == 0 && i + 2 < argc)
			return bench_callgrind_child(argv[i + 1], argv[i + 2]);
		if (strcmp(a, "--json") == 0) {
			bench_opt.json = 1;
			scale.json = 1;
		} else if (strcmp(a, "--no-callgrind") == 0) {
			bench_opt.callgrind = 0;
		} else if (strcmp(a, "--guarded") == 0) {
			scale.guarded = 1;
		} else if (strcmp(a, "--list") == 0) {
			list_ops();
			return 0;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return 0;
		} else if (next == NULL) {
			usage(stderr);
			return 2;
		} else if (strcmp(a, "--rounds") == 0 ||
			   strcmp(a, "--runs") == 0) {
			unsigned long n = parse_count(next, "round count");

			bench_opt.rounds = n < 1 ? 1 : n > 100000 ? 100000 : (int)n;
			i++;
		} else if (strcmp(a, "--time") == 0) {
			bench_opt.sample_ms = parse_ms(next);
			i++;
		} else if (strcmp(a, "--only") == 0) {
			bench_opt.only = next;
			i++;
		} else if (strcmp(a, "--valgrind") == 0) {
			bench_opt.valgrind = next;
			i++;
		} else if (strcmp(a, "--scale") == 0) {
			scale.count = parse_count(next, "generator count");
			i++;
		} else if (strcmp(a, "--stack-size") == 0) {
			scale.stack_size = parse_count(next, "stack size");
			i++;
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (scale.count > 0)
		return bench_scale(&scale);

	bench_describe_machine();
	bench_load_average(bench_machine.load_start,
			   sizeof bench_machine.load_start);
	for (int t = 0; bench_op_tables[t] != NULL; t++)
		for (const struct bench_op *op = bench_op_tables[t]; op->id;
		     op++) {
			if (!selected(op->id))
				continue;
			if (bench_nresults == MAX_OPS)
				bench_die("too many operations: raise MAX_OPS");
			bench_results[bench_nresults++].op = op;
		}
	bench_opt.progress = isatty(STDERR_FILENO);
	bench_measure_all();
	bench_load_average(bench_machine.load_end,
			   sizeof bench_machine.load_end);
	if (bench_opt.callgrind)
		bench_count_instructions();
	bench_progress("", "");
	bench_measure_bookkeeping();
	bench_compute_targets();
	if (bench_opt.json)
		bench_print_json();
	else
		bench_print_table();
	return 0;
}

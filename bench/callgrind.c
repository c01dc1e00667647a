/*
 * callgrind.c - instructions per operation, counted by valgrind's
 * callgrind in child processes: the benchmark runs itself as
 * `valgrind --tool=callgrind bench --callgrind-child ID N`, once with
 * N operations and once with none, and divides the difference of the
 * two instruction totals by N.  The count is of user-space instructions
 * and does not depend on how busy the machine is.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

int bench_valgrind_missing;

/* Run one op n times, untimed: what a callgrind child does. */
int bench_callgrind_child(const char *id, const char *count)
{
	const struct bench_op *op = bench_find_op(id);
	uint64_t n = strtoull(count, NULL, 10);

	if (op == NULL || op->missing != NULL) {
		fprintf(stderr, "bench: no operation '%s'\n", id);
		return 2;
	}
	if (op->setup != NULL && op->setup() < 0)
		return 2;
	op->run(n);
	if (op->teardown != NULL)
		op->teardown();
	return 0;
}

static char self_path[4096];

/* Start `valgrind --tool=callgrind bench --callgrind-child ID N`. */
static pid_t callgrind_start(const char *id, uint64_t n, const char *out)
{
	char outopt[4200], count[32];
	pid_t pid;

	snprintf(outopt, sizeof outopt, "--callgrind-out-file=%s", out);
	snprintf(count, sizeof count, "%" PRIu64, n);
	pid = fork();
	if (pid == 0) {
		const char *vg = bench_opt.valgrind != NULL ? bench_opt.valgrind
							    : "valgrind";
		int null = open("/dev/null", O_WRONLY);

		if (null >= 0) {
			dup2(null, STDOUT_FILENO);
			dup2(null, STDERR_FILENO);
		}
		execlp(vg, vg, "--tool=callgrind", outopt, self_path,
		       "--callgrind-child", id, count, (char *)NULL);
		_exit(127);
	}
	return pid;
}

/* The total instruction count in a callgrind output file, or -1. */
static double callgrind_total(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[512];
	double total = -1;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, "summary:", 8) == 0 ||
		    (total < 0 && strncmp(line, "totals:", 7) == 0))
			total = strtod(line + (line[0] == 's' ? 8 : 7), NULL);
	}
	fclose(f);
	return total;
}

/*
 * Instructions per operation: (Ir of n operations - Ir of none) / n,
 * from two callgrind runs made at the same time.
 */
static void count_one(struct bench_result *r)
{
	const char *id = r->op->id;
	uint64_t n = strstr(id, "fresh") != NULL ? 500 : 20000;
	const char *tmp = getenv("TMPDIR");
	char out0[4200], out1[4200];
	int st0, st1;
	pid_t p0, p1;
	double ir0, ir1;

	if (r->op->flags & BENCH_OP_NO_CALLGRIND) {
		r->ir_note = "not counted (threads)";
		return;
	}
	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	snprintf(out0, sizeof out0, "%s/fringe-bench-%ld-%s-0.cg", tmp,
		 (long)getpid(), id);
	snprintf(out1, sizeof out1, "%s/fringe-bench-%ld-%s-1.cg", tmp,
		 (long)getpid(), id);
	p0 = callgrind_start(id, 0, out0);
	p1 = callgrind_start(id, n, out1);
	if (p0 < 0 || p1 < 0 || waitpid(p0, &st0, 0) < 0 ||
	    waitpid(p1, &st1, 0) < 0) {
		r->ir_note = "could not run valgrind";
		return;
	}
	ir0 = callgrind_total(out0);
	ir1 = callgrind_total(out1);
	unlink(out0);
	unlink(out1);
	if (WIFEXITED(st0) && WEXITSTATUS(st0) == 127) {
		bench_valgrind_missing = 1;
		r->ir_note = "valgrind not found";
		return;
	}
	if (!WIFEXITED(st0) || WEXITSTATUS(st0) != 0 || !WIFEXITED(st1) ||
	    WEXITSTATUS(st1) != 0 || ir0 < 0 || ir1 < 0) {
		r->ir_note = "callgrind run failed";
		return;
	}
	r->ir = (ir1 - ir0) / (double)n;
	r->have_ir = 1;
}

void bench_count_instructions(void)
{
	ssize_t len = readlink("/proc/self/exe", self_path,
			       sizeof self_path - 1);

	if (len > 0)
		self_path[len] = '\0';
	else
		snprintf(self_path, sizeof self_path, "%s", bench_opt.argv0);
	for (int i = 0; i < bench_nresults; i++) {
		struct bench_result *r = &bench_results[i];

		if (!r->ran)
			continue;
		if (bench_valgrind_missing) {
			r->ir_note = "valgrind not found";
			continue;
		}
		bench_progress("callgrind", r->op->id);
		count_one(r);
	}
}

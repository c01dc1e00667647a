/*
 * bench.c - libfringe-c's benchmark: `make bench`.
 *
 * Times, in one process and side by side, the library's context switch,
 * generator round trip and generator life cycle (on a pooled, a reused
 * and a freshly mapped stack), the same operations done with glibc's
 * swapcontext()/makecontext() and with Boost.Context, and a floor: the
 * cheapest switch the compiler can help with (bench/arch.h).  Each
 * operation is run in repeated timed runs, the operations taking turns
 * so that the machine's load weighs on all alike; the table shows the median,
 * minimum and maximum time per operation, cycles where the CPU has a
 * counter, and each peer's ratio to the library.  When valgrind is
 * installed, every operation is also run under callgrind, whose count
 * of instructions per operation does not depend on how busy the
 * machine is.
 *
 * Nothing here passes or fails: timings on a shared machine are noisy.
 * The targets at the end are reported as met or missed for this run.
 *
 * Usage: bench [--json] [--runs N] [--time MS] [--only ID,...]
 *              [--no-callgrind] [--valgrind PATH]
 *        bench --scale N [--guarded] [--stack-size BYTES] [--json]
 *        bench --list
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef HAVE_MALLINFO2
#include <malloc.h>
#endif

#include <fringe.h>

#include "arch.h"
#include "bench.h"

#ifndef MAP_STACK
#define MAP_STACK 0
#endif
#ifndef MAP_ANONYMOUS
#define MAP_ANONYMOUS MAP_ANON
#endif

/* ---- helpers for the op files ------------------------------------------------- */

void bench_die(const char *what)
{
	fprintf(stderr, "bench: %s\n", what);
	exit(2);
}

void bench_check(int rc, const char *what)
{
	if (rc < 0) {
		fprintf(stderr, "bench: %s: %s\n", what, strerror(-rc));
		exit(2);
	}
}

static size_t page_size(void)
{
	long page = sysconf(_SC_PAGESIZE);

	return page > 0 ? (size_t)page : 4096;
}

void *bench_map_stack(size_t size, void **top)
{
	size_t page = page_size();
	char *map = mmap(NULL, size + page, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);

	if (map == MAP_FAILED)
		return NULL;
	if (mprotect(map, page, PROT_NONE) != 0) {
		munmap(map, size + page);
		return NULL;
	}
	*top = map + page + size;
	return map;
}

void bench_unmap_stack(void *map, size_t size)
{
	munmap(map, size + page_size());
}

/* ---- clocks ---------------------------------------------------------------------- */

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Start of the run in progress. */
static uint64_t run_start_ns, run_start_cycles;

void bench_restart_clock(void)
{
	run_start_ns = now_ns();
	run_start_cycles = bench_cycles();
}

/* ---- the operations and their results ------------------------------------------- */

struct stats {
	double median, min, max;
};

struct result {
	const struct bench_op *op;
	int ran;               /* timed */
	uint64_t iterations;   /* per run */
	struct stats ns, cycles;
	int have_ir;
	double ir;             /* instructions per operation */
	const char *ir_note;   /* why there is no count */
};

#define MAX_OPS 32
static struct result results[MAX_OPS];
static int nresults;

/*
 * How the table compares: each peer row is divided by the library row
 * doing the same thing.  Round trips also get a derived one-way row.
 */
static const struct {
	const char *peer, *ours;
} comparisons[] = {
	{ "uc_rt", "ctx_rt" },
	{ "boost_rt", "ctx_rt" },
	{ "floor_rt", "ctx_rt" },
	{ "uc_life_cached", "gen_life_pool" },
	{ "uc_life_fresh", "gen_life_fresh" },
	{ "boost_life_cached", "gen_life_pool" },
	{ "boost_life_fresh", "gen_life_fresh" },
};

static struct result *find_result(const char *id)
{
	for (int i = 0; i < nresults; i++)
		if (strcmp(results[i].op->id, id) == 0)
			return &results[i];
	return NULL;
}

static const char *compared_with(const char *id)
{
	for (size_t i = 0; i < sizeof comparisons / sizeof comparisons[0]; i++)
		if (strcmp(comparisons[i].peer, id) == 0)
			return comparisons[i].ours;
	return NULL;
}

static int is_round_trip(const char *id)
{
	size_t len = strlen(id);

	return len > 3 && strcmp(id + len - 3, "_rt") == 0;
}

/* ---- options ------------------------------------------------------------------- */

static struct {
	int json;
	int runs;
	double run_ms;
	const char *only;
	int callgrind;
	const char *valgrind;
} opt = { 0, 21, 10.0, NULL, 1, NULL };

static int selected(const char *id)
{
	const char *p = opt.only;
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

/* ---- progress ------------------------------------------------------------------ */
/* On a terminal, say what is being measured (it takes a few seconds). */
static int progress;

static void show_progress(const char *what, const char *id)
{
	if (!progress)
		return;
	fprintf(stderr, "\r%-40s\r", "");
	if (*what != '\0')
		fprintf(stderr, "%s %s ...", what, id);
	fflush(stderr);
}

/* ---- timing ---------------------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static struct stats summarize(double *v, int n)
{
	struct stats s;

	qsort(v, (size_t)n, sizeof *v, cmp_double);
	s.min = v[0];
	s.max = v[n - 1];
	s.median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	return s;
}

/* One run of n operations: nanoseconds and cycles it took. */
static void timed_run(const struct bench_op *op, uint64_t n, double *ns,
		      double *cycles)
{
	uint64_t end_ns, end_cycles;

	bench_restart_clock();
	op->run(n);
	end_cycles = bench_cycles();
	end_ns = now_ns();
	*ns = (double)(end_ns - run_start_ns);
	*cycles = (double)(end_cycles - run_start_cycles);
}

/* Find the n that makes one run take about run_ms (and warm up). */
static uint64_t calibrate(const struct bench_op *op)
{
	double ns, cycles;
	uint64_t n = 8;

	for (;;) {
		timed_run(op, n, &ns, &cycles);
		if (ns >= opt.run_ms * 1e6 / 4 || n >= (UINT64_C(1) << 40))
			break;
		n *= 2;
	}
	n = (uint64_t)((double)n * opt.run_ms * 1e6 / ns);
	return n > 0 ? n : 1;
}

/*
 * Time every operation that can run.  All are set up first, then run in
 * turns, one run of each per round (starting with a different one each
 * round), so that a change in the machine's load during the benchmark
 * falls on all of them alike and the ratios between them stay fair.
 */
static void measure_all(void)
{
	struct result *live[MAX_OPS];
	double *vns[MAX_OPS], *vcy[MAX_OPS];
	int nlive = 0;

	for (int i = 0; i < nresults; i++) {
		struct result *r = &results[i];

		if (r->op->missing != NULL)
			continue;
		show_progress("setting up", r->op->id);
		if (r->op->setup != NULL && r->op->setup() < 0)
			continue;
		live[nlive] = r;
		vns[nlive] = calloc((size_t)opt.runs, sizeof *vns[nlive]);
		vcy[nlive] = calloc((size_t)opt.runs, sizeof *vcy[nlive]);
		if (vns[nlive] == NULL || vcy[nlive] == NULL)
			bench_die("out of memory");
		nlive++;
	}
	for (int k = 0; k < nlive; k++) {
		show_progress("calibrating", live[k]->op->id);
		live[k]->iterations = calibrate(live[k]->op);
	}
	for (int round = 0; round < opt.runs; round++) {
		char what[32];

		snprintf(what, sizeof what, "round %d of %d:", round + 1,
			 opt.runs);
		for (int j = 0; j < nlive; j++) {
			int k = (round + j) % nlive;
			struct result *r = live[k];
			double ns, cycles;

			show_progress(what, r->op->id);
			timed_run(r->op, r->iterations, &ns, &cycles);
			vns[k][round] = ns / (double)r->iterations;
			vcy[k][round] = cycles / (double)r->iterations;
		}
	}
	for (int k = 0; k < nlive; k++) {
		struct result *r = live[k];

		if (r->op->teardown != NULL)
			r->op->teardown();
		r->ns = summarize(vns[k], opt.runs);
		r->cycles = summarize(vcy[k], opt.runs);
		r->ran = 1;
		free(vns[k]);
		free(vcy[k]);
	}
}

/* ---- callgrind ------------------------------------------------------------------ */

/* Run one op n times, untimed: what a callgrind child does. */
static int callgrind_child(const char *id, const char *count)
{
	const struct bench_op *tables[] = { bench_fringe_ops, bench_peer_ops,
					    bench_floor_ops, bench_extra_ops };
	uint64_t n = strtoull(count, NULL, 10);

	for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
		for (const struct bench_op *op = tables[t]; op->id; op++) {
			if (strcmp(op->id, id) != 0 || op->missing != NULL)
				continue;
			if (op->setup != NULL && op->setup() < 0)
				return 2;
			op->run(n);
			if (op->teardown != NULL)
				op->teardown();
			return 0;
		}
	fprintf(stderr, "bench: no operation '%s'\n", id);
	return 2;
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
		const char *vg = opt.valgrind != NULL ? opt.valgrind : "valgrind";
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

static int valgrind_missing;

/*
 * Instructions per operation: (Ir of n operations - Ir of none) / n,
 * from two callgrind runs made at the same time.
 */
static void count_instructions(struct result *r)
{
	const char *id = r->op->id;
	uint64_t n = strstr(id, "fresh") != NULL ? 500 : 20000;
	const char *tmp = getenv("TMPDIR");
	char out0[4200], out1[4200];
	int st0, st1;
	pid_t p0, p1;
	double ir0, ir1;

	if (r->op->no_callgrind) {
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
		valgrind_missing = 1;
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

/* ---- the machine ------------------------------------------------------------------ */

static char cpu_model[256] = "unknown CPU";
static char kernel[256] = "unknown kernel";

static void describe_machine(void)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	struct utsname u;
	char line[512];

	char name[128] = "", family[16] = "", model[16] = "";

	if (f != NULL) {
		/* The first processor's "model name", and where the name is
		 * vague (virtual machines), its "cpu family" and "model". */
		while (fgets(line, sizeof line, f) != NULL) {
			char *colon = strchr(line, ':');
			char *field = NULL;
			size_t size = 0;

			if (colon == NULL)
				continue;
			if (line[0] == '\n' || strncmp(line, "processor", 9) == 0) {
				if (name[0] != '\0')
					break;
				continue;
			}
			if (strncmp(line, "model name", 10) == 0)
				field = name, size = sizeof name;
			else if (strncmp(line, "cpu family", 10) == 0)
				field = family, size = sizeof family;
			else if (strncmp(line, "model\t", 6) == 0)
				field = model, size = sizeof model;
			if (field == NULL || field[0] != '\0')
				continue;
			colon += strspn(colon + 1, " \t") + 1;
			colon[strcspn(colon, "\n")] = '\0';
			snprintf(field, size, "%s", colon);
		}
		fclose(f);
	}
	if (name[0] != '\0' && family[0] != '\0' && model[0] != '\0')
		snprintf(cpu_model, sizeof cpu_model, "%s (family %s, model %s)",
			 name, family, model);
	else if (name[0] != '\0')
		snprintf(cpu_model, sizeof cpu_model, "%s", name);
	if (uname(&u) == 0)
		snprintf(kernel, sizeof kernel, "%s %s %s", u.sysname,
			 u.release, u.machine);
}

static long online_cpus(void)
{
	return sysconf(_SC_NPROCESSORS_ONLN);
}

/* The compiler the benchmark was built with (the library's, normally). */
#if defined(__clang__)
#define COMPILER __VERSION__
#elif defined(__GNUC__)
#define COMPILER "GCC " __VERSION__
#else
#define COMPILER "unknown"
#endif

/* ---- bookkeeping per generator ------------------------------------------------- */

static struct {
	long control_block; /* bytes from the generator's handle to its
			       stack's limit: carved out of the stack top */
	long descriptor;    /* bytes of a caller-memory stack's descriptor
			       and alignment, above the usable area */
	long heap;          /* heap bytes per generator (-1: unknown) */
} book = { -1, -1, -1 };

static void *idle_fn(fringe_yielder *y, void *input, void *userdata)
{
	(void)y;
	(void)userdata;
	return input;
}

#define BOOK_N 1000
#define BOOK_STACK (8u * 1024u)

static void measure_bookkeeping(void)
{
	static fringe_stack *stacks[BOOK_N];
	static fringe_generator *gens[BOOK_N];
	char *memory = malloc((size_t)BOOK_N * BOOK_STACK);
	long heap_before = 0, heap_after = 0;

	if (memory == NULL)
		bench_die("out of memory");
	for (int i = 0; i < BOOK_N; i++)
		bench_check(fringe_stack_create_on(&stacks[i],
						   memory + (size_t)i * BOOK_STACK,
						   BOOK_STACK),
			    "fringe_stack_create_on");
#ifdef HAVE_MALLINFO2
	heap_before = (long)mallinfo2().uordblks;
#endif
	for (int i = 0; i < BOOK_N; i++)
		bench_check(fringe_generator_create(&gens[i], stacks[i], idle_fn,
						    NULL),
			    "fringe_generator_create");
#ifdef HAVE_MALLINFO2
	heap_after = (long)mallinfo2().uordblks;
	book.heap = (heap_after - heap_before) / BOOK_N;
#else
	(void)heap_before;
	(void)heap_after;
#endif
	book.control_block =
		(long)((char *)fringe_stack_limit(stacks[0]) - (char *)gens[0]);
	book.descriptor = (long)(memory + BOOK_STACK -
				 (char *)fringe_stack_limit(stacks[0]));
	for (int i = 0; i < BOOK_N; i++) {
		bench_check(fringe_generator_destroy(gens[i]),
			    "fringe_generator_destroy");
		bench_check(fringe_stack_destroy(stacks[i]),
			    "fringe_stack_destroy");
	}
	free(memory);
}

/* ---- output ----------------------------------------------------------------------- */

#define TARGET_GEN_VS_BOOST 1.0   /* boost round trip / generator's, at least */
#define TARGET_GEN_VS_UC 50.0     /* swapcontext round trip / generator's */
#define TARGET_POOL_LIFE_NS 100.0 /* pooled generator life, at most */
#define TARGET_FRESH_VS_POOL 20.0 /* fresh-mmap life / pooled life */
#define TARGET_BOOKKEEPING 64     /* bytes per generator, at most */

struct target {
	const char *name;
	const char *how;  /* the value, as a formula */
	double value;
	double limit;
	int at_least;     /* value >= limit, else value <= limit */
	int known;
};

static struct target targets[8];
static int ntargets;

static void ratio_target(const char *name, const char *num, const char *den,
			 double limit)
{
	struct target *t = &targets[ntargets++];
	struct result *a = find_result(num), *b = find_result(den);

	t->name = name;
	t->how = "ratio of medians";
	t->limit = limit;
	t->at_least = 1;
	t->known = a != NULL && b != NULL && a->ran && b->ran;
	if (t->known)
		t->value = a->ns.median / b->ns.median;
}

static void compute_targets(void)
{
	struct target *t;
	struct result *r;

	ntargets = 0;
	ratio_target("generator round trip vs Boost jump_fcontext round trip "
		     "(boost / ours)",
		     "boost_rt", "gen_rt", TARGET_GEN_VS_BOOST);
	ratio_target("generator round trip vs swapcontext round trip "
		     "(swapcontext / ours)",
		     "uc_rt", "gen_rt", TARGET_GEN_VS_UC);
	ratio_target("the same, generator with FRINGE_GENERATOR_SHARE_FPENV "
		     "(boost / ours)",
		     "boost_rt", "gen_rt_shared", TARGET_GEN_VS_BOOST);
	ratio_target("the same vs swapcontext (swapcontext / ours)",
		     "uc_rt", "gen_rt_shared", TARGET_GEN_VS_UC);
	t = &targets[ntargets++];
	r = find_result("gen_life_pool");
	t->name = "generator life on a pooled stack (ns)";
	t->how = "median";
	t->limit = TARGET_POOL_LIFE_NS;
	t->at_least = 0;
	t->known = r != NULL && r->ran;
	if (t->known)
		t->value = r->ns.median;
	ratio_target("generator life, fresh mmap vs pooled stack "
		     "(fresh / pooled)",
		     "gen_life_fresh", "gen_life_pool", TARGET_FRESH_VS_POOL);
	t = &targets[ntargets++];
	t->name = "bookkeeping per generator beyond its stack (bytes)";
	t->how = "control block at the stack top";
	t->limit = TARGET_BOOKKEEPING;
	t->at_least = 0;
	t->known = book.control_block >= 0;
	t->value = (double)book.control_block +
		   (book.heap > 0 ? (double)book.heap : 0.0);
}

static int target_met(const struct target *t)
{
	return t->at_least ? t->value >= t->limit : t->value <= t->limit;
}

static void print_ns(double v)
{
	if (v < 100)
		printf(" %8.2f", v);
	else if (v < 100000)
		printf(" %8.1f", v);
	else
		printf(" %8.0f", v);
}

static void print_row(const char *label, const struct result *r, double div,
		      const struct result *ours)
{
	int cyc = BENCH_CYCLES_NAME != NULL;

	printf("%-44s", label);
	print_ns(r->ns.median / div);
	print_ns(r->ns.min / div);
	print_ns(r->ns.max / div);
	if (cyc)
		printf(" %8.1f", r->cycles.median / div);
	if (r->have_ir)
		printf(" %8.1f", r->ir / div);
	else
		printf(" %8s", "-");
	if (ours != NULL && ours->ran)
		printf("  %8.2fx", r->ns.median / ours->ns.median);
	printf("\n");
}

static void print_table(void)
{
	int cyc = BENCH_CYCLES_NAME != NULL;

	printf("libfringe-c %s benchmark (backend %s)\n", fringe_version_string(),
	       FRINGE_BACKEND);
	printf("machine:  %s, %ld CPUs online\n", cpu_model, online_cpus());
	printf("kernel:   %s\n", kernel);
	printf("compiler: %s\n", COMPILER);
	printf("runs:     %d per operation, each about %.0f ms, the "
	       "operations taking turns;\n          times per operation\n\n",
	       opt.runs, opt.run_ms);

	printf("%-44s %8s %8s %8s", "operation", "median", "min", "max");
	if (cyc)
		printf(" %8s", "cycles");
	printf(" %8s  %9s\n", "instr", "peer/ours");
	printf("%-44s %8s %8s %8s", "", "ns", "ns", "ns");
	if (cyc)
		printf(" %8s", BENCH_CYCLES_NAME);
	printf(" %8s\n", "Ir");

	for (int i = 0; i < nresults; i++) {
		const struct result *r = &results[i];
		const char *cmp = compared_with(r->op->id);
		const struct result *ours = cmp != NULL ? find_result(cmp) : NULL;

		if (!r->ran) {
			printf("%-44s  missing: %s\n", r->op->label,
			       r->op->missing != NULL ? r->op->missing
						      : "setup failed");
			continue;
		}
		print_row(r->op->label, r, 1, ours);
		if (is_round_trip(r->op->id))
			print_row("  one way (round trip / 2)", r, 2, NULL);
	}

	printf("\npeer/ours: the peer's median over the median of the "
	       "library doing the same:\n  round trips over the context "
	       "switch round trip; a life on the same stack over\n  the "
	       "pooled life; a life on a fresh mmap over the library's.\n");
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
	if (!opt.callgrind)
		printf("instr: not counted (--no-callgrind).\n");
	else if (valgrind_missing)
		printf("instr: valgrind is not installed: no instruction "
		       "counts (Debian: valgrind).\n");
	else
		printf("instr: user-space instructions per operation from "
		       "valgrind --tool=callgrind\n  ((Ir of N operations - Ir "
		       "of 0) / N; system calls count only their user part).\n");
	for (int i = 0; opt.callgrind && !valgrind_missing && i < nresults; i++)
		if (results[i].ran && !results[i].have_ir &&
		    !results[i].op->no_callgrind)
			printf("instr: none for %s: %s\n", results[i].op->id,
			       results[i].ir_note);
	if (BENCH_FLOOR_NAME == NULL)
		printf("floor: no floor switch was written for this CPU.\n");
	else
		printf("floor: %s; saves no\n  MXCSR / x87 control word: a "
		       "lower bound, not a usable switch.\n",
		       BENCH_FLOOR_NAME);

	printf("\nbookkeeping per generator: %ld bytes of control block at "
	       "the top of its stack\n  (no other memory)",
	       book.control_block);
	if (book.heap >= 0)
		printf("; heap per generator: %ld bytes", book.heap);
	printf(";\n  a stack on caller memory adds a %ld-byte descriptor "
	       "inside that memory.\n",
	       book.descriptor);

	printf("\ntargets (this run):\n");
	for (int i = 0; i < ntargets; i++) {
		const struct target *t = &targets[i];

		if (!t->known) {
			printf("  %-72s  not measured\n", t->name);
			continue;
		}
		printf("  %-72s %8.1f %s %-6g %s\n", t->name, t->value,
		       t->at_least ? ">=" : "<=", t->limit,
		       target_met(t) ? "met" : "MISSED");
	}
	printf("  1,000,000 generators alive at once: see `bench --scale "
	       "1000000` (make bench-scale)\n");
}

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

static void json_stats(const char *name, const struct stats *s, int last)
{
	printf("\"%s\": {\"median\": %.3f, \"min\": %.3f, \"max\": %.3f}%s",
	       name, s->median, s->min, s->max, last ? "" : ", ");
}

static void print_json(void)
{
	printf("{\n  \"library\": ");
	json_string(fringe_version_string());
	printf(",\n  \"backend\": ");
	json_string(FRINGE_BACKEND);
	printf(",\n  \"machine\": {\"cpu\": ");
	json_string(cpu_model);
	printf(", \"cpus_online\": %ld, \"kernel\": ", online_cpus());
	json_string(kernel);
	printf(", \"compiler\": ");
	json_string(COMPILER);
	printf(", \"cycle_counter\": ");
	if (BENCH_CYCLES_NAME != NULL)
		json_string(BENCH_CYCLES_NAME);
	else
		printf("null");
	printf("},\n  \"runs\": %d,\n  \"run_ms\": %.1f,\n", opt.runs,
	       opt.run_ms);
	printf("  \"stack_size\": %u,\n  \"operations\": [\n", BENCH_STACK_SIZE);
	for (int i = 0; i < nresults; i++) {
		const struct result *r = &results[i];
		const char *cmp = compared_with(r->op->id);
		const struct result *ours = cmp != NULL ? find_result(cmp) : NULL;

		printf("    {\"id\": ");
		json_string(r->op->id);
		printf(", \"label\": ");
		json_string(r->op->label);
		if (!r->ran) {
			printf(", \"missing\": ");
			json_string(r->op->missing != NULL ? r->op->missing
							   : "setup failed");
			printf("}%s\n", i + 1 < nresults ? "," : "");
			continue;
		}
		printf(", \"round_trip\": %s", is_round_trip(r->op->id) ? "true"
									: "false");
		printf(", \"iterations_per_run\": %" PRIu64 ", ", r->iterations);
		json_stats("ns", &r->ns, 0);
		if (BENCH_CYCLES_NAME != NULL)
			json_stats("cycles", &r->cycles, 0);
		printf("\"instructions\": ");
		if (r->have_ir) {
			printf("%.1f", r->ir);
		} else {
			printf("null, \"instructions_note\": ");
			json_string(r->ir_note != NULL ? r->ir_note
						       : "not counted");
		}
		if (ours != NULL && ours->ran) {
			printf(", \"compared_with\": ");
			json_string(cmp);
			printf(", \"ratio\": %.3f",
			       r->ns.median / ours->ns.median);
		}
		printf("}%s\n", i + 1 < nresults ? "," : "");
	}
	printf("  ],\n  \"bookkeeping\": {\"control_block\": %ld, "
	       "\"caller_memory_descriptor\": %ld, \"heap\": %ld},\n",
	       book.control_block, book.descriptor, book.heap);
	printf("  \"targets\": [\n");
	for (int i = 0; i < ntargets; i++) {
		const struct target *t = &targets[i];

		printf("    {\"name\": ");
		json_string(t->name);
		if (t->known)
			printf(", \"value\": %.3f", t->value);
		printf(", \"limit\": %g, \"at_least\": %s, \"met\": %s}%s\n",
		       t->limit, t->at_least ? "true" : "false",
		       !t->known ? "null" : target_met(t) ? "true" : "false",
		       i + 1 < ntargets ? "," : "");
	}
	printf("  ]\n}\n");
}

/* ---- main -------------------------------------------------------------------------- */

static void usage(FILE *to)
{
	fprintf(to,
		"usage: bench [--json] [--runs N] [--time MS] [--only ID,...]\n"
		"             [--no-callgrind] [--valgrind PATH]\n"
		"       bench --scale N [--guarded] [--stack-size BYTES] "
		"[--json]\n"
		"       bench --list\n");
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

int main(int argc, char **argv)
{
	const struct bench_op *tables[] = { bench_fringe_ops, bench_peer_ops,
					    bench_floor_ops, bench_extra_ops };
	struct bench_scale_options scale = { 0, 8u * 1024u, 0, 0 };
	ssize_t len;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *next = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--callgrind-child") == 0 && i + 2 < argc)
			return callgrind_child(argv[i + 1], argv[i + 2]);
		if (strcmp(a, "--json") == 0) {
			opt.json = 1;
			scale.json = 1;
		} else if (strcmp(a, "--no-callgrind") == 0) {
			opt.callgrind = 0;
		} else if (strcmp(a, "--guarded") == 0) {
			scale.guarded = 1;
		} else if (strcmp(a, "--list") == 0) {
			for (size_t t = 0; t < sizeof tables / sizeof tables[0];
			     t++)
				for (const struct bench_op *op = tables[t];
				     op->id; op++)
					printf("%-20s %s%s\n", op->id, op->label,
					       op->missing ? " (missing)" : "");
			return 0;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return 0;
		} else if (next == NULL) {
			usage(stderr);
			return 2;
		} else if (strcmp(a, "--runs") == 0) {
			opt.runs = (int)parse_count(next, "run count");
			if (opt.runs < 1)
				opt.runs = 1;
			i++;
		} else if (strcmp(a, "--time") == 0) {
			opt.run_ms = (double)parse_count(next, "time");
			if (opt.run_ms < 1)
				opt.run_ms = 1;
			i++;
		} else if (strcmp(a, "--only") == 0) {
			opt.only = next;
			i++;
		} else if (strcmp(a, "--valgrind") == 0) {
			opt.valgrind = next;
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

	len = readlink("/proc/self/exe", self_path, sizeof self_path - 1);
	if (len > 0)
		self_path[len] = '\0';
	else
		snprintf(self_path, sizeof self_path, "%s", argv[0]);

	describe_machine();
	for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
		for (const struct bench_op *op = tables[t]; op->id; op++) {
			if (!selected(op->id) || nresults == MAX_OPS)
				continue;
			results[nresults++].op = op;
		}
	progress = isatty(STDERR_FILENO);
	measure_all();
	if (opt.callgrind)
		for (int i = 0; i < nresults; i++) {
			if (!results[i].ran)
				continue;
			show_progress("callgrind", results[i].op->id);
			if (valgrind_missing)
				results[i].ir_note = "valgrind not found";
			else
				count_instructions(&results[i]);
		}
	show_progress("", "");
	measure_bookkeeping();
	compute_targets();
	if (opt.json)
		print_json();
	else
		print_table();
	return 0;
}

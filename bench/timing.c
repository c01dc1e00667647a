/*
 * timing.c - rounds of short samples, with the samples a context switch
 * or a stall disturbed dropped, and ratios taken within each round.
 *
 * Every op that can run is set up first and calibrated: it gets the
 * iteration count that makes one sample last about --time ms (0.3 ms by
 * default).  Then come --rounds rounds (201 by default); each round
 * takes one sample of every op, starting with a different op each round
 * (round r starts with op r mod N and goes on in table order), so that
 * ops compared with each other are timed within a few milliseconds of
 * each other whatever the machine is doing.
 *
 * A sample is dropped when
 *   - getrusage(RUSAGE_THREAD) shows that the thread was switched out
 *     during it: an involuntary switch (preempted) always, a voluntary
 *     one (it blocked) unless blocking is what the op does
 *     (BENCH_OP_BLOCKS); or
 *   - the cycle counter saw a stall: the sample runs as 8 chunks of equal
 *     iteration counts, and one chunk took more than twice the median
 *     chunk.  Chunks last at least --time / 8 (37 us by default), so
 *     this catches what getrusage cannot see: long interrupts, and a
 *     virtual CPU that the hypervisor stopped running.
 *
 * A dropped sample is taken again at once, in its place in the round, up
 * to 3 more times; if all of them are dropped, the op has no sample in
 * that round.
 *
 * A ratio between two ops (peer / ours) is computed in each round where
 * both kept their sample, and reported as the median of those per-round
 * ratios with their quartiles: a slow phase of the machine slows both
 * samples of a round alike and leaves their ratio alone.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "arch.h"
#include "bench.h"

#ifndef RUSAGE_THREAD
#define RUSAGE_THREAD RUSAGE_SELF
#endif

#define CHUNKS 8
/* Samples taken again in a round after the first was dropped, at most. */
#define RETRIES 3

const char bench_drop_rule[] =
	"a sample is dropped when getrusage(RUSAGE_THREAD) counted a context\n"
	"  switch during it (involuntary; voluntary too, except for ops that "
	"block by\n  design), or when one of its 8 equal chunks took over "
	"twice the median chunk\n  (a stall the thread does not see: a long "
	"interrupt, the hypervisor); it is\n  then taken again, up to 3 more "
	"times";

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The cheapest clock there is: the cycle counter, else nanoseconds. */
static uint64_t tick(void)
{
	return BENCH_CYCLES_NAME != NULL ? bench_cycles() : now_ns();
}

/* Start of the sample in progress. */
static uint64_t start_ns, start_cycles;

void bench_restart_clock(void)
{
	start_ns = now_ns();
	start_cycles = bench_cycles();
}

/* ---- statistics ------------------------------------------------------------------ */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The p-quantile of sorted v[0..n-1], interpolated linearly. */
static double quantile(const double *v, int n, double p)
{
	double pos = p * (double)(n - 1);
	int i = (int)pos;

	if (i + 1 >= n)
		return v[n - 1];
	return v[i] + (pos - (double)i) * (v[i + 1] - v[i]);
}

struct bench_spread bench_summarize(double *v, int n)
{
	struct bench_spread s;

	memset(&s, 0, sizeof s);
	s.n = n;
	if (n == 0)
		return s;
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	s.min = v[0];
	s.max = v[n - 1];
	s.median = quantile(v, n, 0.5);
	s.q1 = quantile(v, n, 0.25);
	s.q3 = quantile(v, n, 0.75);
	return s;
}

struct bench_spread bench_ratio(const struct bench_result *num,
				const struct bench_result *den)
{
	struct bench_spread s;
	double *v;
	int n = 0;

	memset(&s, 0, sizeof s);
	if (num == NULL || den == NULL || !num->ran || !den->ran)
		return s;
	v = malloc((size_t)bench_opt.rounds * sizeof *v);
	if (v == NULL)
		bench_die("out of memory");
	for (int r = 0; r < bench_opt.rounds; r++)
		if (num->round_ns[r] > 0 && den->round_ns[r] > 0)
			v[n++] = num->round_ns[r] / den->round_ns[r];
	s = bench_summarize(v, n);
	free(v);
	return s;
}

/* ---- one sample ------------------------------------------------------------------ */

struct sample {
	double ns, cycles;  /* the whole sample */
	int switched;       /* a context switch that drops it */
	int jumped;         /* a stall that drops it */
};

static void take_sample(const struct bench_op *op, uint64_t n,
			struct sample *s)
{
	int chunks = (op->flags & BENCH_OP_BLOCKS) || n < CHUNKS ? 1 : CHUNKS;
	uint64_t t[CHUNKS + 1], done = 0, end_ns, end_cycles;
	double d[CHUNKS], median;
	struct rusage r0, r1;

	getrusage(RUSAGE_THREAD, &r0);
	bench_restart_clock();
	t[0] = tick();
	for (int c = 0; c < chunks; c++) {
		uint64_t m = n * (uint64_t)(c + 1) / (uint64_t)chunks - done;

		op->run(m);
		done += m;
		t[c + 1] = tick();
	}
	end_cycles = bench_cycles();
	end_ns = now_ns();
	getrusage(RUSAGE_THREAD, &r1);

	s->ns = (double)(end_ns - start_ns);
	s->cycles = (double)(end_cycles - start_cycles);
	s->switched = r1.ru_nivcsw != r0.ru_nivcsw ||
		      (!(op->flags & BENCH_OP_BLOCKS) &&
		       r1.ru_nvcsw != r0.ru_nvcsw);
	s->jumped = 0;
	if (chunks > 1) {
		for (int c = 0; c < chunks; c++)
			d[c] = (double)(t[c + 1] - t[c]);
		qsort(d, (size_t)chunks, sizeof d[0], cmp_double);
		median = (d[chunks / 2 - 1] + d[chunks / 2]) / 2;
		s->jumped = d[chunks - 1] > 2 * median;
	}
}

/*
 * The iteration count that makes one sample last about --time ms; the
 * samples taken to find it also warm the op up.
 */
static uint64_t calibrate(const struct bench_op *op)
{
	double target = bench_opt.sample_ms * 1e6, best;
	struct sample s;
	uint64_t n = 1;

	for (;;) {
		take_sample(op, n, &s);
		if (s.ns >= target / 4 || n >= (UINT64_C(1) << 40))
			break;
		n *= 2;
	}
	n = (uint64_t)((double)n * target / s.ns);
	if (n == 0)
		n = 1;
	/* Again at that count, keeping the fastest of a few samples, so that
	 * a preempted sample does not shorten every later one. */
	best = -1;
	for (int i = 0; i < 3; i++) {
		take_sample(op, n, &s);
		if (best < 0 || s.ns < best)
			best = s.ns;
	}
	n = (uint64_t)((double)n * target / best);
	return n > 0 ? n : 1;
}

/* ---- all of them, in rounds ----------------------------------------------------------- */

void bench_measure_all(void)
{
	int rounds = bench_opt.rounds;
	struct bench_result **live;
	int nlive = 0;

	live = calloc((size_t)bench_nresults + 1, sizeof *live);
	if (live == NULL)
		bench_die("out of memory");
	for (int i = 0; i < bench_nresults; i++) {
		struct bench_result *r = &bench_results[i];

		if (r->op->missing != NULL)
			continue;
		bench_progress("setting up", r->op->id);
		if (r->op->setup != NULL && r->op->setup() < 0)
			continue;
		r->round_ns = malloc((size_t)rounds * sizeof *r->round_ns);
		r->round_cycles = malloc((size_t)rounds * sizeof *r->round_cycles);
		if (r->round_ns == NULL || r->round_cycles == NULL)
			bench_die("out of memory");
		live[nlive++] = r;
	}
	for (int k = 0; k < nlive; k++) {
		bench_progress("calibrating", live[k]->op->id);
		live[k]->iterations = calibrate(live[k]->op);
	}
	for (int round = 0; round < rounds; round++) {
		char what[40];

		snprintf(what, sizeof what, "round %d of %d:", round + 1,
			 rounds);
		bench_progress(what, "");
		for (int j = 0; j < nlive; j++) {
			struct bench_result *r = live[(round + j) % nlive];
			struct sample s;

			/* A dropped sample is taken again, in its place. */
			for (int attempt = 0;; attempt++) {
				take_sample(r->op, r->iterations, &s);
				if (!s.switched && !s.jumped)
					break;
				r->dropped_switch += s.switched;
				r->dropped_jump += !s.switched && s.jumped;
				if (attempt == RETRIES)
					break;
			}
			if (s.switched || s.jumped) {
				r->round_ns[round] = -1;
				r->round_cycles[round] = -1;
				continue;
			}
			r->round_ns[round] = s.ns / (double)r->iterations;
			r->round_cycles[round] = s.cycles / (double)r->iterations;
			r->kept++;
		}
	}
	for (int k = 0; k < nlive; k++) {
		struct bench_result *r = live[k];
		double *ns = malloc((size_t)rounds * sizeof *ns);
		double *cy = malloc((size_t)rounds * sizeof *cy);
		int n = 0;

		if (ns == NULL || cy == NULL)
			bench_die("out of memory");
		if (r->op->teardown != NULL)
			r->op->teardown();
		for (int round = 0; round < rounds; round++)
			if (r->round_ns[round] > 0) {
				ns[n] = r->round_ns[round];
				cy[n++] = r->round_cycles[round];
			}
		r->ns = bench_summarize(ns, n);
		r->cycles = bench_summarize(cy, n);
		r->ran = n > 0;
		free(ns);
		free(cy);
	}
	free(live);
}

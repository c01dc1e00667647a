/*
 * soak.c - run the library for a long time and check that its memory use
 * stays flat (`make soak`).
 *
 * Usage: soak [SWITCHES [CYCLES]]   (defaults: 10^9 and 10^6)
 *
 * After a short warm-up, it measures the resident set size (RSS, from
 * /proc/self/statm) and the number of memory mappings (/proc/self/maps),
 * then:
 *
 *   1. makes SWITCHES context switches: one generator echoing values,
 *      each resume and each yield a switch, every value checked;
 *   2. runs CYCLES create/destroy cycles: a mapped stack of a varying
 *      size (or, every eighth cycle, a stack on malloc'd caller memory), a
 *      generator on it that owns malloc'd memory, resumed a few times,
 *      then finished, cancelled or destroyed while suspended, and the
 *      stack destroyed;
 *   3. starts 1000 threads one after the other, each resuming a generator
 *      with the overflow handler installed, so each gets an alternate
 *      signal stack that must be released when it exits.
 *
 * It prints RSS and mappings at start and end, and exits with status 1 if
 * RSS grew by more than RSS_SLACK_KIB or the mappings by more than
 * MAPS_SLACK, or if any value was wrong.  Without /proc it cannot measure
 * and only checks values.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fringe.h"

#define RSS_SLACK_KIB 1024
#define MAPS_SLACK 4
#define THREADS 1000

#define V(x) ((void *)(uintptr_t)(x))
#define U(p) ((uintptr_t)(p))

static long errors;

static void fail(const char *what, int rc)
{
	fprintf(stderr, "soak: %s: %s\n", what, strerror(-rc));
	exit(1);
}

/* Resident set size in KiB, or -1. */
static long rss_kib(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long size, resident;

	if (f == NULL)
		return -1;
	if (fscanf(f, "%ld %ld", &size, &resident) != 2)
		resident = -1;
	fclose(f);
	return resident < 0 ? -1 : resident * (sysconf(_SC_PAGESIZE) / 1024);
}

/* Number of memory mappings, or -1. */
static long mappings(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	long n = 0;
	int c;

	if (f == NULL)
		return -1;
	while ((c = getc(f)) != EOF)
		if (c == '\n')
			n++;
	fclose(f);
	return n;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* ---- 1. switches -------------------------------------------------------------- */

static void *echo_fn(fringe_yielder *y, void *input, void *userdata)
{
	(void)userdata;
	while (fringe_generator_yield(y, V(U(input) + 1), &input) == 0)
		;
	return NULL;
}

static void switches(unsigned long long n)
{
	fringe_stack *stack;
	fringe_generator *gen;
	double t0, t;
	int rc;

	if ((rc = fringe_stack_create(&stack, 0)) != 0)
		fail("fringe_stack_create", rc);
	if ((rc = fringe_generator_create(&gen, stack, echo_fn, NULL)) != 0)
		fail("fringe_generator_create", rc);
	t0 = now();
	for (unsigned long long i = 0; i < n / 2; i++) {
		void *out;

		if (fringe_generator_resume(gen, V(i), &out) != FRINGE_YIELDED ||
		    U(out) != (uintptr_t)i + 1)
			errors++;
	}
	t = now() - t0;
	printf("soak: %llu switches in %.1f s (%.2f ns per switch)\n",
	       n / 2 * 2, t, n ? t * 1e9 / (double)(n / 2 * 2) : 0.0);
	if ((rc = fringe_generator_destroy(gen)) != 0)
		fail("fringe_generator_destroy", rc);
	if ((rc = fringe_stack_destroy(stack)) != 0)
		fail("fringe_stack_destroy", rc);
}

/* ---- 2. create/destroy cycles ------------------------------------------------------ */

struct owner {
	int freed;
};

/* Owns memory; yields its input times two until cancelled or told 0. */
static void *owner_fn(fringe_yielder *y, void *input, void *userdata)
{
	struct owner *o = userdata;
	char *memory = malloc(256);

	if (memory == NULL)
		return NULL;
	memset(memory, 1, 256);
	while (U(input) != 0)
		if (fringe_generator_yield(y, V(U(input) * 2), &input) != 0)
			break;
	free(memory);
	o->freed = 1;
	return V(7);
}

static void cycle(unsigned long i)
{
	static const size_t sizes[] = { 0, 4096, 5000, 16384, 65536, 1 };
	struct owner o = { 0 };
	unsigned char *memory = NULL;
	fringe_stack *stack;
	fringe_generator *gen;
	void *out;
	int rc;

	if (i % 8 == 7) {
		memory = malloc(32 * 1024);
		if (memory == NULL)
			fail("malloc", -ENOMEM);
		rc = fringe_stack_create_on(&stack, memory + i % 16,
					    32 * 1024 - 16);
	} else {
		rc = fringe_stack_create(&stack, sizes[i % 6]);
	}
	if (rc != 0)
		fail("stack create", rc);
	if ((rc = fringe_generator_create(&gen, stack, owner_fn, &o)) != 0)
		fail("fringe_generator_create", rc);
	for (unsigned k = 1; k <= i % 4; k++)
		if (fringe_generator_resume(gen, V(k), &out) != FRINGE_YIELDED ||
		    U(out) != 2 * k)
			errors++;
	switch (i % 3) {
	case 0: /* finish it */
		if (fringe_generator_resume(gen, V(0), &out) != FRINGE_FINISHED)
			errors++;
		break;
	case 1: /* cancel it */
		if (fringe_generator_cancel(gen) != 0)
			errors++;
		break;
	default: /* destroy it as it is */
		break;
	}
	if ((rc = fringe_generator_destroy(gen)) != 0)
		fail("fringe_generator_destroy", rc);
	if ((rc = fringe_stack_destroy(stack)) != 0)
		fail("fringe_stack_destroy", rc);
	/* It ran, so it freed its memory, whichever way it ended. */
	if ((i % 4 != 0 || i % 3 == 0) && !o.freed)
		errors++;
	free(memory);
}

/* ---- 3. threads ------------------------------------------------------------------------ */

static void *thread_fn(void *arg)
{
	fringe_generator *gen;
	struct owner o = { 0 };
	void *out;

	if (fringe_generator_create(&gen, arg, owner_fn, &o) != 0 ||
	    fringe_generator_resume(gen, V(1), &out) != FRINGE_YIELDED ||
	    fringe_generator_destroy(gen) != 0 || !o.freed)
		errors++;
	return NULL;
}

static void threads(int n)
{
	fringe_stack *stack;
	int rc;

	if ((rc = fringe_stack_create(&stack, 0)) != 0)
		fail("fringe_stack_create", rc);
	for (int i = 0; i < n; i++) {
		pthread_t t;

		if (pthread_create(&t, NULL, thread_fn, stack) != 0 ||
		    pthread_join(t, NULL) != 0)
			fail("pthread", -EAGAIN);
	}
	if ((rc = fringe_stack_destroy(stack)) != 0)
		fail("fringe_stack_destroy", rc);
}

int main(int argc, char **argv)
{
	unsigned long long nswitches =
		argc > 1 ? strtoull(argv[1], NULL, 10) : 1000000000ull;
	unsigned long ncycles = argc > 2 ? strtoul(argv[2], NULL, 10) : 1000000ul;
	long rss0, rss1, maps0, maps1;
	double t0;
	int rc;

	if ((rc = fringe_overflow_handler_install()) != 0)
		fail("fringe_overflow_handler_install", rc);
	/* Warm-up: every path once, so that the C library's caches and the
	 * program's pages are in before the first measurement. */
	switches(100000);
	for (unsigned long i = 0; i < 1000; i++)
		cycle(i);
	threads(10);
	rss0 = rss_kib();
	maps0 = mappings();
	printf("soak: start: RSS %ld KiB, %ld mappings\n", rss0, maps0);

	switches(nswitches);
	t0 = now();
	for (unsigned long i = 0; i < ncycles; i++)
		cycle(i);
	printf("soak: %lu create/destroy cycles in %.1f s\n", ncycles,
	       now() - t0);
	t0 = now();
	threads(THREADS);
	printf("soak: %d threads in %.1f s\n", THREADS, now() - t0);

	rss1 = rss_kib();
	maps1 = mappings();
	printf("soak: end:   RSS %ld KiB, %ld mappings\n", rss1, maps1);
	if (errors != 0) {
		printf("soak: FAIL: %ld wrong values\n", errors);
		return 1;
	}
	if (rss0 < 0 || maps0 < 0) {
		printf("soak: cannot measure memory here (no /proc)\n");
		return 0;
	}
	if (rss1 - rss0 > RSS_SLACK_KIB || maps1 - maps0 > MAPS_SLACK) {
		printf("soak: FAIL: memory grew by %ld KiB and %ld mappings "
		       "(allowed: %d KiB, %d)\n",
		       rss1 - rss0, maps1 - maps0, RSS_SLACK_KIB, MAPS_SLACK);
		return 1;
	}
	printf("soak: PASS: memory stayed flat (%+ld KiB, %+ld mappings)\n",
	       rss1 - rss0, maps1 - maps0);
	return 0;
}

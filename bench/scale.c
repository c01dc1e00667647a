/*
 * scale.c - `bench --scale N`: keep N generators alive and suspended at
 * once, and report the memory each costs and the time each takes to make.
 *
 * By default the stacks are caller memory: one anonymous mapping of
 * N * stack_size bytes cut into N stacks, so the whole run costs a single
 * memory mapping.  Each generator is created, resumed once (it yields and
 * stays suspended), and after all N exist each is resumed once more to
 * check that it is still intact.  Memory per generator is the growth of
 * the resident set divided by N: on 8 KiB stacks, the one page each
 * generator touches at the top of its stack.
 *
 * With --guarded the stacks come from a stack pool instead, each a
 * guarded mapping, which costs two memory mappings per stack.  Linux
 * limits a process to vm.max_map_count mappings (65530 by default), so
 * past about 32 000 stacks fringe_stack_pool_get() fails with ENOMEM; the
 * run then reports how far it got, releases everything and exits 0.  Any
 * other failure exits 1.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#ifdef HAVE_MALLINFO2
#include <malloc.h>
#endif

#include <fringe.h>

#include "bench.h"

#ifndef MAP_ANONYMOUS
#define MAP_ANONYMOUS MAP_ANON
#endif
#ifndef MAP_NORESERVE
#define MAP_NORESERVE 0
#endif

#define V(x) ((void *)(uintptr_t)(x))
#define U(p) ((uintptr_t)(p))

static double seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Resident set size in bytes, from /proc/self/statm; -1 if unknown. */
static double resident_bytes(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	unsigned long size, resident;
	int n;

	if (f == NULL)
		return -1;
	n = fscanf(f, "%lu %lu", &size, &resident);
	fclose(f);
	if (n != 2)
		return -1;
	return (double)resident * (double)sysconf(_SC_PAGESIZE);
}

static double heap_bytes(void)
{
#ifdef HAVE_MALLINFO2
	return (double)mallinfo2().uordblks;
#else
	return -1;
#endif
}

static long max_map_count(void)
{
	FILE *f = fopen("/proc/sys/vm/max_map_count", "r");
	long v = -1;

	if (f != NULL) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

/* Yields its input plus one, for ever. */
static void *scale_fn(fringe_yielder *y, void *input, void *userdata)
{
	(void)userdata;
	for (;;)
		if (fringe_generator_yield(y, V(U(input) + 1), &input) != 0)
			return NULL;
}

int bench_scale(const struct bench_scale_options *o)
{
	unsigned long n = o->count, made = 0, i;
	size_t size = o->stack_size;
	fringe_generator **gens;
	fringe_stack_pool *pool = NULL;
	char *region = NULL;
	size_t region_size = 0;
	double rss0, rss1, heap0, heap1, t0, t1, t2, t3;
	int stop_rc = 0, status = 0;
	long maps = max_map_count();

	if (size < FRINGE_STACK_MIN_SIZE + 128 || n == 0) {
		fprintf(stderr, "bench: --scale needs N > 0 and --stack-size "
				"at least %u\n",
			FRINGE_STACK_MIN_SIZE + 128);
		return 2;
	}
	/* The benchmark's own array of handles, touched before measuring. */
	gens = calloc(n, sizeof *gens);
	if (gens == NULL) {
		fprintf(stderr, "bench: no memory for %lu handles\n", n);
		return 1;
	}
	memset(gens, 0, n * sizeof *gens);
	if (o->guarded) {
		bench_check(fringe_stack_pool_create(&pool, size, n),
			    "fringe_stack_pool_create");
	} else {
		if (size % 16 != 0 || n > SIZE_MAX / size) {
			fprintf(stderr, "bench: bad stack size or count\n");
			return 2;
		}
		region_size = n * size;
		region = mmap(NULL, region_size, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (region == MAP_FAILED) {
			fprintf(stderr, "bench: cannot map %zu bytes of stacks\n",
				region_size);
			return 1;
		}
	}
	if (!o->json) {
		printf("scale: %lu generators on %s stacks of %zu bytes\n", n,
		       o->guarded ? "guarded pooled (mmap'd)" : "caller-provided",
		       size);
		fflush(stdout);
	}

	rss0 = resident_bytes();
	heap0 = heap_bytes();
	t0 = seconds();
	for (i = 0; i < n; i++) {
		fringe_stack *stack;
		int rc;

		if (o->guarded)
			rc = fringe_stack_pool_get(pool, &stack);
		else
			rc = fringe_stack_create_on(&stack, region + i * size,
						    size);
		if (rc < 0) {
			stop_rc = rc;
			break;
		}
		rc = fringe_generator_create(&gens[i], stack, scale_fn, NULL);
		if (rc < 0) {
			stop_rc = rc;
			if (o->guarded)
				bench_check(fringe_stack_pool_put(pool, stack),
					    "fringe_stack_pool_put");
			break;
		}
	}
	made = i;
	t1 = seconds();
	/* First resume: each runs to its first yield and stays there. */
	for (i = 0; i < made; i++) {
		void *out;

		if (fringe_generator_resume(gens[i], V(i), &out) !=
			    FRINGE_YIELDED ||
		    U(out) != i + 1) {
			fprintf(stderr, "bench: generator %lu: bad first resume\n",
				i);
			status = 1;
			break;
		}
	}
	t2 = seconds();
	rss1 = resident_bytes();
	heap1 = heap_bytes();
	/* All of them are alive: each answers once more. */
	for (i = 0; i < made && status == 0; i++) {
		void *out;

		if (fringe_generator_resume(gens[i], V(2 * i), &out) !=
			    FRINGE_YIELDED ||
		    U(out) != 2 * i + 1) {
			fprintf(stderr, "bench: generator %lu lost its state\n",
				i);
			status = 1;
		}
	}
	t3 = seconds();
	for (i = 0; i < made; i++) {
		fringe_stack *stack = fringe_generator_stack(gens[i]);

		bench_check(fringe_generator_destroy(gens[i]),
			    "fringe_generator_destroy");
		if (o->guarded)
			bench_check(fringe_stack_pool_put(pool, stack),
				    "fringe_stack_pool_put");
		else
			bench_check(fringe_stack_destroy(stack),
				    "fringe_stack_destroy");
	}
	if (o->guarded)
		bench_check(fringe_stack_pool_destroy(pool),
			    "fringe_stack_pool_destroy");
	else
		munmap(region, region_size);
	free(gens);

	if (stop_rc < 0 && stop_rc != -ENOMEM)
		status = 1;
	if (o->json) {
		printf("{\"scale\": {\"requested\": %lu, \"alive\": %lu, "
		       "\"stack_size\": %zu, \"guarded\": %s, "
		       "\"stopped_by\": %d, \"max_map_count\": %ld, "
		       "\"rss_per_generator\": %.1f, \"heap_per_generator\": %.1f, "
		       "\"create_ns\": %.1f, \"first_resume_ns\": %.1f, "
		       "\"resume_ns\": %.1f, \"all_alive\": %s}}\n",
		       n, made, size, o->guarded ? "true" : "false", stop_rc,
		       maps, made ? (rss1 - rss0) / (double)made : 0.0,
		       made && heap0 >= 0 ? (heap1 - heap0) / (double)made : -1.0,
		       made ? (t1 - t0) * 1e9 / (double)made : 0.0,
		       made ? (t2 - t1) * 1e9 / (double)made : 0.0,
		       made ? (t3 - t2) * 1e9 / (double)made : 0.0,
		       status == 0 ? "true" : "false");
		return status;
	}
	printf("alive at once:        %lu generators, each suspended in a "
	       "yield%s\n", made,
	       status == 0 ? " and checked afterwards" : " (CHECK FAILED)");
	if (stop_rc < 0)
		printf("stopped early:        %s returned %d (%s) after %lu "
		       "stacks;\n                      vm.max_map_count is %ld "
		       "(two mappings per guarded stack);\n                      "
		       "raise it with: sysctl vm.max_map_count=N\n",
		       o->guarded ? "fringe_stack_pool_get" :
				    "fringe_stack_create_on",
		       stop_rc, strerror(-stop_rc), made, maps);
	if (made > 0 && rss0 >= 0)
		printf("memory per generator: %.0f bytes resident (RSS growth "
		       "%.1f MiB / %lu)\n",
		       (rss1 - rss0) / (double)made,
		       (rss1 - rss0) / 1048576.0, made);
	if (made > 0 && heap0 >= 0)
		printf("heap per generator:   %.1f bytes%s\n",
		       (heap1 - heap0) / (double)made,
		       o->guarded ? " (the descriptors of the mapped stacks)"
				  : "");
	if (made > 0) {
		printf("create:               %.1f ns per generator (%s + "
		       "fringe_generator_create,\n                      "
		       "including the page fault of the stack's first "
		       "page)\n",
		       (t1 - t0) * 1e9 / (double)made,
		       o->guarded ? "fringe_stack_pool_get mapping a new stack"
				  : "fringe_stack_create_on");
		printf("first resume:         %.1f ns per generator (runs to "
		       "its first yield)\n",
		       (t2 - t1) * 1e9 / (double)made);
		printf("later resume:         %.1f ns per generator (all %lu "
		       "in turn)\n",
		       (t3 - t2) * 1e9 / (double)made, made);
	}
	return status;
}

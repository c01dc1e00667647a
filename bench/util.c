/*
 * util.c - helpers the op files share, and the bookkeeping the library
 * keeps per generator.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#ifdef HAVE_MALLINFO2
#include <malloc.h>
#endif

#include <fringe.h>

#include "bench.h"

#ifndef MAP_STACK
#define MAP_STACK 0
#endif
#ifndef MAP_ANONYMOUS
#define MAP_ANONYMOUS MAP_ANON
#endif

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

void bench_fp_inexact(void)
{
	volatile double one = 1.0, three = 3.0, third;

	third = one / three;
	(void)third;
}

/* ---- bookkeeping per generator ------------------------------------------------- */

struct bench_bookkeeping bench_book = { -1, -1, -1 };

static void *idle_fn(fringe_yielder *y, void *input, void *userdata)
{
	(void)y;
	(void)userdata;
	return input;
}

#define BOOK_N 1000
#define BOOK_STACK (8u * 1024u)

/* Create BOOK_N generators on caller memory and see what they cost
 * beyond it. */
void bench_measure_bookkeeping(void)
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
	bench_book.heap = (heap_after - heap_before) / BOOK_N;
#else
	(void)heap_before;
	(void)heap_after;
#endif
	bench_book.control_block =
		(long)((char *)fringe_stack_limit(stacks[0]) - (char *)gens[0]);
	bench_book.descriptor = (long)(memory + BOOK_STACK -
				       (char *)fringe_stack_limit(stacks[0]));
	for (int i = 0; i < BOOK_N; i++) {
		bench_check(fringe_generator_destroy(gens[i]),
			    "fringe_generator_destroy");
		bench_check(fringe_stack_destroy(stacks[i]),
			    "fringe_stack_destroy");
	}
	free(memory);
}

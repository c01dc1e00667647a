/*
 * fuzz_api.c - libFuzzer harness for the public API of libfringe-c.
 *
 * The input is a little program: a sequence of operations on a few slots
 * of stacks and generators.  Each operation is an opcode byte followed by
 * operand bytes (missing bytes read as 0):
 *
 *   stack-create  slot kind size-lo size-hi offset   mapped, on caller
 *                                                    memory (misaligned by
 *                                                    `offset`), or absurd
 *   stack-destroy slot
 *   gen-create    slot stack yields depth flags action x 8
 *   resume        slot input
 *   cancel        slot
 *   destroy       slot
 *   yield-outside slot                  yield with a yielder from outside
 *   stale         slot                  use a destroyed generator's handle
 *   context       stack                 make a context, switch in and back
 *   query         slot
 *   pool          slot                  take a stack from a pool into an
 *                                       empty slot, or give the slot's
 *                                       stack back (refused when busy or
 *                                       not the pool's)
 *
 * A generator runs a script given at creation: it may own malloc'd memory,
 * recurses `depth` levels, then yields `yields` values, each computed from
 * the resume's input; before each yield it performs an action: nothing,
 * misuse of itself (resume, destroy, cancel, destroy its stack), a yield
 * with another generator's yielder, or a resume, cancel or destroy of
 * another generator, nested.  Cancelled, it frees its memory and returns,
 * or, when told to ignore cancellation, yields again and is abandoned.
 *
 * The harness keeps a model of every slot and checks each return value,
 * each yielded value and each result against it; a mismatch aborts, which
 * libFuzzer reports as a crash.  ASan and UBSan catch memory errors and
 * undefined behaviour, and LeakSanitizer catches a cancelled generator that
 * did not get to free its memory.  The library is built with fiber
 * switching announced to ASan (FRINGE_SANITIZE_FIBERS).
 *
 * Generators only run on stacks of at least MIN_RUN_STACK usable bytes:
 * ASan's frames are large.  Smaller stacks still get generators created,
 * cancelled and destroyed.
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fringe.h"

#define NSTACKS 4
#define NGENS 4
#define NACTIONS 8
#define MAX_OPS 200
#define MIN_RUN_STACK (24u * 1024u)

#define V(x) ((void *)(uintptr_t)(x))
#define U(p) ((uintptr_t)(p))

#define CHECK(cond)                                                          \
	do {                                                                 \
		if (!(cond)) {                                               \
			fprintf(stderr, "fuzz_api.c:%d: check failed: %s\n", \
				__LINE__, #cond);                            \
			abort();                                             \
		}                                                            \
	} while (0)

/* ---- the input ------------------------------------------------------------ */

static const uint8_t *in_data;
static size_t in_size, in_pos;

static unsigned byte(void)
{
	return in_pos < in_size ? in_data[in_pos++] : 0;
}

/* ---- the model ------------------------------------------------------------- */

enum gen_state {
	G_NONE,      /* empty slot */
	G_NEW,       /* created, never resumed */
	G_SUSPENDED, /* yielded */
	G_RUNNING,   /* a resume (or a cancellation) is in progress */
	G_FINISHED   /* returned, cancelled or abandoned */
};

/* Actions a generator performs before a yield. */
enum action {
	A_NOTHING,
	A_RESUME_SELF,
	A_DESTROY_SELF,
	A_CANCEL_SELF,
	A_DESTROY_OWN_STACK,
	A_FOREIGN_YIELD,
	A_NESTED_RESUME,
	A_NESTED_END, /* cancel or destroy another generator */
	NACTION_KINDS
};

#define F_ALLOC 1u         /* owns malloc'd memory */
#define F_IGNORE_CANCEL 2u /* yields again when cancelled */

struct gen {
	enum gen_state state;
	fringe_generator *g;
	fringe_yielder *yielder; /* known once it ran */
	int stack;               /* slot of its stack */
	unsigned yields, depth, flags;
	unsigned char actions[NACTIONS];
	unsigned done;           /* yields made so far */
	void *result;            /* expected result once finished */
	void *memory;            /* what it owns */
	int cancelling;          /* a cancellation is in progress */
	int abandoned;           /* it yielded during its cancellation */
	/* A destroyed generator's handle, still readable while its stack
	 * lives and carries no other generator. */
	fringe_generator *stale;
	int stale_stack;
	unsigned stale_generation;
};

struct stk {
	fringe_stack *s;
	unsigned char *memory; /* caller memory (malloc'd), or NULL */
	int pooled;            /* from the pool */
	int user;              /* generator slot using it, or -1 */
	unsigned generation;   /* generators created on it so far */
	size_t size;
};

static struct stk stacks[NSTACKS];

/* One pool for the whole run, so that its cache carries stacks from one
 * input to the next. */
#define POOL_STACK_SIZE (32u * 1024u)
static fringe_stack_pool *pool;
static struct gen gens[NGENS];
static int nesting; /* generator functions running */

static void op_resume(int i, uintptr_t input);
static void op_cancel(int i);
static void op_destroy(int i);

static uintptr_t yield_value(uintptr_t input, unsigned k)
{
	return input * 31u + k + 1u;
}

#define RESULT_DONE(n) V(0xd0000u + (n))
#define RESULT_CANCELLED V(0xcaca)

/* ---- the generators' function ---------------------------------------------- */

static void act(struct gen *me, int self, unsigned char a)
{
	int target = (a / NACTION_KINDS) % NGENS;
	struct gen *t = &gens[target];

	switch (a % NACTION_KINDS) {
	case A_RESUME_SELF:
		CHECK(fringe_generator_resume(me->g, NULL, NULL) == -EBUSY);
		break;
	case A_DESTROY_SELF:
		CHECK(fringe_generator_destroy(me->g) == -EBUSY);
		break;
	case A_CANCEL_SELF:
		CHECK(fringe_generator_cancel(me->g) == -EBUSY);
		break;
	case A_DESTROY_OWN_STACK:
		CHECK(fringe_stack_destroy(stacks[me->stack].s) == -EBUSY);
		break;
	case A_FOREIGN_YIELD:
		if (target != self && t->state != G_NONE && t->yielder != NULL)
			CHECK(fringe_generator_yield(t->yielder, NULL, NULL) ==
			      -EPERM);
		break;
	case A_NESTED_RESUME:
		if (target != self && t->state != G_NONE)
			op_resume(target, (uintptr_t)a);
		break;
	case A_NESTED_END:
		if (target != self && t->state != G_NONE) {
			if (a & 1)
				op_cancel(target);
			else
				op_destroy(target);
		}
		break;
	default:
		break;
	}
}

/* Yield the script's values; 0 when done, -ECANCELED when cancelled. */
static int yield_all(struct gen *me, int self, uintptr_t input)
{
	void *in;
	int rc;

	for (unsigned k = 0; k < me->yields; k++) {
		act(me, self, me->actions[k % NACTIONS]);
		in = V(0x5a5a);
		rc = fringe_generator_yield(me->yielder,
					    V(yield_value(input, k)), &in);
		if (rc == -ECANCELED) {
			CHECK(me->cancelling);
			CHECK(in == V(0x5a5a));
			if (me->flags & F_IGNORE_CANCEL) {
				me->abandoned = 1;
				(void)fringe_generator_yield(me->yielder, NULL,
							     NULL);
				CHECK(!"an abandoned generator ran again");
			}
			return rc;
		}
		CHECK(rc == 0);
		CHECK(!me->cancelling);
		input = U(in);
	}
	return 0;
}

/* Recursion, each level with a frame of its own. */
static int descend(struct gen *me, int self, uintptr_t input, unsigned level)
{
	volatile unsigned char frame[64];
	int rc;

	frame[0] = (unsigned char)level;
	if (level >= me->depth)
		return yield_all(me, self, input);
	rc = descend(me, self, input, level + 1);
	CHECK(frame[0] == (unsigned char)level);
	return rc;
}

static void *gen_fn(fringe_yielder *yielder, void *input, void *userdata)
{
	struct gen *me = userdata;
	int self = (int)(me - gens);
	int rc;

	CHECK(fringe_generator_from_yielder(yielder) == me->g);
	CHECK(fringe_generator_state(me->g) == FRINGE_GENERATOR_RUNNING);
	me->yielder = yielder;
	if (me->flags & F_ALLOC) {
		me->memory = malloc(100 + me->depth);
		CHECK(me->memory != NULL);
		memset(me->memory, 0x11, 100 + me->depth);
	}
	rc = descend(me, self, U(input), 0);
	free(me->memory);
	me->memory = NULL;
	return rc == 0 ? RESULT_DONE(me->yields) : RESULT_CANCELLED;
}

/* ---- operations -------------------------------------------------------------- */

static int runnable(const struct gen *t)
{
	return fringe_stack_size(stacks[t->stack].s) >= MIN_RUN_STACK;
}

/* The generator in slot i is finished: its stack stays in use. */
static void finished(struct gen *t, void *result)
{
	t->state = G_FINISHED;
	t->result = result;
}

/* A generator abandoned during its cancellation still owns its memory. */
static void reclaim(struct gen *t)
{
	free(t->memory);
	t->memory = NULL;
}

static void op_resume(int i, uintptr_t input)
{
	struct gen *t = &gens[i];
	void *out = V(1);
	int rc;

	switch (t->state) {
	case G_NONE:
		return;
	case G_RUNNING:
		CHECK(fringe_generator_resume(t->g, V(input), &out) == -EBUSY);
		CHECK(out == V(1));
		return;
	case G_FINISHED:
		CHECK(fringe_generator_resume(t->g, V(input), &out) ==
		      FRINGE_FINISHED);
		CHECK(out == t->result);
		return;
	case G_NEW:
	case G_SUSPENDED:
		break;
	}
	if (!runnable(t) || nesting >= NGENS)
		return;
	t->state = G_RUNNING;
	nesting++;
	rc = fringe_generator_resume(t->g, V(input), &out);
	nesting--;
	if (t->done == t->yields) {
		CHECK(rc == FRINGE_FINISHED);
		CHECK(out == RESULT_DONE(t->yields));
		CHECK(t->memory == NULL);
		finished(t, out);
	} else {
		CHECK(rc == FRINGE_YIELDED);
		CHECK(out == V(yield_value(input, t->done)));
		t->done++;
		t->state = G_SUSPENDED;
	}
	CHECK(fringe_generator_state(t->g) ==
	      (t->state == G_FINISHED ? FRINGE_GENERATOR_FINISHED
				      : FRINGE_GENERATOR_RUNNABLE));
}

/* Hand slot i's generator over (to no thread): a running one cannot be;
 * any other is taken back by this thread's next use. */
static void op_release(int i)
{
	struct gen *t = &gens[i];

	switch (t->state) {
	case G_NONE:
		return;
	case G_RUNNING:
		CHECK(fringe_generator_release(t->g) == -EBUSY);
		return;
	case G_NEW:
	case G_SUSPENDED:
	case G_FINISHED:
		CHECK(fringe_generator_release(t->g) == 0);
		CHECK(fringe_generator_release(t->g) == 0);
		CHECK(fringe_generator_state(t->g) ==
		      (t->state == G_FINISHED ? FRINGE_GENERATOR_FINISHED
					      : FRINGE_GENERATOR_RUNNABLE));
		return;
	}
}

/* Cancel slot i with fringe_generator_cancel() or, if `destroy`, with
 * fringe_generator_destroy(); returns what the call returned. */
static int cancel_or_destroy(int i, int destroy)
{
	struct gen *t = &gens[i];
	enum gen_state before = t->state;
	int rc;

	if (before == G_SUSPENDED) {
		t->state = G_RUNNING;
		t->cancelling = 1;
		nesting++;
	}
	rc = destroy ? fringe_generator_destroy(t->g)
		     : fringe_generator_cancel(t->g);
	if (before == G_SUSPENDED) {
		nesting--;
		t->cancelling = 0;
		if (t->flags & F_IGNORE_CANCEL) {
			CHECK(t->abandoned);
			CHECK(rc == (destroy ? 0 : -ECANCELED));
			reclaim(t);
			finished(t, NULL);
		} else {
			CHECK(rc == 0);
			CHECK(t->memory == NULL);
			finished(t, RESULT_CANCELLED);
		}
	} else if (before == G_NEW) {
		CHECK(rc == 0);
		CHECK(t->memory == NULL);
		finished(t, NULL);
	} else {
		CHECK(before == G_FINISHED);
		CHECK(rc == 0);
	}
	return rc;
}

static void op_cancel(int i)
{
	struct gen *t = &gens[i];

	if (t->state == G_NONE)
		return;
	if (t->state == G_RUNNING) {
		CHECK(fringe_generator_cancel(t->g) == -EBUSY);
		return;
	}
	(void)cancel_or_destroy(i, 0);
	CHECK(fringe_generator_state(t->g) == FRINGE_GENERATOR_FINISHED);
}

static void op_destroy(int i)
{
	struct gen *t = &gens[i];
	struct stk *s;

	if (t->state == G_NONE)
		return;
	if (t->state == G_RUNNING) {
		CHECK(fringe_generator_destroy(t->g) == -EBUSY);
		return;
	}
	s = &stacks[t->stack];
	if (t->state == G_FINISHED)
		CHECK(fringe_generator_destroy(t->g) == 0);
	else
		CHECK(cancel_or_destroy(i, 1) == 0);
	CHECK(t->memory == NULL);
	s->user = -1;
	t->stale = t->g;
	t->stale_stack = t->stack;
	t->stale_generation = s->generation;
	t->state = G_NONE;
	t->g = NULL;
	t->yielder = NULL;
}

/* Forget a stack slot's generator handles that its destruction makes
 * unreadable. */
static void forget_stale(int stack)
{
	for (int i = 0; i < NGENS; i++)
		if (gens[i].stale != NULL && gens[i].stale_stack == stack)
			gens[i].stale = NULL;
}

static void op_stack_destroy(int slot)
{
	struct stk *s = &stacks[slot];

	if (s->s == NULL)
		return;
	if (s->user >= 0) {
		CHECK(fringe_stack_destroy(s->s) == -EBUSY);
		return;
	}
	if (s->pooled) {
		/* A pool's stack goes back to the pool. */
		CHECK(fringe_stack_pool_put(pool, s->s) == 0);
		forget_stale(slot);
		memset(s, 0, sizeof *s);
		s->user = -1;
		return;
	}
	CHECK(fringe_stack_destroy(s->s) == 0);
	if (s->memory != NULL) {
		/* The memory is still ours: a second destroy is detected. */
		CHECK(fringe_stack_destroy(s->s) == -EINVAL);
		CHECK(fringe_stack_size(s->s) == 0);
		free(s->memory);
	}
	forget_stale(slot);
	memset(s, 0, sizeof *s);
	s->user = -1;
}

static void op_stack_create(void)
{
	int slot = (int)(byte() % NSTACKS);
	unsigned kind = byte() % 3;
	size_t size = byte() | byte() << 8;
	unsigned offset = byte() % 16;
	struct stk *s = &stacks[slot];
	long page = sysconf(_SC_PAGESIZE);
	fringe_stack *n = V(1);

	if (s->s != NULL) {
		op_stack_destroy(slot);
		if (s->s != NULL)
			return; /* busy */
	}
	if (kind == 0) {
		size_t want;

		size = size * 3 + (size & 1); /* 0 .. ~192 KiB, odd too */
		CHECK(fringe_stack_create(&n, size) == 0);
		want = size == 0 ? FRINGE_STACK_DEFAULT_SIZE : size;
		if (want < FRINGE_STACK_MIN_SIZE)
			want = FRINGE_STACK_MIN_SIZE;
		want = (want + (size_t)page - 1) / (size_t)page * (size_t)page;
		CHECK(fringe_stack_size(n) == want);
	} else if (kind == 1) {
		unsigned char *memory;
		int rc;

		size = size + 1;
		memory = malloc(size + 16);
		CHECK(memory != NULL);
		rc = fringe_stack_create_on(&n, memory + offset, size);
		if (rc != 0) {
			CHECK(rc == -EINVAL);
			CHECK(n == NULL);
			/* Refused only when small. */
			CHECK(size < FRINGE_STACK_MIN_SIZE + 256);
			free(memory);
			return;
		}
		CHECK(U(fringe_stack_base(n)) >= U(memory + offset));
		CHECK(U(fringe_stack_limit(n)) <= U(memory + offset + size));
		CHECK(U(fringe_stack_base(n)) % 16 == 0);
		CHECK(fringe_stack_size(n) >= FRINGE_STACK_MIN_SIZE);
		s->memory = memory;
	} else {
		int rc = fringe_stack_create(&n, SIZE_MAX - size);

		CHECK(rc == -EINVAL || rc == -ENOMEM);
		CHECK(n == NULL);
		if (size < 2 * (size_t)page)
			CHECK(rc == -EINVAL);
		return;
	}
	s->s = n;
	s->user = -1;
	s->size = fringe_stack_size(n);
}

static void op_gen_create(void)
{
	int slot = (int)(byte() % NGENS);
	int stack = (int)(byte() % NSTACKS);
	struct gen *t = &gens[slot];
	struct stk *s = &stacks[stack];
	fringe_generator *g = V(1);
	unsigned yields = byte() % 9, depth = byte() % 13, flags = byte();
	unsigned cflags = byte();
	/* Creation flags: the known ones, and now and then a bad one. */
	unsigned int create_flags = (cflags & 1 ? FRINGE_GENERATOR_SHARE_FPENV : 0) |
				    (cflags & 2 ? FRINGE_GENERATOR_SHARE_EH : 0);
	unsigned char actions[NACTIONS];

	for (int k = 0; k < NACTIONS; k++)
		actions[k] = (unsigned char)byte();
	if (t->state != G_NONE) {
		op_destroy(slot);
		if (t->state != G_NONE)
			return; /* running */
	}
	if (s->s == NULL) {
		CHECK(fringe_generator_create(&g, NULL, gen_fn, t) == -EINVAL);
		CHECK(g == NULL);
		return;
	}
	if (s->user >= 0) {
		CHECK(fringe_generator_create(&g, s->s, gen_fn, t) == -EBUSY);
		CHECK(g == NULL);
		return;
	}
	memset(t, 0, sizeof *t);
	t->yields = yields;
	t->depth = depth;
	t->flags = flags;
	memcpy(t->actions, actions, sizeof actions);
	t->stack = stack;
	if (cflags & 0x80) {
		/* A bit above every known flag (SHARE_FPENV, SHARE_EH). */
		unsigned int bad = 1u << (2 + (cflags >> 1) % 30);

		CHECK(fringe_generator_create_flags(&g, s->s, gen_fn, t,
						    create_flags | bad) ==
		      -EINVAL);
		CHECK(g == NULL);
	}
	CHECK(fringe_generator_create_flags(&t->g, s->s, gen_fn, t,
					    create_flags) == 0);
	CHECK(fringe_generator_stack(t->g) == s->s);
	CHECK(fringe_generator_state(t->g) == FRINGE_GENERATOR_RUNNABLE);
	t->state = G_NEW;
	s->user = slot;
	s->generation++;
}

static void op_yield_outside(int i)
{
	struct gen *t = &gens[i];
	void *in = V(3);

	if (t->yielder != NULL)
		CHECK(fringe_generator_yield(t->yielder, NULL, &in) == -EPERM);
	CHECK(fringe_generator_yield(NULL, NULL, &in) == -EINVAL);
	CHECK(in == V(3));
}

static void op_stale(int i)
{
	struct gen *t = &gens[i];
	struct stk *s;

	if (t->stale == NULL)
		return;
	s = &stacks[t->stale_stack];
	if (s->s == NULL || s->generation != t->stale_generation)
		return; /* unmapped, or the handle names a new generator */
	CHECK(fringe_generator_resume(t->stale, NULL, NULL) == -EINVAL);
	CHECK(fringe_generator_cancel(t->stale) == -EINVAL);
	CHECK(fringe_generator_destroy(t->stale) == -EINVAL);
	CHECK(fringe_generator_state(t->stale) == -EINVAL);
	CHECK(fringe_generator_stack(t->stale) == NULL);
}

static void context_entry(void *value, void *from_sp, void *userdata)
{
	CHECK(userdata == V(7));
	fringe_context_switch(from_sp, V(U(value) + 1));
	abort(); /* never switched to again */
}

static void op_context(int slot)
{
	struct stk *s = &stacks[slot];
	void *sp = V(1);
	fringe_transfer t;

	if (s->s == NULL) {
		CHECK(fringe_context_init(NULL, context_entry, V(7), &sp) ==
		      -EINVAL);
		CHECK(sp == NULL);
		return;
	}
	if (s->user >= 0) {
		CHECK(fringe_context_init(s->s, context_entry, V(7), &sp) ==
		      -EBUSY);
		return;
	}
	if (s->size < MIN_RUN_STACK)
		return;
	CHECK(fringe_context_init(s->s, context_entry, V(7), &sp) == 0);
	/* The context overwrites where old generators' control blocks were. */
	s->generation++;
	t = fringe_context_switch_link(sp, V(41), s->s);
	CHECK(t.value == V(42));
	CHECK(t.sp != NULL);
}

static void op_query(int i)
{
	struct gen *t = &gens[i];
	struct stk *s = &stacks[i % NSTACKS];

	CHECK(fringe_version() == FRINGE_VERSION_HEX);
	if (s->s != NULL) {
		CHECK(U(fringe_stack_limit(s->s)) - U(fringe_stack_base(s->s)) ==
		      fringe_stack_size(s->s));
		CHECK(fringe_stack_size(s->s) == s->size);
	}
	CHECK(fringe_stack_base(NULL) == NULL);
	CHECK(fringe_generator_state(NULL) == -EINVAL);
	if (t->state != G_NONE)
		CHECK(fringe_generator_state(t->g) ==
		      (t->state == G_RUNNING    ? FRINGE_GENERATOR_RUNNING
		       : t->state == G_FINISHED ? FRINGE_GENERATOR_FINISHED
						: FRINGE_GENERATOR_RUNNABLE));
}

static void op_pool(int slot)
{
	struct stk *s = &stacks[slot];
	fringe_stack *n = V(1);

	if (s->s == NULL) {
		CHECK(fringe_stack_pool_get(pool, &n) == 0);
		CHECK(fringe_stack_size(n) == POOL_STACK_SIZE);
		s->s = n;
		s->pooled = 1;
		s->user = -1;
		s->size = POOL_STACK_SIZE;
	} else if (!s->pooled) {
		CHECK(fringe_stack_pool_put(pool, s->s) == -EINVAL);
	} else if (s->user >= 0) {
		CHECK(fringe_stack_pool_put(pool, s->s) == -EBUSY);
	} else {
		op_stack_destroy(slot); /* puts it back */
	}
}

/* ---- one input ------------------------------------------------------------------ */

static void reset(void)
{
	memset(gens, 0, sizeof gens);
	memset(stacks, 0, sizeof stacks);
	for (int i = 0; i < NSTACKS; i++)
		stacks[i].user = -1;
	nesting = 0;
}

static void teardown(void)
{
	for (int i = 0; i < NGENS; i++) {
		CHECK(gens[i].state != G_RUNNING);
		op_destroy(i);
	}
	for (int i = 0; i < NSTACKS; i++) {
		op_stack_destroy(i);
		CHECK(stacks[i].s == NULL);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	in_data = data;
	in_size = size;
	in_pos = 0;
	if (pool == NULL)
		CHECK(fringe_stack_pool_create(&pool, POOL_STACK_SIZE, 2) == 0);
	reset();
	for (int ops = 0; ops < MAX_OPS && in_pos < in_size; ops++) {
		unsigned op = byte() % 12;

		switch (op) {
		case 0:
			op_stack_create();
			break;
		case 1:
			op_stack_destroy((int)(byte() % NSTACKS));
			break;
		case 2:
			op_gen_create();
			break;
		case 3: {
			int slot = (int)(byte() % NGENS);

			op_resume(slot, byte());
			break;
		}
		case 4:
			op_cancel((int)(byte() % NGENS));
			break;
		case 5:
			op_destroy((int)(byte() % NGENS));
			break;
		case 6:
			op_yield_outside((int)(byte() % NGENS));
			break;
		case 7:
			op_stale((int)(byte() % NGENS));
			break;
		case 8:
			op_context((int)(byte() % NSTACKS));
			break;
		case 9:
			op_query((int)(byte() % NGENS));
			break;
		case 10:
			op_release((int)(byte() % NGENS));
			break;
		default:
			op_pool((int)(byte() % NSTACKS));
			break;
		}
	}
	teardown();
	return 0;
}

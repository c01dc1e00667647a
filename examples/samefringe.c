/*
 * samefringe.c - the "same fringe" problem, solved with generators.
 *
 * Two binary trees have the same fringe when they have the same leaves in
 * the same order, whatever their shapes.  Flattening both trees into lists
 * first would work, but it needs memory proportional to the trees and reads
 * every leaf even when the first ones already differ.  Here each tree is
 * walked by its own generator: an ordinary recursive in-order walk that
 * yields each leaf it reaches.  The comparison loop takes one leaf from each
 * walk at a time and stops at the first difference.
 *
 * Build:   cc samefringe.c $(pkg-config --cflags --libs fringe)
 *
 * SPDX-License-Identifier: MIT
 */
#include <fringe.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A leaf has no children; an inner node has both. */
struct node {
	int value;
	struct node *left, *right;
};

static void free_tree(struct node *tree)
{
	if (tree == NULL)
		return;
	free_tree(tree->left);
	free_tree(tree->right);
	free(tree);
}

static struct node *leaf(int value)
{
	struct node *n = malloc(sizeof *n);

	if (n != NULL) {
		n->value = value;
		n->left = n->right = NULL;
	}
	return n;
}

/* Takes ownership of both subtrees; NULL if either is NULL or out of memory. */
static struct node *branch(struct node *left, struct node *right)
{
	struct node *n = NULL;

	if (left != NULL && right != NULL)
		n = malloc(sizeof *n);
	if (n == NULL) {
		free_tree(left);
		free_tree(right);
		return NULL;
	}
	n->value = 0;
	n->left = left;
	n->right = right;
	return n;
}

/* Yield every leaf under `tree`, left to right.  0 or a negative errno. */
static int walk(fringe_yielder *yielder, struct node *tree)
{
	int r;

	if (tree->left == NULL)
		return fringe_generator_yield(yielder, tree, NULL);
	r = walk(yielder, tree->left);
	if (r < 0)
		return r;
	return walk(yielder, tree->right);
}

/* The generator's function: walk the tree given as userdata.  Returns the
 * walk's status, converted to a pointer. */
static void *leaves(fringe_yielder *yielder, void *input, void *userdata)
{
	(void)input;
	return (void *)(intptr_t)walk(yielder, userdata);
}

/*
 * Compare the fringes of `a` and `b`, walking them on stacks `sa` and `sb`.
 * Returns 1 (same), 0 (different) or a negative errno.
 */
static int same_fringe(struct node *a, struct node *b, fringe_stack *sa,
		       fringe_stack *sb)
{
	fringe_generator *ga, *gb;
	void *va, *vb;
	int ra, rb, result, r;

	r = fringe_generator_create(&ga, sa, leaves, a);
	if (r < 0)
		return r;
	r = fringe_generator_create(&gb, sb, leaves, b);
	if (r < 0) {
		(void)fringe_generator_destroy(ga);
		return r;
	}

	for (;;) {
		ra = fringe_generator_resume(ga, NULL, &va);
		if (ra < 0) {
			result = ra;
			break;
		}
		rb = fringe_generator_resume(gb, NULL, &vb);
		if (rb < 0) {
			result = rb;
			break;
		}
		if (ra == FRINGE_FINISHED || rb == FRINGE_FINISHED) {
			/* A finished walk reports its status. */
			if (ra == FRINGE_FINISHED && (intptr_t)va != 0)
				result = (int)(intptr_t)va;
			else if (rb == FRINGE_FINISHED && (intptr_t)vb != 0)
				result = (int)(intptr_t)vb;
			else
				result = ra == rb; /* same only if both ended */
			break;
		}
		if (((struct node *)va)->value != ((struct node *)vb)->value) {
			result = 0;
			break;
		}
	}

	/* Destroying a walk stopped early cancels it: its pending yield
	 * returns -ECANCELED, which walk() passes up, and it returns. */
	r = fringe_generator_destroy(ga);
	if (r < 0 && result >= 0)
		result = r;
	r = fringe_generator_destroy(gb);
	if (r < 0 && result >= 0)
		result = r;
	return result;
}

#define NPAIRS 5

int main(void)
{
	struct node *trees[NPAIRS][2];
	fringe_stack *sa = NULL, *sb = NULL;
	int status = EXIT_FAILURE;
	int i, j, r;

	/* Leaves 1 2 3, in two shapes. */
	trees[0][0] = branch(leaf(1), branch(leaf(2), leaf(3)));
	trees[0][1] = branch(branch(leaf(1), leaf(2)), leaf(3));
	/* Same shape, different last leaf. */
	trees[1][0] = branch(leaf(1), branch(leaf(2), leaf(3)));
	trees[1][1] = branch(leaf(1), branch(leaf(2), leaf(4)));
	/* Leaves 1 2 3 4: balanced and leaning right. */
	trees[2][0] = branch(branch(leaf(1), leaf(2)), branch(leaf(3), leaf(4)));
	trees[2][1] = branch(leaf(1), branch(leaf(2), branch(leaf(3), leaf(4))));
	/* One fringe is a prefix of the other. */
	trees[3][0] = branch(leaf(1), leaf(2));
	trees[3][1] = branch(branch(leaf(1), leaf(2)), leaf(3));
	/* Single leaves. */
	trees[4][0] = leaf(7);
	trees[4][1] = leaf(7);

	for (i = 0; i < NPAIRS; i++) {
		for (j = 0; j < 2; j++) {
			if (trees[i][j] == NULL) {
				fprintf(stderr, "samefringe: out of memory\n");
				goto out;
			}
		}
	}

	/* One stack per walk, reused for every pair. */
	r = fringe_stack_create(&sa, 0);
	if (r == 0)
		r = fringe_stack_create(&sb, 0);
	if (r < 0) {
		fprintf(stderr, "samefringe: fringe_stack_create: %s\n",
			strerror(-r));
		goto out;
	}

	for (i = 0; i < NPAIRS; i++) {
		r = same_fringe(trees[i][0], trees[i][1], sa, sb);
		if (r < 0) {
			fprintf(stderr, "samefringe: pair %d: %s\n", i + 1,
				strerror(-r));
			goto out;
		}
		printf("pair %d: %s fringe\n", i + 1, r ? "same" : "different");
	}
	status = EXIT_SUCCESS;

out:
	if (sb != NULL && (r = fringe_stack_destroy(sb)) < 0) {
		fprintf(stderr, "samefringe: fringe_stack_destroy: %s\n",
			strerror(-r));
		status = EXIT_FAILURE;
	}
	if (sa != NULL && (r = fringe_stack_destroy(sa)) < 0) {
		fprintf(stderr, "samefringe: fringe_stack_destroy: %s\n",
			strerror(-r));
		status = EXIT_FAILURE;
	}
	for (i = 0; i < NPAIRS; i++)
		for (j = 0; j < 2; j++)
			free_tree(trees[i][j]);
	return status;
}

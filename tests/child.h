/*
 * child.h - run a function in a forked child process, for tests whose
 * outcome is the death of a process: how it ended, and what it wrote to
 * standard error.
 */
#ifndef FRINGE_TESTS_CHILD_H
#define FRINGE_TESTS_CHILD_H

struct child_result {
	int exited; /* 1: it exited with `code`; 0: killed by `signal` */
	int code;
	int signal;
	char err[2048]; /* the start of its standard error, NUL-terminated */
};

/* Run fn(arg) in a child, which exits with status 0 if fn returns.  The
 * child must not use Check's assertions: it reports through its exit
 * status and standard error.  On Windows (tests/child-windows.c) the
 * child is the test program run again: `arg` is passed as an integer, and
 * the child always "exits", with the code Windows reports. */
void run_in_child(void (*fn)(void *), void *arg, struct child_result *r);

#ifdef _WIN32
/* In a program run again by run_in_child(): run the function, exit.
 * Elsewhere: return.  main() calls it first. */
void fringe_test_child_main(void);
/* The child ended in abort(). */
#define CHILD_ABORTED(r) ((r)->exited && (r)->code == 3)
#else
#define CHILD_ABORTED(r) (!(r)->exited && (r)->signal == SIGABRT)
#endif

#endif /* FRINGE_TESTS_CHILD_H */

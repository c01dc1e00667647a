/*
 * child.c - see child.h.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <check.h>

#include "child.h"

void run_in_child(void (*fn)(void *), void *arg, struct child_result *r)
{
	int fds[2], status;
	size_t used = 0;
	pid_t pid;

	memset(r, 0, sizeof *r);
	ck_assert_int_eq(pipe(fds), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(fds[0]);
		if (dup2(fds[1], STDERR_FILENO) < 0)
			_exit(125);
		close(fds[1]);
		fn(arg);
		_exit(0);
	}
	close(fds[1]);
	for (;;) {
		char sink[256];
		char *to = used < sizeof r->err - 1 ? r->err + used : sink;
		size_t room = used < sizeof r->err - 1 ? sizeof r->err - 1 - used
						       : sizeof sink;
		ssize_t n = read(fds[0], to, room);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (to != sink)
			used += (size_t)n;
	}
	r->err[used] = '\0';
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0)
		ck_assert_int_eq(errno, EINTR);
	if (WIFEXITED(status)) {
		r->exited = 1;
		r->code = WEXITSTATUS(status);
	} else {
		ck_assert(WIFSIGNALED(status));
		r->signal = WTERMSIG(status);
	}
}

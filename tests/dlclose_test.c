/*
 * dlclose_test.c - a program that is not linked against libfringe-c loads
 * a plugin that is (dlopen), lets a second thread use it (installing the
 * overflow handler and resuming a generator), closes the plugin
 * (dlclose), and only then lets that thread exit.  The library's
 * thread-specific data destructor and its SIGSEGV handler must still be
 * there: the library stays loaded.
 *
 * Usage: dlclose_test PLUGIN.  Exit 0: passed; 1: failed; 77: skipped.
 */
#include "config.h"

#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

static int (*plugin_run)(void);
static int run_result;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int ran, may_exit;

static void *thread_main(void *arg)
{
	(void)arg;
	run_result = plugin_run();
	pthread_mutex_lock(&lock);
	ran = 1;
	pthread_cond_broadcast(&cond);
	while (!may_exit)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	/* Thread exit: the library's destructor for its alternate signal
	 * stack runs now. */
	return NULL;
}

int main(int argc, char **argv)
{
	struct sigaction old;
	pthread_t thread;
	Dl_info info;
	void *plugin, *sym;

	if (argc != 2) {
		fprintf(stderr, "usage: dlclose_test PLUGIN\n");
		return 2;
	}
	plugin = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
	if (plugin == NULL) {
		printf("SKIP: cannot load the plugin: %s\n", dlerror());
		return 77;
	}
	sym = dlsym(plugin, "plugin_run");
	if (sym == NULL) {
		printf("FAIL: plugin_run not found: %s\n", dlerror());
		return 1;
	}
	/* POSIX guarantees that dlsym()'s result converts. */
	memcpy(&plugin_run, &sym, sizeof plugin_run);
	if (pthread_create(&thread, NULL, thread_main, NULL) != 0) {
		printf("FAIL: pthread_create\n");
		return 1;
	}
	pthread_mutex_lock(&lock);
	while (!ran)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	if (run_result != 10) {
		printf("FAIL: the plugin's generator gave %d, not 10\n",
		       run_result);
		return 1;
	}
	plugin_run = NULL;
	if (dlclose(plugin) != 0) {
		printf("FAIL: dlclose: %s\n", dlerror());
		return 1;
	}

	/* The SIGSEGV handler the library installed must still be code. */
	if (sigaction(SIGSEGV, NULL, &old) != 0 ||
	    !(old.sa_flags & SA_SIGINFO)) {
		printf("FAIL: the library's SIGSEGV handler is gone\n");
		return 1;
	}
	if (dladdr((void *)(uintptr_t)old.sa_sigaction, &info) == 0) {
		printf("FAIL: the SIGSEGV handler points to unmapped memory: "
		       "the library was unloaded\n");
		return 1;
	}
	printf("the SIGSEGV handler is in %s\n", info.dli_fname);

	/* The thread exits and runs the library's destructor. */
	pthread_mutex_lock(&lock);
	may_exit = 1;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	if (pthread_join(thread, NULL) != 0) {
		printf("FAIL: pthread_join\n");
		return 1;
	}

	printf("PASS: the library outlived dlclose() of its plugin\n");
	return 0;
}

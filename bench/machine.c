/*
 * machine.c - what the benchmark ran on: the CPU (CPUID on x86_64,
 * /proc/cpuinfo elsewhere), the hypervisor if CPUID names one, the
 * kernel, the compilers, and the load average.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "arch.h"
#include "bench.h"

struct bench_machine bench_machine;

/* The C compiler the benchmark was built with (the library's, normally). */
#if defined(__clang__)
#define COMPILER "clang " __clang_version__
#elif defined(__GNUC__)
#define COMPILER "GCC " __VERSION__
#else
#define COMPILER "unknown"
#endif

#if !BENCH_HAVE_CPUID
/*
 * The first processor's fields of /proc/cpuinfo that name it, as
 * "field: value, field: value": x86 (vendor_id, cpu family, model,
 * model name), Arm (CPU implementer, CPU architecture, CPU part), POWER
 * and RISC-V (cpu, uarch), s390x (vendor_id, processor 0's line).
 */
static void cpuinfo_describe(char *buf, size_t size)
{
	static const char *const fields[] = {
		"vendor_id", "cpu family", "model", "model name",
		"CPU implementer", "CPU architecture", "CPU variant",
		"CPU part", "cpu", "uarch", "machine",
	};
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[512];
	size_t len = 0;
	int seen_processor = 0;

	buf[0] = '\0';
	if (f == NULL) {
		snprintf(buf, size, "unknown CPU");
		return;
	}
	while (fgets(line, sizeof line, f) != NULL) {
		char *colon = strchr(line, ':');
		size_t key_len;

		if (line[0] == '\n' && seen_processor)
			break; /* the end of the first processor */
		if (colon == NULL)
			continue;
		if (strncmp(line, "processor", 9) == 0)
			seen_processor = 1;
		key_len = (size_t)(colon - line);
		while (key_len > 0 &&
		       (line[key_len - 1] == ' ' || line[key_len - 1] == '\t'))
			key_len--;
		for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
			char *value = colon + 1 + strspn(colon + 1, " \t");

			if (strlen(fields[i]) != key_len ||
			    strncmp(line, fields[i], key_len) != 0)
				continue;
			value[strcspn(value, "\n")] = '\0';
			if (len < size)
				len += (size_t)snprintf(buf + len, size - len,
							"%s%s: %s",
							len ? ", " : "",
							fields[i], value);
			break;
		}
	}
	fclose(f);
	if (buf[0] == '\0')
		snprintf(buf, size, "unknown CPU");
}
#endif

void bench_load_average(char *buf, size_t size)
{
	double load[3];

	if (getloadavg(load, 3) == 3)
		snprintf(buf, size, "%.2f %.2f %.2f", load[0], load[1], load[2]);
	else
		snprintf(buf, size, "unknown");
}

void bench_describe_machine(void)
{
	struct bench_machine *m = &bench_machine;
	struct utsname u;

#if BENCH_HAVE_CPUID
	bench_cpuid_describe(m->cpu, sizeof m->cpu, m->hypervisor,
			     sizeof m->hypervisor);
#else
	cpuinfo_describe(m->cpu, sizeof m->cpu);
	m->hypervisor[0] = '\0';
#endif
	snprintf(m->kernel, sizeof m->kernel, "unknown kernel");
	if (uname(&u) == 0)
		snprintf(m->kernel, sizeof m->kernel, "%s %s %s", u.sysname,
			 u.release, u.machine);
	snprintf(m->compiler, sizeof m->compiler, "%s", COMPILER);
	m->cpus_online = sysconf(_SC_NPROCESSORS_ONLN);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Memory shared by the supervisor and the sandbox, the run's options,
 * and the sandbox's reports (see shared.h).
 */
#define SECCOMP_COMMON_NO_HARNESS
#include "../seccomp_common.h"

#include <stdarg.h>

#include "shared.h"
#include "sys.h"

struct shared *shm;
bool upstream_mode;
bool no_ia32;
int verbose;

/* Record a failure (in the sandbox: for the supervisor to print). */
void fail(const char *fmt, ...)
{
	va_list ap;
	int n;

	if (LOAD(shm->done) == 2)
		return;
	n = snprintf(shm->msg, sizeof(shm->msg), "%s: ", shm->step);
	if (n < 0 || n >= (int)sizeof(shm->msg))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(shm->msg + n, sizeof(shm->msg) - n, fmt, ap);
	va_end(ap);
	STORE(shm->done, 2);
}

/* What the driver is doing: for failures, and shown as it goes with -vv. */
void set_step(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(shm->step, sizeof(shm->step), fmt, ap);
	va_end(ap);
	if (verbose > 1)
		fprintf(stderr, "  %s\n", shm->step);
}

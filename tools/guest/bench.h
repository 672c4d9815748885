/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the workbench's benchmark programs share: timing, and the result
 * line tools/benchlib.py reads from the console,
 *
 *   BENCH: NAME: median M ns/UNIT, min A, max B, R runs of N UNITs
 */
#ifndef _WB_GUEST_BENCH_H
#define _WB_GUEST_BENCH_H

#include <stdlib.h>
#include <time.h>

#include "kselftest.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Nanoseconds of CLOCK_MONOTONIC since @t0. */
static double ns_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1e9 + (t1.tv_nsec - t0->tv_nsec);
}

/* Sorts @ns, the time per @unit of @reps runs over @nr units each. */
static void bench_report(const char *bench, const char *name, double *ns,
			 int reps, unsigned long nr, const char *unit)
{
	qsort(ns, reps, sizeof(*ns), cmp_double);
	ksft_print_msg("%s: %s: median %.1f ns/%s, min %.1f, max %.1f, %d runs of %lu %ss\n",
		       bench, name, ns[reps / 2], unit, ns[0], ns[reps - 1],
		       reps, nr, unit);
}

#endif /* _WB_GUEST_BENCH_H */

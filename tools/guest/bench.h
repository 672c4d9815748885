/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the workbench's benchmark programs share: timing, and the result
 * line tools/benchlib.py reads from the console,
 *
 *   BENCH: NAME: median M ns/UNIT, min A, max B, R runs of N UNITs
 */
#ifndef _WB_GUEST_BENCH_H
#define _WB_GUEST_BENCH_H

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

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

#ifndef MPOL_MF_MOVE
#define MPOL_MF_MOVE	(1 << 1)
#endif

/*
 * Move the @nr folios at @addrs between NUMA nodes 0 and 1 with
 * move_pages(), @reps times, after an untimed move of all to node 0;
 * @ns[r] is the time per folio of run r.  Returns how many moves put a
 * folio where it was sent (@nr * @reps when all went well).
 */
static unsigned long bench_move_pages(void **addrs, unsigned long nr,
				      int reps, double *ns)
{
	int *nodes = calloc(nr, sizeof(int)), *status = calloc(nr, sizeof(int));
	unsigned long i, moved = 0;
	struct timespec t0;
	int r;

	if (!nodes || !status)
		ksft_exit_fail_msg("calloc: %s\n", strerror(errno));
	if (syscall(SYS_move_pages, 0, nr, addrs, nodes, status, MPOL_MF_MOVE))
		ksft_exit_fail_msg("move_pages: %s\n", strerror(errno));
	for (r = 0; r < reps; r++) {
		for (i = 0; i < nr; i++)
			nodes[i] = !(r & 1);	/* 1, 0, 1, ... */
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (syscall(SYS_move_pages, 0, nr, addrs, nodes, status,
			    MPOL_MF_MOVE))
			ksft_exit_fail_msg("move_pages: %s\n", strerror(errno));
		ns[r] = ns_since(&t0) / nr;
		for (i = 0; i < nr; i++)
			moved += status[i] == nodes[i];
	}
	free(nodes);
	free(status);
	return moved;
}

#endif /* _WB_GUEST_BENCH_H */

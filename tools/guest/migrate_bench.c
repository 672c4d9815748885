// SPDX-License-Identifier: GPL-2.0
/*
 * Time the paths that build migration and swap entries for ordinary
 * memory, for tools/bench-migrate (a benchmark, not a test).
 *
 * Part 1 of the device-private series makes every migration entry and
 * migrate pfn from page_id(), which tests for ZONE_DEVICE: these are the
 * paths that pay for it without ever seeing a device-private page, plus
 * test_hmm's migration to device-private memory and back.  For NR small
 * anonymous pages, REPS times each, the program prints the median, min and
 * max time per page of:
 *
 *   move-pages   move_pages() between NUMA nodes 0 and 1 (numa=fake=2):
 *                try_to_migrate() installs migration entries,
 *                remove_migration_ptes() replaces them
 *   pageout      MADV_PAGEOUT of the resident pages to swap (zram): the
 *                unmap installs swap entries; the pages are written back
 *                in, untimed, between runs
 *   hmm-to-dev   HMM_DMIRROR_MIGRATE_TO_DEV of test_hmm (/dev/hmm_dmirror0):
 *                migrate_vma_*() to device-private pages, whose entries
 *                carry page ids
 *   hmm-to-sys   HMM_DMIRROR_MIGRATE_TO_SYS, back to system memory
 *
 * Each measurement must have done its work (all pages moved, paged out or
 * migrated), or the program fails.
 *
 * Usage: migrate_bench [NR [REPS]]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <lib/test_hmm_uapi.h>

#include "kselftest.h"
#include "bench.h"

#define PAGE		4096UL
#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT	21
#endif

static void die(const char *what)
{
	ksft_exit_fail_msg("%s: %s\n", what, strerror(errno));
}

static void report(const char *name, double *ns, int reps, unsigned long nr)
{
	bench_report("migrate_bench", name, ns, reps, nr, "page");
}

/* NR small anonymous pages, each written, so each is its own folio. */
static char *make_pages(unsigned long nr)
{
	char *buf = mmap(NULL, nr * PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned long i;

	if (buf == MAP_FAILED)
		die("mmap");
	if (madvise(buf, nr * PAGE, MADV_NOHUGEPAGE))
		die("madvise(MADV_NOHUGEPAGE)");
	for (i = 0; i < nr; i++)
		buf[i * PAGE] = (char)i;
	return buf;
}

static void bench_move(unsigned long nr, int reps)
{
	char *buf = make_pages(nr);
	void **addrs = calloc(nr, sizeof(*addrs));
	double *ns = calloc(reps, sizeof(*ns));
	unsigned long i, moved;

	if (!addrs || !ns)
		die("calloc");
	for (i = 0; i < nr; i++)
		addrs[i] = buf + i * PAGE;
	moved = bench_move_pages(addrs, nr, reps, ns);
	report("move-pages", ns, reps, nr);
	ksft_test_result(moved == nr * reps, "move-pages: %lu of %lu pages moved\n",
			 moved, nr * reps);
	munmap(buf, nr * PAGE);
	free(addrs);
	free(ns);
}

/* Pages of [buf, buf + nr pages) resident now, by mincore(). */
static unsigned long resident(char *buf, unsigned long nr)
{
	unsigned char *vec = calloc(nr, 1);
	unsigned long i, n = 0;

	if (!vec)
		die("calloc");
	if (mincore(buf, nr * PAGE, vec))
		die("mincore");
	for (i = 0; i < nr; i++)
		n += vec[i] & 1;
	free(vec);
	return n;
}

static int have_swap(void)
{
	FILE *f = fopen("/proc/swaps", "r");
	char line[256];
	int n = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		n++;
	fclose(f);
	return n > 1;
}

static void bench_pageout(unsigned long nr, int reps)
{
	char *buf = make_pages(nr);
	double *ns = calloc(reps, sizeof(*ns));
	unsigned long i, left = 0;
	struct timespec t0;
	int r;

	if (!ns)
		die("calloc");
	if (!have_swap())
		ksft_exit_fail_msg("pageout: no swap in /proc/swaps\n");
	for (r = 0; r < reps; r++) {
		/* Untimed: every page written back in, resident, dirty. */
		for (i = 0; i < nr; i++)
			buf[i * PAGE] = (char)(i + r);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (madvise(buf, nr * PAGE, MADV_PAGEOUT))
			die("madvise(MADV_PAGEOUT)");
		ns[r] = ns_since(&t0) / nr;
		left += resident(buf, nr);
	}
	report("pageout", ns, reps, nr);
	/* A page still in the swap cache counts as resident: allow a few. */
	ksft_test_result(left <= nr * reps / 100,
			 "pageout: %lu of %lu pages left resident\n",
			 left, nr * reps);
	munmap(buf, nr * PAGE);
	free(ns);
}

/*
 * Run a migration ioctl of test_hmm over the @nr pages at @buf; returns
 * the time per page, and how many pages it migrated in @cpages.
 */
static double dmirror(int fd, unsigned long request, const char *what,
		      char *buf, char *mirror, unsigned long nr,
		      unsigned long *cpages)
{
	struct hmm_dmirror_cmd cmd = {
		.addr = (uintptr_t)buf,
		.ptr = (uintptr_t)mirror,
		.npages = nr,
	};
	struct timespec t0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (ioctl(fd, request, &cmd)) {
		if (errno != EINTR)
			die(what);
	}
	*cpages = cmd.cpages;
	return ns_since(&t0) / nr;
}

static void bench_hmm(unsigned long nr, int reps)
{
	int fd = open("/dev/hmm_dmirror0", O_RDWR);
	char *buf = make_pages(nr), *mirror = malloc(nr * PAGE);
	double *to_dev = calloc(reps, sizeof(double));
	double *to_sys = calloc(reps, sizeof(double));
	unsigned long cpages, dev = 0, sys = 0;
	int r;

	if (fd < 0)
		die("open /dev/hmm_dmirror0");
	if (!mirror || !to_dev || !to_sys)
		die("malloc");
	for (r = 0; r < reps; r++) {
		to_dev[r] = dmirror(fd, HMM_DMIRROR_MIGRATE_TO_DEV,
				    "HMM_DMIRROR_MIGRATE_TO_DEV", buf, mirror,
				    nr, &cpages);
		dev += cpages;
		to_sys[r] = dmirror(fd, HMM_DMIRROR_MIGRATE_TO_SYS,
				    "HMM_DMIRROR_MIGRATE_TO_SYS", buf, mirror,
				    nr, &cpages);
		sys += cpages;
	}
	report("hmm-to-dev", to_dev, reps, nr);
	report("hmm-to-sys", to_sys, reps, nr);
	ksft_test_result(dev == nr * reps, "hmm-to-dev: %lu of %lu pages\n",
			 dev, nr * reps);
	ksft_test_result(sys == nr * reps, "hmm-to-sys: %lu of %lu pages\n",
			 sys, nr * reps);
	close(fd);
	munmap(buf, nr * PAGE);
	free(mirror);
	free(to_dev);
	free(to_sys);
}

int main(int argc, char **argv)
{
	unsigned long nr = argc > 1 ? strtoul(argv[1], NULL, 0) : 4096;
	int reps = argc > 2 ? atoi(argv[2]) : 11;

	if (!nr || reps < 1)
		ksft_exit_fail_msg("usage: migrate_bench [NR [REPS]]\n");
	ksft_print_header();
	ksft_set_plan(4);
	bench_move(nr, reps);
	bench_pageout(nr, reps);
	bench_hmm(nr, reps);
	ksft_finished();
}

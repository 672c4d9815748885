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
 *   hmm-fault    after a migration to the device, a CPU read of each page:
 *                do_swap_page() on the device-private entry, and
 *                test_hmm's migrate_to_ram() of the page
 *   hmm-thp-to-dev, hmm-thp-to-sys
 *                the two migrations of NR pages in PMD-sized THPs
 *                (MADV_HUGEPAGE, 2 MiB aligned): one entry per folio
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

#define THP		(2UL << 20)

/*
 * NR pages of anonymous memory in PMD-sized THPs: 2 MiB aligned,
 * MADV_HUGEPAGE, each THP written.  NR is rounded up to a THP.
 */
static char *make_thps(unsigned long nr)
{
	unsigned long len = (nr * PAGE + THP - 1) & ~(THP - 1), i;
	char *map = mmap(NULL, len + THP, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *buf;

	if (map == MAP_FAILED)
		die("mmap");
	buf = (char *)(((uintptr_t)map + THP - 1) & ~(THP - 1));
	/* Keep only [buf, buf + len) */
	if (buf > map && munmap(map, buf - map))
		die("munmap");
	if (munmap(buf + len, map + THP - buf))
		die("munmap");
	if (madvise(buf, len, MADV_HUGEPAGE))
		die("madvise(MADV_HUGEPAGE)");
	for (i = 0; i < len; i += PAGE)
		buf[i] = (char)(i / PAGE);
	return buf;
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

/* Time per page of the CPU reading each of @nr pages at @buf. */
static double touch(char *buf, unsigned long nr, unsigned long *right)
{
	struct timespec t0;
	unsigned long i;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < nr; i++)
		*right += *(volatile char *)(buf + i * PAGE) == (char)i;
	return ns_since(&t0) / nr;
}

/*
 * test_hmm's migrations of @nr pages made by @make (small pages or THPs),
 * reported as @to_dev_name and @to_sys_name; with @fault_name, also the
 * CPU faults that bring the pages back after a migration to the device.
 */
static void bench_hmm(const char *to_dev_name, const char *to_sys_name,
		      const char *fault_name, char *(*make)(unsigned long),
		      unsigned long nr, int reps)
{
	int fd = open("/dev/hmm_dmirror0", O_RDWR);
	char *buf = make(nr), *mirror = malloc(nr * PAGE);
	double *to_dev = calloc(reps, sizeof(double));
	double *to_sys = calloc(reps, sizeof(double));
	double *fault = calloc(reps, sizeof(double));
	unsigned long cpages, dev = 0, sys = 0, right = 0;
	int r;

	if (fd < 0)
		die("open /dev/hmm_dmirror0");
	if (!mirror || !to_dev || !to_sys || !fault)
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
	report(to_dev_name, to_dev, reps, nr);
	report(to_sys_name, to_sys, reps, nr);
	ksft_test_result(dev == nr * reps, "%s: %lu of %lu pages\n",
			 to_dev_name, dev, nr * reps);
	ksft_test_result(sys == nr * reps, "%s: %lu of %lu pages\n",
			 to_sys_name, sys, nr * reps);
	if (fault_name) {
		dev = 0;
		for (r = 0; r < reps; r++) {
			dmirror(fd, HMM_DMIRROR_MIGRATE_TO_DEV,
				"HMM_DMIRROR_MIGRATE_TO_DEV", buf, mirror, nr,
				&cpages);
			dev += cpages;
			fault[r] = touch(buf, nr, &right);
		}
		report(fault_name, fault, reps, nr);
		ksft_test_result(dev == nr * reps && right == nr * reps,
				 "%s: %lu of %lu pages migrated, %lu read back right\n",
				 fault_name, dev, nr * reps, right);
	}
	close(fd);
	munmap(buf, nr * PAGE);
	free(mirror);
	free(to_dev);
	free(to_sys);
	free(fault);
}

int main(int argc, char **argv)
{
	unsigned long nr = argc > 1 ? strtoul(argv[1], NULL, 0) : 4096;
	int reps = argc > 2 ? atoi(argv[2]) : 11;

	if (!nr || reps < 1)
		ksft_exit_fail_msg("usage: migrate_bench [NR [REPS]]\n");
	ksft_print_header();
	ksft_set_plan(7);
	bench_move(nr, reps);
	bench_pageout(nr, reps);
	bench_hmm("hmm-to-dev", "hmm-to-sys", "hmm-fault", make_pages, nr,
		  reps);
	bench_hmm("hmm-thp-to-dev", "hmm-thp-to-sys", NULL, make_thps,
		  (nr + 511) & ~511UL, reps);
	ksft_finished();
}

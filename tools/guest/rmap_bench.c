// SPDX-License-Identifier: GPL-2.0
/*
 * Time rmap walks, for tools/bench-rmap (a benchmark, not a test).
 *
 * Writing a bit of /sys/kernel/mm/page_idle/bitmap makes the kernel walk
 * the mappings of the folio at that PFN: page_idle_clear_pte_refs() runs
 * rmap_walk(), which runs one page_vma_mapped_walk() per VMA.  For each
 * shape of folio, the program writes the bits of the first PFN of all its
 * folios at once, --reps times, and prints the median, min and max time per
 * folio:
 *
 *   small     small anonymous folios, one PTE each
 *   pte-thp   PMD-sized anonymous THPs mapped by 512 PTEs
 *   pmd-thp   PMD-sized anonymous THPs mapped by their PMD
 *
 * Usage: rmap_bench [SMALL_FOLIOS [THPS [REPS]]]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "kselftest.h"

#define PAGE		4096UL
#define PMD		(2UL << 20)
#define PMD_PAGES	(PMD / PAGE)
#define BITMAP		"/sys/kernel/mm/page_idle/bitmap"

static void die(const char *what)
{
	ksft_exit_fail_msg("%s: %s\n", what, strerror(errno));
}

static uint64_t pfn_of(int pagemap, void *addr)
{
	uint64_t ent;

	if (pread(pagemap, &ent, sizeof(ent),
		  (uintptr_t)addr / PAGE * sizeof(ent)) != sizeof(ent))
		die("pagemap");
	if (!(ent & (1ULL << 63)))
		return 0;
	return ent & ((1ULL << 55) - 1);
}

/* @nr folios of @pages pages each, faulted in; their first PFNs in @pfns. */
static void make_folios(int pagemap, unsigned long nr, unsigned long pages,
			int split, uint64_t *pfns)
{
	unsigned long len = nr * pages * PAGE, i, j;
	char *area, *p;

	area = mmap(NULL, len + PMD, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (area == MAP_FAILED)
		die("mmap");
	p = (char *)(((uintptr_t)area + PMD - 1) & ~(PMD - 1));
	if (madvise(p, len, pages > 1 ? MADV_HUGEPAGE : MADV_NOHUGEPAGE))
		die("madvise");
	for (i = 0; i < nr * pages; i++)
		p[i * PAGE] = 1;
	for (i = 0; i < nr; i++) {
		char *f = p + i * pages * PAGE;

		pfns[i] = pfn_of(pagemap, f);
		for (j = 1; j < pages; j++)
			if (pfn_of(pagemap, f + j * PAGE) != pfns[i] + j ||
			    pfns[i] % pages) {
				ksft_exit_fail_msg("no THP at %p\n", f);
			}
		/* Changing the protection of a part splits the PMD. */
		if (split && (mprotect(f, PAGE, PROT_READ) ||
			      mprotect(f, PAGE, PROT_READ | PROT_WRITE)))
			die("mprotect");
	}
}

/* sysfs takes at most a page per call: loop over the pages. */
static void xfer(int fd, void *buf, size_t len, off_t off, int wr)
{
	while (len) {
		ssize_t n = wr ? pwrite(fd, buf, len, off) :
				 pread(fd, buf, len, off);

		/*
		 * A word that runs past the last PFN is handled up to that
		 * PFN but not counted: nothing is left to do.
		 */
		if (n == 0 && len == 8)
			return;
		if (n <= 0)
			ksft_exit_fail_msg("%s %s: %zd of %zu bytes at %lld: %s\n",
					   wr ? "write" : "read", BITMAP, n,
					   len, (long long)off,
					   n ? strerror(errno) : "no progress");
		buf = (char *)buf + n;
		len -= n;
		off += n;
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Write the bits of @pfns, @reps times; report ns per folio. */
static void bench(int bitmap, const char *name, const uint64_t *pfns,
		  unsigned long nr, int reps)
{
	uint64_t lo = UINT64_MAX, hi = 0, *words, *back;
	unsigned long i, nwords, walked = 0;
	double *ns = calloc(reps, sizeof(*ns));
	struct timespec t0, t1;
	off_t off;
	int r;

	if (!nr || !ns)
		die("no folios");
	for (i = 0; i < nr; i++) {
		lo = pfns[i] < lo ? pfns[i] : lo;
		hi = pfns[i] > hi ? pfns[i] : hi;
	}
	nwords = hi / 64 - lo / 64 + 1;
	off = lo / 64 * 8;
	words = calloc(nwords, 8);
	back = calloc(nwords, 8);
	if (!words || !back)
		die("calloc");
	for (i = 0; i < nr; i++)
		words[pfns[i] / 64 - lo / 64] |= 1ULL << (pfns[i] % 64);

	for (r = 0; r < reps; r++) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		xfer(bitmap, words, nwords * 8, off, 1);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ns[r] = ((t1.tv_sec - t0.tv_sec) * 1e9 +
			 (t1.tv_nsec - t0.tv_nsec)) / nr;
	}
	/* The folios the walks marked idle read back as set. */
	xfer(bitmap, back, nwords * 8, off, 0);
	for (i = 0; i < nr; i++)
		walked += !!(back[pfns[i] / 64 - lo / 64] &
			     (1ULL << (pfns[i] % 64)));
	qsort(ns, reps, sizeof(*ns), cmp_double);
	ksft_print_msg("rmap_bench: %s: median %.1f ns/folio, min %.1f, max %.1f, %d runs of %lu folios, %lu idle\n",
	       name, ns[reps / 2], ns[0], ns[reps - 1], reps, nr, walked);
	/*
	 * Nearly every folio must have been walked, or the time means
	 * little; a few dozen small folios are not on the LRU yet.
	 */
	ksft_test_result(walked * 100 >= nr * 99,
			 "%s: %lu of %lu folios walked\n", name, walked, nr);
	free(ns);
	free(words);
	free(back);
}

int main(int argc, char **argv)
{
	unsigned long nr_small = argc > 1 ? strtoul(argv[1], NULL, 0) : 32768;
	unsigned long nr_thp = argc > 2 ? strtoul(argv[2], NULL, 0) : 128;
	int reps = argc > 3 ? atoi(argv[3]) : 31;
	uint64_t *small, *pte_thp, *pmd_thp;
	int pagemap, bitmap, fd;

	ksft_print_header();
	ksft_set_plan(3);
	pagemap = open("/proc/self/pagemap", O_RDONLY);
	bitmap = open(BITMAP, O_RDWR);
	if (pagemap < 0 || bitmap < 0)
		die("open pagemap or " BITMAP);
	small = calloc(nr_small, sizeof(*small));
	pte_thp = calloc(nr_thp, sizeof(*pte_thp));
	pmd_thp = calloc(nr_thp, sizeof(*pmd_thp));
	if (!small || !pte_thp || !pmd_thp || reps < 1)
		die("arguments");

	make_folios(pagemap, nr_small, 1, 0, small);
	make_folios(pagemap, nr_thp, PMD_PAGES, 1, pte_thp);
	make_folios(pagemap, nr_thp, PMD_PAGES, 0, pmd_thp);
	/* Only folios on the LRU are walked: drain the per-CPU batches. */
	fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
	if (fd < 0 || write(fd, "1", 1) != 1)
		die("drop_caches");
	close(fd);

	bench(bitmap, "small", small, nr_small, reps);
	bench(bitmap, "pte-thp", pte_thp, nr_thp, reps);
	bench(bitmap, "pmd-thp", pmd_thp, nr_thp, reps);
	ksft_finished();
}

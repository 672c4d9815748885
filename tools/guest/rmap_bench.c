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
 * Then the walks that look for migration entries (PVMW_MIGRATION): each
 * migration of a folio unmaps it with try_to_migrate() and maps the new
 * folio back with remove_migration_ptes(), which walks the migration
 * entries (512 for a PTE-mapped THP).  move_pages() moves the same folios
 * between NUMA nodes 0 and 1 (the guest boots with numa=fake=2), REPS
 * times, and the program prints the time per folio moved:
 *
 *   migrate-small, migrate-pmd-thp
 *
 * (A PTE-mapped THP is not measured: move_pages() split it on its first
 * move in a 7.3.4 guest, and later moves moved one small folio each.)
 * Last, split-pte-thp splits THPS / 4 other PTE-mapped THPs through
 * debugfs (split_huge_pages): the split unmaps each THP to 512 migration
 * entries and remaps its 512 new folios with remove_migration_ptes(), a
 * walk for migration entries each; once, as a split THP is gone.
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
#include <sys/mount.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "kselftest.h"
#include "bench.h"

#define PAGE		4096UL
#define PMD		(2UL << 20)
#define PMD_PAGES	(PMD / PAGE)
#define BITMAP		"/sys/kernel/mm/page_idle/bitmap"
#define SPLIT		"/sys/kernel/debug/split_huge_pages"

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

/*
 * @nr folios of @pages pages each, faulted in; their first PFNs in @pfns,
 * the addresses of their first pages in @addrs.
 */
static void make_folios(int pagemap, unsigned long nr, unsigned long pages,
			int split, uint64_t *pfns, void **addrs)
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
		addrs[i] = f;
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

/* kB of the VMA at @addr that are mapped by PMDs (smaps AnonHugePages). */
static unsigned long pmd_mapped_kb(void *addr)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	unsigned long lo, hi, kb = 0;
	char line[256];
	int in = 0;

	if (!f)
		die("smaps");
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2)
			in = (uintptr_t)addr >= lo && (uintptr_t)addr < hi;
		else if (in && sscanf(line, "AnonHugePages: %lu kB", &kb) == 1)
			break;
	}
	fclose(f);
	return kb;
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

static void report(const char *name, double *ns, int reps, unsigned long nr)
{
	bench_report("rmap_bench", name, ns, reps, nr, "folio");
}

/*
 * Move the folios at @addrs to the other node, @reps times; report ns per
 * folio.  Every folio must end up where it was sent, or nothing was
 * measured.
 */
static void bench_migrate(const char *name, void **addrs, unsigned long nr,
			  int reps)
{
	double *ns = calloc(reps, sizeof(*ns));
	unsigned long moved;

	if (!ns)
		die("calloc");
	moved = bench_move_pages(addrs, nr, reps, ns);
	report(name, ns, reps, nr);
	ksft_test_result(moved == nr * reps, "%s: %lu of %lu folios moved\n",
			 name, moved, nr * reps);
	free(ns);
}

/* Split the PTE-mapped THPs at @addrs through debugfs; ns per THP. */
static void bench_split(const char *name, int pagemap, void **addrs,
			unsigned long nr)
{
	char cmd[128];
	unsigned long i, split = 0;
	struct timespec t0;
	double ns;
	int fd;

	if (mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL) &&
	    errno != EBUSY)
		die("mount debugfs");
	fd = open(SPLIT, O_WRONLY);
	if (fd < 0)
		die("open " SPLIT);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < nr; i++) {
		int len = snprintf(cmd, sizeof(cmd), "%d,0x%lx,0x%lx", getpid(),
				   (unsigned long)addrs[i],
				   (unsigned long)addrs[i] + PMD);

		if (write(fd, cmd, len) != len)
			die("write " SPLIT);
	}
	ns = ns_since(&t0) / nr;
	close(fd);
	/* No page of a THP may be left: /proc/kpageflags, KPF_THP (22). */
	fd = open("/proc/kpageflags", O_RDONLY);
	if (fd < 0)
		die("open /proc/kpageflags");
	for (i = 0; i < nr; i++) {
		uint64_t pfn = pfn_of(pagemap, addrs[i]), flags;

		if (pread(fd, &flags, sizeof(flags), pfn * sizeof(flags)) !=
		    sizeof(flags))
			die("kpageflags");
		split += pfn && !(flags & (1ULL << 22));
	}
	close(fd);
	report(name, &ns, 1, nr);
	ksft_test_result(split == nr, "%s: %lu of %lu THPs split\n", name,
			 split, nr);
}

/* Write the bits of @pfns, @reps times; report ns per folio. */
static void bench(int bitmap, const char *name, const uint64_t *pfns,
		  unsigned long nr, int reps)
{
	uint64_t lo = UINT64_MAX, hi = 0, *words, *back;
	unsigned long i, nwords, walked = 0;
	double *ns = calloc(reps, sizeof(*ns));
	struct timespec t0;
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
		ns[r] = ns_since(&t0) / nr;
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
	uint64_t *small, *pte_thp, *pmd_thp, *split_thp;
	void **small_at, **pte_thp_at, **pmd_thp_at, **split_thp_at;
	unsigned long nr_split = nr_thp / 4 ? nr_thp / 4 : 1;
	unsigned long nr_small_moved;
	int pagemap, bitmap, fd;

	ksft_print_header();
	ksft_set_plan(6);
	pagemap = open("/proc/self/pagemap", O_RDONLY);
	bitmap = open(BITMAP, O_RDWR);
	if (pagemap < 0 || bitmap < 0)
		die("open pagemap or " BITMAP);
	small = calloc(nr_small, sizeof(*small));
	pte_thp = calloc(nr_thp, sizeof(*pte_thp));
	pmd_thp = calloc(nr_thp, sizeof(*pmd_thp));
	small_at = calloc(nr_small, sizeof(void *));
	pte_thp_at = calloc(nr_thp, sizeof(void *));
	pmd_thp_at = calloc(nr_thp, sizeof(void *));
	split_thp = calloc(nr_split, sizeof(*split_thp));
	split_thp_at = calloc(nr_split, sizeof(void *));
	if (!small || !pte_thp || !pmd_thp || !small_at || !pte_thp_at ||
	    !pmd_thp_at || !split_thp || !split_thp_at || reps < 1)
		die("arguments");

	make_folios(pagemap, nr_small, 1, 0, small, small_at);
	make_folios(pagemap, nr_thp, PMD_PAGES, 1, pte_thp, pte_thp_at);
	make_folios(pagemap, nr_thp, PMD_PAGES, 0, pmd_thp, pmd_thp_at);
	make_folios(pagemap, nr_split, PMD_PAGES, 1, split_thp, split_thp_at);
	/* Only folios on the LRU are walked: drain the per-CPU batches. */
	fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
	if (fd < 0 || write(fd, "1", 1) != 1)
		die("drop_caches");
	close(fd);

	bench(bitmap, "small", small, nr_small, reps);
	bench(bitmap, "pte-thp", pte_thp, nr_thp, reps);
	/* Every PMD-sized THP of the pmd-thp set must still be PMD-mapped. */
	ksft_print_msg("rmap_bench: pmd-thp: %lu of %lu kB mapped by PMDs\n",
		       pmd_mapped_kb(pmd_thp_at[0]), nr_thp * PMD / 1024);
	bench(bitmap, "pmd-thp", pmd_thp, nr_thp, reps);

	/* Moving folios costs more than walking them: fewer small ones. */
	nr_small_moved = nr_small < 4096 ? nr_small : 4096;
	bench_migrate("migrate-small", small_at, nr_small_moved, reps);
	bench_migrate("migrate-pmd-thp", pmd_thp_at, nr_thp, reps);
	bench_split("split-pte-thp", pagemap, split_thp_at, nr_split);
	ksft_finished();
}

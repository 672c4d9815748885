// SPDX-License-Identifier: GPL-2.0
/*
 * Reserve, map, use and free hugetlb pages whose page extensions lie in
 * more than one memory section, with page_owner=on and page_table_check=on:
 * a 1 GiB page allocated at run time (alloc_contig_pages() hands the whole
 * order to the page extension clients) and 2 MiB pages that end a section.
 * The pool of 1 GiB pages is left as it was found.
 * The kernel must do so without any KASAN, BUG or WARN report; the console
 * check of tools/vmtest looks for those.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/mman.h>

#include "kselftest.h"

/* x86_64: SECTION_SIZE_BITS is 27. */
#define SECTION_PAGES	(1UL << (27 - 12))
#define SZ_2M		(2UL << 20)
#define SZ_1G		(1UL << 30)
#define NR_2M		256
#define HP_1G		"/sys/kernel/mm/hugepages/hugepages-1048576kB/"
#define HP_2M		"/sys/kernel/mm/hugepages/hugepages-2048kB/"

#define T_ALLOC		"1 GiB page allocated at run time\n"
#define T_MAP		"1 GiB page mapped, used and unmapped\n"
#define T_ENDS		"2 MiB pages that end a section used and freed\n"

static long read_long(const char *path)
{
	char buf[32] = "";
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n > 0 ? strtol(buf, NULL, 10) : -EIO;
}

static int write_long(const char *path, long val)
{
	char buf[32];
	int fd = open(path, O_WRONLY);
	int len, n;

	if (fd < 0)
		return -errno;
	len = snprintf(buf, sizeof(buf), "%ld", val);
	n = write(fd, buf, len);
	close(fd);
	return n == len ? 0 : -errno;
}

/* The PFN mapped at addr, from /proc/self/pagemap, or 0. */
static uint64_t pfn_of(void *addr)
{
	uint64_t ent = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0)
		return 0;
	if (pread(fd, &ent, sizeof(ent),
		  (uintptr_t)addr / getpagesize() * sizeof(ent)) != sizeof(ent))
		ent = 0;
	close(fd);
	if (!(ent & (1ULL << 63)))
		return 0;
	return ent & ((1ULL << 55) - 1);
}

/*
 * Resize the pool of 1 GiB pages to nr; false, with a message, if it did
 * not get there.
 */
static bool set_gigantic(long nr)
{
	if (write_long(HP_1G "nr_hugepages", nr) ||
	    read_long(HP_1G "nr_hugepages") != nr) {
		ksft_print_msg("nr_hugepages of 1 GiB: %ld instead of %ld\n",
			       read_long(HP_1G "nr_hugepages"), nr);
		return false;
	}
	return true;
}

static void gigantic(void)
{
	long before;
	uint64_t pfn;
	char *p;

	before = read_long(HP_1G "nr_hugepages");
	if (before < 0) {
		ksft_print_msg("no 1 GiB hugetlb pages: %s\n",
			       strerror(-before));
		ksft_test_result_fail(T_ALLOC);
		ksft_test_result_skip(T_MAP);
		return;
	}
	/*
	 * With pages reserved at boot (tools/selftests.list), give one back
	 * first: its 1 GiB is then free for the run-time allocation, which
	 * cannot count on finding a free 1 GiB range otherwise.  Run-time
	 * allocation is alloc_contig_pages() -> post_alloc_hook() with
	 * order 18.
	 */
	if ((before && !set_gigantic(before - 1)) ||
	    !set_gigantic(before ? before : 1)) {
		ksft_test_result_fail(T_ALLOC);
		ksft_test_result_skip(T_MAP);
		set_gigantic(before);
		return;
	}
	ksft_print_msg("nr_hugepages of 1 GiB: %ld, free %ld\n",
		       read_long(HP_1G "nr_hugepages"),
		       read_long(HP_1G "free_hugepages"));
	ksft_test_result_pass(T_ALLOC);

	/* A PUD mapping: page_table_check walks all its page extensions. */
	p = mmap(NULL, SZ_1G, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | MAP_HUGE_1GB,
		 -1, 0);
	if (p == MAP_FAILED) {
		ksft_print_msg("mmap of the 1 GiB page: %s\n",
			       strerror(errno));
		ksft_test_result_fail(T_MAP);
	} else {
		memset(p, 0x5a, SZ_2M);
		p[SZ_1G - 1] = 0x5a;
		pfn = pfn_of(p);
		ksft_print_msg("1 GiB page at PFN %#llx: sections %llu to %llu\n",
			       (unsigned long long)pfn,
			       (unsigned long long)(pfn / SECTION_PAGES),
			       (unsigned long long)((pfn + SZ_1G / 4096 - 1) /
						    SECTION_PAGES));
		munmap(p, SZ_1G);
		ksft_test_result(pfn && pfn % (SZ_1G / 4096) == 0, T_MAP);
	}
	/*
	 * Without pages reserved at boot, freeing it walks the page
	 * extensions of all eight sections again.
	 */
	set_gigantic(before);
}

static void section_ends(void)
{
	long before = read_long(HP_2M "nr_hugepages");
	unsigned long i, ends = 0;
	uint64_t pfn;
	char *p;

	if (before < 0 || write_long(HP_2M "nr_hugepages", before + NR_2M) ||
	    read_long(HP_2M "free_hugepages") < NR_2M) {
		ksft_print_msg("%d more 2 MiB pages: free %ld\n", NR_2M,
			       read_long(HP_2M "free_hugepages"));
		ksft_test_result_fail(T_ENDS);
		return;
	}
	p = mmap(NULL, NR_2M * SZ_2M, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | MAP_HUGE_2MB,
		 -1, 0);
	if (p == MAP_FAILED) {
		ksft_print_msg("mmap of %d 2 MiB pages: %s\n", NR_2M,
			       strerror(errno));
		ksft_test_result_fail(T_ENDS);
		write_long(HP_2M "nr_hugepages", before);
		return;
	}
	for (i = 0; i < NR_2M; i++) {
		p[i * SZ_2M] = 1;
		pfn = pfn_of(p + i * SZ_2M);
		if (pfn && (pfn + SZ_2M / 4096) % SECTION_PAGES == 0) {
			if (!ends)
				ksft_print_msg("2 MiB page at PFN %#llx ends section %llu\n",
					       (unsigned long long)pfn,
					       (unsigned long long)(pfn / SECTION_PAGES));
			ends++;
		}
	}
	munmap(p, NR_2M * SZ_2M);
	write_long(HP_2M "nr_hugepages", before);
	ksft_print_msg("%d 2 MiB pages, %lu of them end a section\n", NR_2M,
		       ends);
	ksft_test_result(ends > 0, T_ENDS);
}

int main(void)
{
	ksft_print_header();
	ksft_set_plan(3);
	gigantic();
	section_ends();
	ksft_finished();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Is this guest's physical address space full?  Replays, from user space,
 * the search request_free_mem_region() makes for device-private memory
 * (kernel/resource.c, get_free_mem_region() with GFR_DESCENDING): windows
 * of the size test_hmm asks for, stepping down by a memory section from
 * the top of iomem_resource, each refused if it meets any top-level
 * entry of /proc/iomem.  Passes when no window is free, that is when a
 * driver that reserves physical address space for device-private memory
 * cannot get any; fails, with the map and the first free window, when
 * one is left.
 *
 * x86_64 only: the top of iomem_resource is 2^phys_bits - 1 (the "address
 * sizes" of /proc/cpuinfo), the direct map ends at 2^46 - 1 with 4-level
 * paging and nokaslr, a section is 2^27 bytes.  Must run as root, or
 * /proc/iomem shows every address as 0.
 *
 * Usage: physfull [PHYS_BITS]; with PHYS_BITS, also check that the CPU
 * reports that many physical address bits.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest.h"

#define SECTION_SIZE	(1ULL << 27)
/* test_hmm's DEVMEM_CHUNK_SIZE */
#define CHUNK_SIZE	(256ULL << 20)
#define DIRECT_MAP_END	((1ULL << 46) - 1)
#define MAX_ENTRIES	256

struct entry {
	uint64_t start, end;
	char name[64];
};

static struct entry map[MAX_ENTRIES];
static int nr_map;

static int phys_bits(void)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[256];
	int bits = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "address sizes : %d bits physical", &bits) == 1)
			break;
	fclose(f);
	return bits;
}

/* The top-level entries of /proc/iomem: the lines without indentation. */
static int read_iomem(void)
{
	FILE *f = fopen("/proc/iomem", "r");
	char line[256];

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f) && nr_map < MAX_ENTRIES) {
		struct entry *e = &map[nr_map];
		unsigned long long s, t;
		char *name;

		if (line[0] == ' ' || sscanf(line, "%llx-%llx", &s, &t) != 2)
			continue;
		name = strstr(line, " : ");
		snprintf(e->name, sizeof(e->name), "%s", name ? name + 3 : "?");
		e->name[strcspn(e->name, "\n")] = '\0';
		e->start = s;
		e->end = t;
		nr_map++;
	}
	fclose(f);
	return nr_map;
}

static bool window_free(uint64_t start, uint64_t size)
{
	int i;

	for (i = 0; i < nr_map; i++)
		if (map[i].start <= start + size - 1 && start <= map[i].end)
			return false;
	return true;
}

int main(int argc, char **argv)
{
	int want = argc > 1 ? atoi(argv[1]) : 0;
	uint64_t top, addr, windows = 0;
	int bits, i;

	ksft_print_header();
	ksft_set_plan(2);

	bits = phys_bits();
	if (bits < 32 || bits > 52)
		ksft_exit_fail_msg("no physical address size in /proc/cpuinfo\n");
	ksft_test_result(!want || bits == want,
			 "CPU has %d physical address bits (want %s)\n", bits,
			 want ? argv[1] : "any");

	if (read_iomem() <= 0)
		ksft_exit_fail_msg("cannot read /proc/iomem\n");
	if (map[0].start == 0 && map[0].end == 0)
		ksft_exit_fail_msg("/proc/iomem hides its addresses: run as root\n");

	top = (1ULL << bits) - 1;
	if (top > DIRECT_MAP_END)
		top = DIRECT_MAP_END;
	/* gfr_start(), gfr_continue() and gfr_next() for GFR_DESCENDING */
	for (addr = top - CHUNK_SIZE + 1; addr > SECTION_SIZE;
	     addr -= SECTION_SIZE) {
		windows++;
		if (window_free(addr, CHUNK_SIZE))
			break;
	}

	for (i = 0; i < nr_map; i++)
		ksft_print_msg("%012llx-%012llx %s\n",
			       (unsigned long long)map[i].start,
			       (unsigned long long)map[i].end, map[i].name);
	if (addr > SECTION_SIZE)
		ksft_test_result_fail("free %llu MiB window at %#llx (window %llu of the search from %#llx)\n",
				      CHUNK_SIZE >> 20,
				      (unsigned long long)addr,
				      (unsigned long long)windows,
				      (unsigned long long)top);
	else
		ksft_test_result_pass("no free %llu MiB window below %#llx (%llu windows searched)\n",
				      CHUNK_SIZE >> 20,
				      (unsigned long long)top,
				      (unsigned long long)windows);
	ksft_finished();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * A measurement, not a test: how long walking the page extensions of a
 * range of memory takes with for_each_page_ext() and with one
 * page_ext_lookup() per PFN.  tools/bench-page-ext builds it into a base
 * and a patched kernel (it uses only what both have) and boots them with
 * page_ext_bench.gib=N page_owner=on.
 */
#include <linux/init.h>
#include <linux/ktime.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/page_ext.h>
#include <linux/rcupdate.h>

#include "bench_report.h"

#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "page_ext_bench."

#define BENCH_MAX_REPS	64

static unsigned int gib;
module_param(gib, uint, 0444);
static unsigned int reps = 21;
module_param(reps, uint, 0444);

static unsigned long bench_sink;

static u64 bench_iter(unsigned long pfn, unsigned long nr)
{
	struct page_ext_iter iter;
	struct page_ext *page_ext;
	unsigned long sum = 0;
	u64 t0 = ktime_get_ns();

	rcu_read_lock();
	for_each_page_ext(pfn_to_page(pfn), nr, page_ext, iter)
		sum += READ_ONCE(page_ext->flags);
	rcu_read_unlock();
	t0 = ktime_get_ns() - t0;
	WRITE_ONCE(bench_sink, bench_sink + sum);
	return t0;
}

static u64 bench_lookup(unsigned long pfn, unsigned long nr)
{
	struct page_ext *page_ext;
	unsigned long i, sum = 0;
	u64 t0 = ktime_get_ns();

	rcu_read_lock();
	for (i = 0; i < nr; i++) {
		page_ext = page_ext_lookup(pfn + i);
		if (!page_ext)
			break;
		sum += READ_ONCE(page_ext->flags);
	}
	rcu_read_unlock();
	t0 = ktime_get_ns() - t0;
	WRITE_ONCE(bench_sink, bench_sink + sum);
	return t0;
}

static int __init page_ext_bench(void)
{
	static u64 t_iter[BENCH_MAX_REPS], t_lookup[BENCH_MAX_REPS];
	unsigned long pfn = PAGES_PER_SECTION;	/* section 0 has holes */
	unsigned long nr = (unsigned long)gib << (30 - PAGE_SHIFT);
	unsigned long i;
	unsigned int r;

	if (!gib)
		return 0;
	reps = clamp(reps, 1U, BENCH_MAX_REPS);
	for (i = 0; i < nr; i += PAGES_PER_SECTION) {
		struct page_ext *page_ext = NULL;

		if (pfn_valid(pfn + i))
			page_ext = page_ext_get(pfn_to_page(pfn + i));
		if (!page_ext) {
			pr_err("page_ext_bench: no page extension at PFN %#lx: need %u GiB of memory from 128 MiB up and page_owner=on\n",
			       pfn + i, gib);
			return 0;
		}
		page_ext_put(page_ext);
	}
	/* Warm up, then alternate the two so that drift hits both. */
	bench_iter(pfn, nr);
	bench_lookup(pfn, nr);
	for (r = 0; r < reps; r++) {
		t_iter[r] = bench_iter(pfn, nr);
		t_lookup[r] = bench_lookup(pfn, nr);
	}
	bench_report("page_ext_bench", "for_each_page_ext", t_iter, reps, nr);
	bench_report("page_ext_bench", "page_ext_lookup", t_lookup, reps,
		     nr);
	return 0;
}
late_initcall(page_ext_bench);

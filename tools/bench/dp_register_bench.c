// SPDX-License-Identifier: GPL-2.0
/*
 * A measurement, not a test: what registering device-private memory costs,
 * in time and in memory, for a few sizes.  tools/bench-dp-register builds
 * it into a base and a patched kernel and boots them with
 * dp_register_bench.sizes=1,4,16,64 (GiB).
 *
 * Base: request_free_mem_region() + memremap_pages(), as test_hmm does on
 * 7.3.  Patched: memremap_device_private_pagemap(), by page count, where
 * the kernel has it (PGMAP_NO_PFN).  Each registration is undone with
 * memunmap_pages() (+ release_mem_region()), and timed too.
 *
 * Memory is what the registration takes from the page allocator (struct
 * pages, the page tables that map them, metadata): free pages before and
 * after, with the per-CPU lists drained, in KiB.
 */
#include <linux/init.h>
#include <linux/ioport.h>
#include <linux/ktime.h>
#include <linux/memremap.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/vmstat.h>

#include "bench_report.h"
#include "page_alloc.h"	/* drain_all_pages() */

#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "dp_register_bench."

#define BENCH_MAX_SIZES	8
#define BENCH_MAX_REPS	16

static unsigned int sizes[BENCH_MAX_SIZES];
static int nr_sizes;
module_param_array(sizes, uint, &nr_sizes, 0444);
static unsigned int reps = 3;
module_param(reps, uint, 0444);

static vm_fault_t bench_migrate_to_ram(struct vm_fault *vmf)
{
	return VM_FAULT_SIGBUS;
}

static void bench_folio_free(struct folio *folio)
{
}

static const struct dev_pagemap_ops bench_ops = {
	.migrate_to_ram	= bench_migrate_to_ram,
	.folio_free	= bench_folio_free,
};

static long bench_free_pages(void)
{
	drain_all_pages(NULL);
	return global_zone_page_state(NR_FREE_PAGES);
}

/* Register @nr pages; ns it took, or a negative errno. */
static s64 bench_register(struct dev_pagemap *pgmap, unsigned long nr)
{
	u64 t0;

	memset(pgmap, 0, sizeof(*pgmap));
	pgmap->type = MEMORY_DEVICE_PRIVATE;
	pgmap->ops = &bench_ops;
	pgmap->owner = pgmap;
#ifdef PGMAP_NO_PFN
	int ret;

	t0 = ktime_get_ns();
	ret = memremap_device_private_pagemap(pgmap, nr, NUMA_NO_NODE);
	t0 = ktime_get_ns() - t0;
	if (ret)
		return ret;
#else
	{
		struct resource *res;
		void *addr;

		t0 = ktime_get_ns();
		res = request_free_mem_region(&iomem_resource,
					      nr << PAGE_SHIFT,
					      "dp_register_bench");
		if (IS_ERR(res))
			return PTR_ERR(res);
		pgmap->range.start = res->start;
		pgmap->range.end = res->end;
		pgmap->nr_range = 1;
		addr = memremap_pages(pgmap, NUMA_NO_NODE);
		t0 = ktime_get_ns() - t0;
		if (IS_ERR(addr)) {
			release_mem_region(res->start, resource_size(res));
			return PTR_ERR(addr);
		}
	}
#endif
	return t0;
}

static u64 bench_unregister(struct dev_pagemap *pgmap)
{
	u64 t0 = ktime_get_ns();

	memunmap_pages(pgmap);
#ifndef PGMAP_NO_PFN
	release_mem_region(pgmap->range.start, range_len(&pgmap->range));
#endif
	return ktime_get_ns() - t0;
}

/* The report of one step for one size, e.g. "register-64g". */
static void bench_report_size(const char *what, unsigned int gib, u64 *ns,
			      unsigned int n, unsigned long pages)
{
	char name[32];

	snprintf(name, sizeof(name), "%s-%ug", what, gib);
	bench_report("dp_register_bench", name, ns, n, pages);
}

static int __init dp_register_bench(void)
{
	static u64 t_reg[BENCH_MAX_REPS], t_unreg[BENCH_MAX_REPS];
	struct dev_pagemap *pgmap;
	unsigned int s, r;

	if (!nr_sizes)
		return 0;
	reps = clamp(reps, 1U, BENCH_MAX_REPS);
	pgmap = kzalloc_obj(*pgmap);
	if (!pgmap)
		return -ENOMEM;
	for (s = 0; s < nr_sizes; s++) {
		unsigned long nr = (unsigned long)sizes[s] << (30 - PAGE_SHIFT);
		long kib = 0;

		for (r = 0; r < reps; r++) {
			long before = bench_free_pages();
			s64 ns = bench_register(pgmap, nr);

			if (ns < 0) {
				pr_err("dp_register_bench: %u GiB: error %lld\n",
				       sizes[s], ns);
				goto out;
			}
			t_reg[r] = ns;
			/* The same every time: keep the last */
			kib = (before - bench_free_pages()) << (PAGE_SHIFT - 10);
			t_unreg[r] = bench_unregister(pgmap);
		}
		bench_report_size("register", sizes[s], t_reg, reps, nr);
		bench_report_size("unregister", sizes[s], t_unreg, reps, nr);
		pr_info("dp_register_bench: memory-%ug: %ld KiB\n", sizes[s],
			kib);
	}
out:
	kfree(pgmap);
	return 0;
}
late_initcall(dp_register_bench);

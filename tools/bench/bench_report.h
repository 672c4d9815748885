/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The report of the in-kernel benchmarks of tools/bench/: the line that
 * tools/benchlib.py parses,
 *
 *   BENCH: WHAT: median M ns/page, min L, max H, N runs of P pages
 *
 * The tools copy this header into mm/ next to the benchmark.
 */
#ifndef _BENCH_REPORT_H
#define _BENCH_REPORT_H

#include <linux/math64.h>
#include <linux/printk.h>
#include <linux/sort.h>

static int bench_cmp(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* ns/page as hundredths: median, min and max of the runs. */
static void bench_report(const char *bench, const char *what, u64 *ns,
			 unsigned int n, unsigned long pages)
{
	u64 med, lo, hi;

	sort(ns, n, sizeof(*ns), bench_cmp, NULL);
	med = div64_u64(ns[n / 2] * 100, pages);
	lo = div64_u64(ns[0] * 100, pages);
	hi = div64_u64(ns[n - 1] * 100, pages);
	pr_info("%s: %s: median %llu.%02llu ns/page, min %llu.%02llu, max %llu.%02llu, %u runs of %lu pages\n",
		bench, what, med / 100, med % 100, lo / 100, lo % 100,
		hi / 100, hi % 100, n, pages);
}

#endif /* _BENCH_REPORT_H */

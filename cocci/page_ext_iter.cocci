// SPDX-License-Identifier: GPL-2.0-only
/// Iterate over the page extensions of several pages with
/// for_each_page_ext(), not by stepping a struct page_ext pointer.
///
/// With SPARSEMEM, page extensions are allocated per memory section, so
/// the page extension of the next PFN is adjacent only within a section.
/// A range that crosses a section (a 1 GiB folio spans eight on x86_64)
/// and is walked with page_ext_next(), page_ext_size or pointer
/// arithmetic on a struct page_ext pointer runs off the end of the
/// section's array.  for_each_page_ext() looks the page extension up
/// again when it enters another section, and ends at the first PFN that
/// has none.
///
// Confidence: High
// Copyright: (C) 2026 MM Series Developers.
// Comments: Patch mode converts the loop that page_owner used before the
//  iterator existed: page_ext_get(), a counted for loop that ends in
//  page_ext_next(), page_ext_put().  Other forms are only reported.  After
//  the conversion, check whether the loop counter is still used.
//# Exception: mm/page_ext.c: the implementation sizes and indexes the
//#  per-section arrays with page_ext_size.
//# Exception: include/linux/page_ext.h: page_ext_iter_next() is the one
//#  place that steps to the adjacent page extension, within a section.
// Options: --no-includes --include-headers

virtual patch
virtual context
virtual org
virtual report

@loop depends on patch@
iterator name for_each_page_ext;
identifier pe, i;
expression page, n;
@@

  struct page_ext *pe;
+ struct page_ext_iter iter;
  ...
- pe = page_ext_get(page);
+ rcu_read_lock();
(
- if (unlikely(!pe))
-	return;
|
- if (!pe)
-	return;
|
)
  ... when != pe
- for (i = 0; i < n; i++)
+ for_each_page_ext(page, n, pe, iter)
  {
  ...
- pe = page_ext_next(pe);
  }
  ... when != pe
- page_ext_put(pe);
+ rcu_read_unlock();

@step depends on context@
struct page_ext *pe;
expression E;
identifier size = page_ext_size;
@@

(
* page_ext_next(...)
|
* pe = (void *)pe + E
|
* pe = (void *)(pe) + E
|
* pe = pe + E
|
* pe += E
|
* pe++
|
* ++pe
|
* size
)

@stepr depends on org || report@
struct page_ext *pe;
expression E;
identifier size = page_ext_size;
position p;
@@

(
  page_ext_next@p(...)
|
  pe@p = (void *)pe + E
|
  pe@p = (void *)(pe) + E
|
  pe@p = pe + E
|
  pe@p += E
|
  pe@p++
|
  ++pe@p
|
  size@p
)

@script:python depends on org@
p << stepr.p;
@@

coccilib.org.print_todo(p[0], "WARNING: struct page_ext stepped by hand: use for_each_page_ext()")

@script:python depends on report@
p << stepr.p;
@@

coccilib.report.print_report(p[0], "WARNING: struct page_ext stepped by hand: use for_each_page_ext()")

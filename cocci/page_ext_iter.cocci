// SPDX-License-Identifier: GPL-2.0-only
/// Iterate over the page extensions of several pages with
/// for_each_page_ext(), not by stepping a struct page_ext pointer.
///
/// With SPARSEMEM, page extensions are allocated per memory section, so
/// the page extension of the next PFN is adjacent only within a section.
/// A range that crosses a section (a 1 GiB folio spans eight on x86_64)
/// and is walked with page_ext_next(), page_ext_size or pointer
/// arithmetic on a struct page_ext pointer (also after a cast to void *,
/// char * or unsigned long) runs off the end of the section's array.  for_each_page_ext() looks the page extension up
/// again when it enters another section, and ends at the first section
/// that has none.
///
// Confidence: High
// Copyright: (C) 2026 MM Series Developers.
// Comments: No patch mode.  A hand-written loop becomes an RCU read-side
//  section around for_each_page_ext() only if nothing else in it or after
//  it reads the loop counter, nothing in it drops the page extension or
//  returns, and nothing between the lookup and the loop does work that
//  must not run without a page extension.  A rule that checks all of that
//  is long, and every user in the tree already uses the iterator; convert
//  by hand what this reports.
//# The implementation is left out by position: mm/page_ext.c sizes and
//#  indexes the per-section arrays with page_ext_size, page_ext_iter_next()
//#  in include/linux/page_ext.h is the one place that steps to the adjacent
//#  page extension, within a section, and page_ext_data() there finds a
//#  client's data inside one entry.
// Options: --no-includes --include-headers

virtual context
virtual org
virtual report

@initialize:python@
@@
import os

def outside_implementation(p):
    """Not mm/page_ext.c, nor page_ext_iter_next() (the step) and
    page_ext_data() (a client's data inside one entry) in page_ext.h."""
    name = os.path.basename(p[0].file)
    if name == "page_ext.c":
        return False
    return not (name == "page_ext.h" and
                p[0].current_element in ("page_ext_iter_next",
                                         "page_ext_data"))

@step depends on context@
struct page_ext *pe;
expression E;
identifier size = page_ext_size;
position p : script:python() { outside_implementation(p) };
@@

(
* page_ext_next@p(...)
|
* (void *)pe@p + E
|
* (void *)(pe@p) + E
|
* (char *)pe@p + E
|
* (unsigned long)pe@p + E
|
* pe@p + E
|
* pe@p - E
|
* pe@p += E
|
* pe@p -= E
|
* pe@p++
|
* ++pe@p
|
* pe@p--
|
* --pe@p
|
* pe@p[E]
|
* size@p
)

@stepr depends on org || report@
struct page_ext *pe;
expression E;
identifier size = page_ext_size;
position p : script:python() { outside_implementation(p) };
@@

(
  page_ext_next@p(...)
|
  (void *)pe@p + E
|
  (void *)(pe@p) + E
|
  (char *)pe@p + E
|
  (unsigned long)pe@p + E
|
  pe@p + E
|
  pe@p - E
|
  pe@p += E
|
  pe@p -= E
|
  pe@p++
|
  ++pe@p
|
  pe@p--
|
  --pe@p
|
  pe@p[E]
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

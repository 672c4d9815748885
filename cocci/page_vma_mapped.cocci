// SPDX-License-Identifier: GPL-2.0-only
/// Set up a page_vma_mapped_walk() with DEFINE_FOLIO_VMA_WALK() and take
/// the folio and the page from the walk, never a PFN.
///
/// The walk looks for the pages of a folio.  It matches present entries
/// by PFN, but migration, device-private and device-exclusive entries by
/// page, because a device-private page has an offset in a device-private
/// address space instead of a PFN.  A walk set up from a PFN, or a PFN
/// read from a walk, mistakes such an offset for a PFN.  Code that only
/// has PFNs (DAX, fbdev deferred I/O) has pfn_mkclean_range() and
/// mapping_wrprotect_range(), which do not use the walk.
///
// Confidence: High
// Copyright: (C) 2026 MM Series Developers.
// Comments: Patch mode replaces pfn_folio() and pfn_to_page() of the
//  walk's PFN with the walk's folio and page.  Open-coded walks and other
//  uses of a PFN in a walk are only reported: set the walk up with
//  DEFINE_FOLIO_VMA_WALK() and compare pages, not PFNs.
//# Exception: mm/page_vma_mapped.c: page_mapped_in_vma() sets up the walk
//#  for a single page of a folio.
// Options: --no-includes --include-headers

virtual patch
virtual context
virtual org
virtual report

@fix depends on patch@
struct page_vma_mapped_walk *pw;
struct page_vma_mapped_walk w;
@@

(
- pfn_folio(pw->pfn)
+ pw->folio
|
- pfn_folio(w.pfn)
+ w.folio
|
- pfn_to_page(pw->pfn)
+ pw->page
|
- pfn_to_page(w.pfn)
+ w.page
)

@defw@
identifier name;
expression list es;
@@

  DEFINE_FOLIO_VMA_WALK(name, es);

@ctxd depends on context@
identifier defw.name;
@@

* name.pfn

@ctx depends on context@
identifier name;
struct page_vma_mapped_walk *pw;
struct page_vma_mapped_walk w;
@@

(
* struct page_vma_mapped_walk name = { ... };
|
* pw->pfn
|
* w.pfn
)

@init depends on org || report@
identifier name;
position p;
@@

  struct page_vma_mapped_walk name@p = { ... };

@pfn depends on org || report@
struct page_vma_mapped_walk *pw;
struct page_vma_mapped_walk w;
position p;
@@

(
  pw->pfn@p
|
  w.pfn@p
)

@pfnd depends on org || report@
identifier defw.name;
position p;
@@

  name.pfn@p

@script:python depends on org@
p << init.p;
@@

coccilib.org.print_todo(p[0], "WARNING: open-coded struct page_vma_mapped_walk: use DEFINE_FOLIO_VMA_WALK()")

@script:python depends on org@
p << pfn.p;
@@

coccilib.org.print_todo(p[0], "WARNING: PFN in a page_vma_mapped_walk: use the walk's folio and page")

@script:python depends on org@
p << pfnd.p;
@@

coccilib.org.print_todo(p[0], "WARNING: PFN in a page_vma_mapped_walk: use the walk's folio and page")

@script:python depends on report@
p << init.p;
@@

coccilib.report.print_report(p[0], "WARNING: open-coded struct page_vma_mapped_walk: use DEFINE_FOLIO_VMA_WALK()")

@script:python depends on report@
p << pfn.p;
@@

coccilib.report.print_report(p[0], "WARNING: PFN in a page_vma_mapped_walk: use the walk's folio and page")

@script:python depends on report@
p << pfnd.p;
@@

coccilib.report.print_report(p[0], "WARNING: PFN in a page_vma_mapped_walk: use the walk's folio and page")

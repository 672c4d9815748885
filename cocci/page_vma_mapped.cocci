// SPDX-License-Identifier: GPL-2.0-only
/// Name the pages of a page_vma_mapped_walk() by page, never by PFN.
///
/// The walk looks for the pages of a folio, given by the walk's folio and
/// page.  A migration, device-private or device-exclusive entry names its
/// page, and for a device-private page that name is an offset in a
/// device-private address space, not a PFN: turning the entry's "PFN" into
/// a page by PFN arithmetic, or setting a walk up from a PFN, goes wrong
/// for it.  Reported:
///
///  - a PFN read from a softleaf entry (softleaf_to_pfn()) that is turned
///    into a page or folio (pfn_to_page(), pfn_folio()) or subtracted from
///    or compared with the PFN of a folio or page: use softleaf_to_page()
///    or softleaf_to_folio(), and folio_page_idx() for an index (the
///    decoders themselves, in include/linux/leafops.h, are left out);
///  - the PFN of a PTE that is subtracted from the PFN of a folio or page
///    inside a page_vma_mapped_walk() loop without a pte_present() test
///    of that PTE first: a non-present entry holds no PFN;
///  - a walk whose folio or page comes from pfn_folio() or pfn_to_page();
///  - a walk set up by hand (an initializer, a compound literal, or its
///    folio, page, nr_pages or pgoff assigned) instead of with
///    DEFINE_FOLIO_VMA_WALK(), except in mm/page_vma_mapped.c, which
///    implements the walk and sets one up for page_mapped_in_vma().
///
// Confidence: Moderate
// Copyright: (C) 2026 MM Series Developers.
// Comments: Matching is syntactic: a PFN carried through other variables or
//  helpers is not followed, and a pte_present() test is recognised only on
//  the same expression.  No patch mode: each fix depends on which page the
//  code holds and on whether it may touch that page (softleaf_to_page()
//  checks that the folio of a migration entry is locked).
// Options: --no-includes --include-headers

virtual context
virtual org
virtual report

// A softleaf entry's PFN turned into a page or folio, or into an index:
// directly, or through a variable.
@leafpfn depends on context || org || report@
expression E, F, P, W;
binary operator b = {-, +, ==, !=, <, >, <=, >=};
position p : script:python() {
	not p[0].file.endswith("include/linux/leafops.h")
};
@@

(
  \(pfn_to_page\|pfn_folio\)(softleaf_to_pfn@p(E))
|
  softleaf_to_pfn@p(E) b \(folio_pfn(F)\|page_to_pfn(P)\|W.pfn\|W->pfn\)
|
  \(folio_pfn(F)\|page_to_pfn(P)\|W.pfn\|W->pfn\) b softleaf_to_pfn@p(E)
)

@leafpfnvar depends on context || org || report exists@
expression E, E2, F, P, W;
identifier pfn;
binary operator b = {-, +, ==, !=, <, >, <=, >=};
position p : script:python() {
	not p[0].file.endswith("include/linux/leafops.h")
};
@@

  pfn = softleaf_to_pfn@p(E);
  ... when != pfn = E2
(
  \(pfn_to_page\|pfn_folio\)(pfn)
|
  pfn b \(folio_pfn(F)\|page_to_pfn(P)\|W.pfn\|W->pfn\)
|
  \(folio_pfn(F)\|page_to_pfn(P)\|W.pfn\|W->pfn\) b pfn
)

@leafpfndecl depends on context || org || report exists@
expression E, E2, F, P, W;
type T;
identifier pfn;
binary operator b = {-, +, ==, !=, <, >, <=, >=};
position p : script:python() {
	not p[0].file.endswith("include/linux/leafops.h")
};
@@

  T pfn = softleaf_to_pfn@p(E);
  ... when != pfn = E2
(
  \(pfn_to_page\|pfn_folio\)(pfn)
|
  pfn b \(folio_pfn(F)\|page_to_pfn(P)\|W.pfn\|W->pfn\)
|
  \(folio_pfn(F)\|page_to_pfn(P)\|W.pfn\|W->pfn\) b pfn
)

// The PFN of a PTE that may not be present, made into an index in a walk:
// directly, or through a variable.
@ptepfn depends on context || org || report exists@
expression w, E, F;
position p;
@@

  while (page_vma_mapped_walk(w)) {
  ... when != pte_present(E)
  pte_pfn@p(E) - folio_pfn(F)
  ... when any
  }

@ptepfnvar depends on context || org || report exists@
identifier pfn;
expression w, E, E2, F;
position p;
@@

  while (page_vma_mapped_walk(w)) {
  ... when != pte_present(E)
  pfn = pte_pfn@p(E);
  ... when != pte_present(E)
      when != pfn = E2
  pfn - folio_pfn(F)
  ... when any
  }

// A walk whose folio or page comes from a PFN.
@frompfn depends on context || org || report@
identifier w;
struct page_vma_mapped_walk *pw;
expression P;
expression list es;
position p;
@@

(
  struct page_vma_mapped_walk w = { ..., .folio = pfn_folio@p(P), ... };
|
  struct page_vma_mapped_walk w = { ..., .page = pfn_to_page@p(P), ... };
|
  DEFINE_FOLIO_VMA_WALK(w, pfn_folio@p(P), es);
|
  w.folio = pfn_folio@p(P)
|
  w.page = pfn_to_page@p(P)
|
  pw->folio = pfn_folio@p(P)
|
  pw->page = pfn_to_page@p(P)
)

// A walk set up by hand.
@byhand depends on context || org || report@
identifier w;
identifier fld = {folio, page, nr_pages, pgoff};
struct page_vma_mapped_walk wv;
struct page_vma_mapped_walk *pw;
expression E;
position p : script:python() {
	p[0].file.lstrip("./") not in ("page_vma_mapped.c", "mm/page_vma_mapped.c")
	and not p[0].file.endswith("/mm/page_vma_mapped.c")
};
@@

(
  struct page_vma_mapped_walk w@p = { ... };
|
  (struct page_vma_mapped_walk)@p { ... }
|
  wv.fld@p = E
|
  pw->fld@p = E
)

@depends on context@
position leafpfn.p;
expression X;
@@

* X@p

@depends on context@
position leafpfnvar.p;
expression X;
@@

* X@p

@depends on context@
position leafpfndecl.p;
expression X;
@@

* X@p

@depends on context@
position ptepfn.p;
expression X;
@@

* X@p

@depends on context@
position ptepfnvar.p;
expression X;
@@

* X@p

@depends on context@
position frompfn.p;
expression X;
@@

* X@p

@depends on context@
identifier w;
identifier fld = {folio, page, nr_pages, pgoff};
struct page_vma_mapped_walk wv;
struct page_vma_mapped_walk *pw;
expression E;
position byhand.p;
@@

(
* struct page_vma_mapped_walk w@p = { ... };
|
* (struct page_vma_mapped_walk)@p { ... }
|
* wv.fld@p = E
|
* pw->fld@p = E
)

@script:python depends on org@
p << leafpfn.p;
@@

coccilib.org.print_todo(p[0], "WARNING: page from a softleaf entry's PFN: use softleaf_to_page() or softleaf_to_folio()")

@script:python depends on org@
p << leafpfnvar.p;
@@

coccilib.org.print_todo(p[0], "WARNING: page from a softleaf entry's PFN: use softleaf_to_page() or softleaf_to_folio()")

@script:python depends on org@
p << leafpfndecl.p;
@@

coccilib.org.print_todo(p[0], "WARNING: page from a softleaf entry's PFN: use softleaf_to_page() or softleaf_to_folio()")

@script:python depends on report@
p << leafpfn.p;
@@

coccilib.report.print_report(p[0], "WARNING: page from a softleaf entry's PFN: use softleaf_to_page() or softleaf_to_folio()")

@script:python depends on report@
p << leafpfnvar.p;
@@

coccilib.report.print_report(p[0], "WARNING: page from a softleaf entry's PFN: use softleaf_to_page() or softleaf_to_folio()")

@script:python depends on report@
p << leafpfndecl.p;
@@

coccilib.report.print_report(p[0], "WARNING: page from a softleaf entry's PFN: use softleaf_to_page() or softleaf_to_folio()")

@script:python depends on org@
p << ptepfn.p;
@@

coccilib.org.print_todo(p[0], "WARNING: PFN of a PTE that may not be present, in a page_vma_mapped_walk() loop: test pte_present() first")

@script:python depends on org@
p << ptepfnvar.p;
@@

coccilib.org.print_todo(p[0], "WARNING: PFN of a PTE that may not be present, in a page_vma_mapped_walk() loop: test pte_present() first")

@script:python depends on report@
p << ptepfn.p;
@@

coccilib.report.print_report(p[0], "WARNING: PFN of a PTE that may not be present, in a page_vma_mapped_walk() loop: test pte_present() first")

@script:python depends on report@
p << ptepfnvar.p;
@@

coccilib.report.print_report(p[0], "WARNING: PFN of a PTE that may not be present, in a page_vma_mapped_walk() loop: test pte_present() first")

@script:python depends on org@
p << frompfn.p;
@@

coccilib.org.print_todo(p[0], "WARNING: page_vma_mapped_walk folio or page from a PFN: use the folio and page the caller holds")

@script:python depends on report@
p << frompfn.p;
@@

coccilib.report.print_report(p[0], "WARNING: page_vma_mapped_walk folio or page from a PFN: use the folio and page the caller holds")

@script:python depends on org@
p << byhand.p;
@@

coccilib.org.print_todo(p[0], "WARNING: struct page_vma_mapped_walk set up by hand: use DEFINE_FOLIO_VMA_WALK()")

@script:python depends on report@
p << byhand.p;
@@

coccilib.report.print_report(p[0], "WARNING: struct page_vma_mapped_walk set up by hand: use DEFINE_FOLIO_VMA_WALK()")

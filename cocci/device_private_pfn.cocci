// SPDX-License-Identifier: GPL-2.0-only
/// Name device pages by page, page id or pgmap index, never by PFN.
///
/// A device-private page is going to be named by an offset in a
/// device-private address space: it has no PFN, and PFN arithmetic on it
/// computes the address of some other memory.  A driver finds the device
/// address of a ZONE_DEVICE page from its index in its dev_pagemap
/// (page_pgmap_index(), pgmap_index_page()), makes migrate pfns with
/// migrate_pfn_from_page(), steps through a folio with folio_page() and
/// decodes migrate and HMM pfns with migrate_pfn_to_page() and
/// hmm_pfn_to_page().  Reported:
///
///  - the PFN of a range of a dev_pagemap (range.start >> PAGE_SHIFT,
///    PHYS_PFN() or PFN_DOWN() of it) and a byte offset against
///    range.start: use page_pgmap_index() or pgmap_index_page();
///  - migrate_pfn() of page_to_pfn() or folio_pfn(), directly or through
///    a variable: use migrate_pfn_from_page() (patch mode converts the
///    direct forms);
///  - a page or an index by PFN arithmetic: pfn_to_page() of
///    page_to_pfn() (+ an offset), folio_pfn() or page_to_pfn()
///    differences: use the page, folio_page() or folio_page_idx();
///  - a migrate or HMM pfn decoded by hand (>> MIGRATE_PFN_SHIFT,
///    pfn_to_page() of a migrate array entry, an HMM pfn shifted into an
///    address): use migrate_pfn_to_page(), hmm_pfn_to_page() or
///    page_id_to_page().
///
// Confidence: Moderate
// Copyright: (C) 2026 MM Series Developers.
// Comments: Matching is syntactic and --no-includes knows no types: a
//  "range" field of another structure, or arithmetic on the PFN of a
//  system page written in the same shape, is reported too; a PFN carried
//  through other variables or helpers is not followed (xe kept its pgmap's
//  base in a field of its own, which no rule can link to the pgmap).  Left
//  out: the code that defines the encodings (include/linux/migrate.h,
//  include/linux/hmm.h, mm/migrate_device.c) and their KUnit test.
// Options: --no-includes --include-headers

virtual patch
virtual context
virtual org
virtual report

// The code that defines migrate and HMM pfns (the decoders, and
// migrate_device.c, which builds them from page ids), and the KUnit test
// of the encodings.
@initialize:python@
@@
def outside_encoders(p):
    return not p[0].file.endswith(("include/linux/migrate.h",
                                   "include/linux/hmm.h",
                                   "mm/migrate_device.c",
                                   "mm/tests/device_private_kunit.c"))

// The PFN of a dev_pagemap range.
@rangepfn depends on context || org || report@
expression E;
identifier fld = {start, end};
identifier pfnof = {PHYS_PFN, PFN_DOWN};
position p : script:python() { outside_encoders(p) };
@@

(
  E@p.range.fld >> PAGE_SHIFT
|
  E@p->range.fld >> PAGE_SHIFT
|
  pfnof@p(E.range.fld)
|
  pfnof@p(E->range.fld)
)

// A range being set up from its start is not an offset either.
@rangeset depends on context || org || report@
expression E, E2, X;
position q;
@@

(
  E2.range.end = <+... X@q + E.range.start ...+>
|
  E2->range.end = <+... X@q + E->range.start ...+>
)

// A byte offset against the start of a range.  A range's length is not
// an offset: the first branch takes it, without a position.  Addition is
// commutative (standard isomorphisms), so one order covers both.
@rangeoff depends on context || org || report@
expression E, X;
position p != rangeset.q;
@@

(
  E.range.end - E.range.start
|
  E->range.end - E->range.start
|
  X@p - E.range.start
|
  X@p - E->range.start
|
  X@p + E.range.start
|
  X@p + E->range.start
)

// A migrate pfn made from a PFN.
@mkpfn depends on patch && !context && !org && !report@
expression P, F;
position p : script:python() { outside_encoders(p) };
@@

(
- migrate_pfn@p(page_to_pfn(P))
+ migrate_pfn_from_page(P)
|
- migrate_pfn@p(folio_pfn(F))
+ migrate_pfn_from_page(folio_page(F, 0))
)

@mkpfnr depends on context || org || report@
expression P;
position p : script:python() { outside_encoders(p) };
@@

  migrate_pfn@p(\(page_to_pfn\|folio_pfn\)(P))

@mkpfnvar depends on context || org || report exists@
expression P, E2;
identifier pfn;
type T;
position p : script:python() { outside_encoders(p) };
@@

(
  pfn = \(page_to_pfn\|folio_pfn\)(P);
|
  T pfn = \(page_to_pfn\|folio_pfn\)(P);
)
  ... when != pfn = E2
  migrate_pfn@p(pfn)

// A page or an index by PFN arithmetic.
@pfnarith depends on context || org || report@
expression P, P2, F, F2, I;
position p : script:python() { outside_encoders(p) };
@@

(
  pfn_to_page@p(page_to_pfn(P) + I)
|
  pfn_to_page@p(page_to_pfn(P))
|
  folio_pfn@p(F) - folio_pfn(F2)
|
  page_to_pfn@p(P) - page_to_pfn(P2)
)

// A migrate or HMM pfn decoded by hand.
@rawpfn depends on context || org || report@
expression E, I;
identifier hp =~ "hmm_pfns?$";
identifier arr = {src, dst};
position p : script:python() { outside_encoders(p) };
@@

(
  E@p >> MIGRATE_PFN_SHIFT
|
  pfn_to_page@p(E.arr[I])
|
  pfn_to_page@p(E->arr[I])
|
  hp@p[I] << PAGE_SHIFT
|
  E@p->hp[I] << PAGE_SHIFT
|
  E@p.hp[I] << PAGE_SHIFT
)

@depends on context@
position p = {rangepfn.p, rangeoff.p, mkpfnr.p, mkpfnvar.p, pfnarith.p,
	      rawpfn.p};
expression X;
@@

* X@p

@script:python depends on org@
p << rangepfn.p;
@@
coccilib.org.print_todo(p[0], "PFN of a dev_pagemap range: use page_pgmap_index() or pgmap_index_page()")

@script:python depends on report@
p << rangepfn.p;
@@
coccilib.report.print_report(p[0], "PFN of a dev_pagemap range: use page_pgmap_index() or pgmap_index_page()")

@script:python depends on org@
p << rangeoff.p;
@@
coccilib.org.print_todo(p[0], "offset against a dev_pagemap range: use page_pgmap_index() or pgmap_index_page()")

@script:python depends on report@
p << rangeoff.p;
@@
coccilib.report.print_report(p[0], "offset against a dev_pagemap range: use page_pgmap_index() or pgmap_index_page()")

@script:python depends on org@
p << mkpfnr.p;
@@
coccilib.org.print_todo(p[0], "migrate pfn from a PFN: use migrate_pfn_from_page()")

@script:python depends on report@
p << mkpfnr.p;
@@
coccilib.report.print_report(p[0], "migrate pfn from a PFN: use migrate_pfn_from_page()")

@script:python depends on org@
p << mkpfnvar.p;
@@
coccilib.org.print_todo(p[0], "migrate pfn from a PFN: use migrate_pfn_from_page()")

@script:python depends on report@
p << mkpfnvar.p;
@@
coccilib.report.print_report(p[0], "migrate pfn from a PFN: use migrate_pfn_from_page()")

@script:python depends on org@
p << pfnarith.p;
@@
coccilib.org.print_todo(p[0], "page or index by PFN arithmetic: use the page, folio_page() or folio_page_idx()")

@script:python depends on report@
p << pfnarith.p;
@@
coccilib.report.print_report(p[0], "page or index by PFN arithmetic: use the page, folio_page() or folio_page_idx()")

@script:python depends on org@
p << rawpfn.p;
@@
coccilib.org.print_todo(p[0], "migrate or HMM pfn decoded by hand: use migrate_pfn_to_page(), hmm_pfn_to_page() or page_id_to_page()")

@script:python depends on report@
p << rawpfn.p;
@@
coccilib.report.print_report(p[0], "migrate or HMM pfn decoded by hand: use migrate_pfn_to_page(), hmm_pfn_to_page() or page_id_to_page()")

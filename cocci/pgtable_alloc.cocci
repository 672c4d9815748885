// SPDX-License-Identifier: GPL-2.0-only
/// Allocate and free kernel page tables with pgtable_alloc() and
/// pgtable_free(), not with get_zeroed_page(), __get_free_page(),
/// __get_free_pages(), free_page() or free_pages().
///
/// Page tables from the raw page allocator are not ptdescs: they are not
/// accounted as page tables, not marked as kernel page tables, and skip
/// the deferred free that CONFIG_ASYNC_KERNEL_PGTABLE_FREE gives kernel
/// page tables for IOMMUs that walk them.  Memory counts as a page table
/// when it is assigned to a pgd_t, p4d_t, pud_t, pmd_t or pte_t pointer
/// (directly or through a structure field), or when its address is
/// installed in a page table entry with set_pgd/p4d/pud/pmd() or a
/// p?d_populate*() helper.  pgtable_alloc() always zeroes.
///
// Confidence: Moderate
// Copyright: (C) 2026 MM Series Developers.
// Comments: Not for user page tables (pgd_alloc(), pte_alloc_one() and
//  friends, which account them to the task) nor for memory that must come
//  from a particular place (kexec control pages, early boot allocators).
//# Not reported: functions named *pgd_alloc or *pgd_free, which allocate the
//#  pgd of a user mm: powerpc's radix__pgd_alloc()/radix__pgd_free() and the
//#  Xen PV user-mode pgd in xen_pgd_alloc()/xen_pgd_free().  Those are user
//#  page tables, accounted to the mm, and must not take the kernel page
//#  table free path.
//# Not found: page tables reached only through a helper's return value,
//#  such as x86's spp_getpage(), whose callers install the page.
// Options: --no-includes --include-headers

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@
import re

# pgd_alloc()/pgd_free() implementations allocate the pgd of a user mm.
USER_PGD = re.compile(r"pgd_(alloc|free)$")
seen = set()

def allowed(pos):
    """Not in an implementation of pgd_alloc() or pgd_free()."""
    return not USER_PGD.search(pos[0].current_element)

def once(p, msg, org):
    """Several rules can find one call: report each place once."""
    key = (p.file, p.line, p.column)
    if key in seen or not allowed([p]):
        return
    seen.add(key)
    if org:
        coccilib.org.print_todo(p, msg)
    else:
        coccilib.report.print_report(p, msg)

ALLOC = "WARNING: page table from the page allocator: use pgtable_alloc()"
FREE = "WARNING: page table freed to the page allocator: use pgtable_free()"

// Memory assigned to a page table pointer.
@typed depends on !patch@
typedef pgd_t, p4d_t, pud_t, pmd_t, pte_t;
{pgd_t *, p4d_t *, pud_t *, pmd_t *, pte_t *} p;
expression gfp, order;
type T;
position pos;
@@
(
 p = (T)get_zeroed_page@pos(gfp)
|
 p = (T)__get_free_page@pos(gfp)
|
 p = (T)__get_free_pages@pos(gfp, order)
)

@typed_decl depends on !patch@
typedef pgd_t, p4d_t, pud_t, pmd_t, pte_t;
type T;
type PT = {pgd_t *, p4d_t *, pud_t *, pmd_t *, pte_t *};
identifier p;
expression gfp, order;
position pos != typed.pos;
@@
(
 PT p = (T)get_zeroed_page@pos(gfp);
|
 PT p = (T)__get_free_page@pos(gfp);
|
 PT p = (T)__get_free_pages@pos(gfp, order);
)

// Memory cast to a page table pointer, e.g. stored in a structure field.
@cast depends on !patch disable drop_cast@
typedef pgd_t, p4d_t, pud_t, pmd_t, pte_t;
type PT = {pgd_t *, p4d_t *, pud_t *, pmd_t *, pte_t *};
expression gfp, order;
position pos != {typed.pos, typed_decl.pos};
@@
(
 (PT)get_zeroed_page@pos(gfp)
|
 (PT)__get_free_page@pos(gfp)
|
 (PT)__get_free_pages@pos(gfp, order)
)

// Memory whose address is installed in a page table entry.
@installed depends on !patch exists@
expression x, gfp, order, E;
identifier setter =~ "^(set_(pgd|p4d|pud|pmd)|(pgd|p4d|pud|pmd)_populate(_kernel)?(_safe)?)$";
position pos != {typed.pos, typed_decl.pos, cast.pos};
@@
(
 x = get_zeroed_page@pos(gfp)
|
 x = __get_free_page@pos(gfp)
|
 x = __get_free_pages@pos(gfp, order)
)
 ... when != x = E
 setter(..., <+... x ...+>, ...)

@installed_decl depends on !patch exists@
identifier x, setter =~ "^(set_(pgd|p4d|pud|pmd)|(pgd|p4d|pud|pmd)_populate(_kernel)?(_safe)?)$";
expression gfp, order, E;
type T;
position pos != {typed.pos, typed_decl.pos, cast.pos, installed.pos};
@@
(
 T x = get_zeroed_page@pos(gfp);
|
 T x = __get_free_page@pos(gfp);
|
 T x = __get_free_pages@pos(gfp, order);
)
 ... when != x = E
 setter(..., <+... x ...+>, ...)

// Fields that hold page tables.
@pt_field@
typedef pgd_t, p4d_t, pud_t, pmd_t, pte_t;
{pgd_t *, p4d_t *, pud_t *, pmd_t *, pte_t *} p;
expression E;
identifier fld;
@@
(
 E.fld = p
|
 E->fld = p
)

// Page tables given back to the raw page allocator.
@freed depends on !patch@
typedef pgd_t, p4d_t, pud_t, pmd_t, pte_t;
{pgd_t *, p4d_t *, pud_t *, pmd_t *, pte_t *} p;
identifier vaddr =~ "^(pgd_page_vaddr|p4d_pgtable|pud_pgtable|pmd_page_vaddr)$";
expression order;
position pos;
@@
(
 free_page@pos((unsigned long)p)
|
 free_pages@pos((unsigned long)p, order)
|
 free_page@pos((unsigned long)vaddr(...))
)

@freed_field depends on !patch@
identifier pt_field.fld;
expression E, order;
position pos != freed.pos;
@@
(
 free_page@pos((unsigned long)E.fld)
|
 free_page@pos((unsigned long)E->fld)
|
 free_pages@pos((unsigned long)E.fld, order)
|
 free_pages@pos((unsigned long)E->fld, order)
)

// ----------------------------------------------------------------------
// patch: the same patterns, rewritten.  Each rule sees the code the rules
// before it left, so a call that two patterns match is rewritten once.

@depends on patch@
position ok : script:python() { allowed(ok) };
typedef pgd_t, p4d_t, pud_t, pmd_t, pte_t;
{pgd_t *, p4d_t *, pud_t *, pmd_t *, pte_t *} p;
expression gfp, order;
type T;
@@
(
- p = (T)get_zeroed_page@ok(gfp)
+ p = pgtable_alloc(gfp, 0)
|
- p = (T)__get_free_page@ok(gfp)
+ p = pgtable_alloc(gfp, 0)
|
- p = (T)__get_free_pages@ok(gfp, order)
+ p = pgtable_alloc(gfp, order)
)

@depends on patch@
position ok : script:python() { allowed(ok) };
typedef pgd_t, p4d_t, pud_t, pmd_t, pte_t;
type T;
type PT = {pgd_t *, p4d_t *, pud_t *, pmd_t *, pte_t *};
identifier p;
expression gfp, order;
@@
(
- PT p = (T)get_zeroed_page@ok(gfp);
+ PT p = pgtable_alloc(gfp, 0);
|
- PT p = (T)__get_free_page@ok(gfp);
+ PT p = pgtable_alloc(gfp, 0);
|
- PT p = (T)__get_free_pages@ok(gfp, order);
+ PT p = pgtable_alloc(gfp, order);
)

@depends on patch disable drop_cast@
position ok : script:python() { allowed(ok) };
typedef pgd_t, p4d_t, pud_t, pmd_t, pte_t;
type PT = {pgd_t *, p4d_t *, pud_t *, pmd_t *, pte_t *};
expression gfp, order;
@@
(
- (PT)get_zeroed_page@ok(gfp)
+ pgtable_alloc(gfp, 0)
|
- (PT)__get_free_page@ok(gfp)
+ pgtable_alloc(gfp, 0)
|
- (PT)__get_free_pages@ok(gfp, order)
+ pgtable_alloc(gfp, order)
)

// An unsigned long held the page table; pgtable_alloc() returns a pointer.
@depends on patch exists@
position ok : script:python() { allowed(ok) };
identifier x, setter =~ "^(set_(pgd|p4d|pud|pmd)|(pgd|p4d|pud|pmd)_populate(_kernel)?(_safe)?)$";
expression gfp, order, E;
@@
(
- unsigned long x = get_zeroed_page@ok(gfp);
+ void *x = pgtable_alloc(gfp, 0);
|
- unsigned long x = __get_free_page@ok(gfp);
+ void *x = pgtable_alloc(gfp, 0);
|
- unsigned long x = __get_free_pages@ok(gfp, order);
+ void *x = pgtable_alloc(gfp, order);
)
 ... when != x = E
 setter(..., <+... x ...+>, ...)

@depends on patch exists@
position ok : script:python() { allowed(ok) };
expression x, gfp, order, E;
identifier setter =~ "^(set_(pgd|p4d|pud|pmd)|(pgd|p4d|pud|pmd)_populate(_kernel)?(_safe)?)$";
@@
(
- x = get_zeroed_page@ok(gfp)
+ x = pgtable_alloc(gfp, 0)
|
- x = __get_free_page@ok(gfp)
+ x = pgtable_alloc(gfp, 0)
|
- x = __get_free_pages@ok(gfp, order)
+ x = pgtable_alloc(gfp, order)
)
 ... when != x = E
 setter(..., <+... x ...+>, ...)

@depends on patch@
position ok : script:python() { allowed(ok) };
typedef pgd_t, p4d_t, pud_t, pmd_t, pte_t;
{pgd_t *, p4d_t *, pud_t *, pmd_t *, pte_t *} p;
identifier vaddr =~ "^(pgd_page_vaddr|pmd_page_vaddr)$";
identifier table =~ "^(p4d_pgtable|pud_pgtable)$";
expression order, E;
@@
(
- free_page@ok((unsigned long)p)
+ pgtable_free(p)
|
- free_pages@ok((unsigned long)p, order)
+ pgtable_free(p)
|
- free_page@ok((unsigned long)vaddr(E))
+ pgtable_free((void *)vaddr(E))
|
- free_page@ok((unsigned long)table(E))
+ pgtable_free(table(E))
)

@depends on patch@
position ok : script:python() { allowed(ok) };
identifier pt_field.fld;
expression E, order;
@@
(
- free_page@ok((unsigned long)E.fld)
+ pgtable_free(E.fld)
|
- free_page@ok((unsigned long)E->fld)
+ pgtable_free(E->fld)
|
- free_pages@ok((unsigned long)E.fld, order)
+ pgtable_free(E.fld)
|
- free_pages@ok((unsigned long)E->fld, order)
+ pgtable_free(E->fld)
)

// ----------------------------------------------------------------------
// context, org, report

@depends on context@
position p1 = {typed.pos, typed_decl.pos, cast.pos, installed.pos,
	       installed_decl.pos, freed.pos, freed_field.pos};
position ok : script:python() { allowed(ok) };
identifier f;
@@
* f@p1@ok(...)

@script:python depends on org@
p1 << typed.pos;
@@
once(p1[0], ALLOC, True)

@script:python depends on org@
p1 << typed_decl.pos;
@@
once(p1[0], ALLOC, True)

@script:python depends on org@
p1 << installed.pos;
@@
once(p1[0], ALLOC, True)

@script:python depends on org@
p1 << installed_decl.pos;
@@
once(p1[0], ALLOC, True)

@script:python depends on org@
p1 << freed.pos;
@@
once(p1[0], FREE, True)

@script:python depends on report@
p1 << typed.pos;
@@
once(p1[0], ALLOC, False)

@script:python depends on report@
p1 << typed_decl.pos;
@@
once(p1[0], ALLOC, False)

@script:python depends on report@
p1 << installed.pos;
@@
once(p1[0], ALLOC, False)

@script:python depends on report@
p1 << installed_decl.pos;
@@
once(p1[0], ALLOC, False)

@script:python depends on report@
p1 << freed.pos;
@@
once(p1[0], FREE, False)

@script:python depends on org@
p1 << freed_field.pos;
@@
once(p1[0], FREE, True)

@script:python depends on report@
p1 << freed_field.pos;
@@
once(p1[0], FREE, False)

@script:python depends on org@
p1 << cast.pos;
@@
once(p1[0], ALLOC, True)

@script:python depends on report@
p1 << cast.pos;
@@
once(p1[0], ALLOC, False)

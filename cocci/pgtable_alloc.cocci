// SPDX-License-Identifier: GPL-2.0-only
/// Allocate and free kernel page tables with pgtable_alloc() and
/// pgtable_free(), not with get_zeroed_page(), __get_free_page(),
/// __get_free_pages(), alloc_page(), free_page() or free_pages().
///
/// Page tables from the raw page allocator are not ptdescs: they are not
/// accounted as page tables, not marked as kernel page tables, and skip
/// the deferred free that CONFIG_ASYNC_KERNEL_PGTABLE_FREE gives kernel
/// page tables for IOMMUs that walk them.  Memory counts as a page table
/// when it is assigned to a pgd_t, p4d_t, pud_t, pmd_t or pte_t pointer
/// (directly, through a cast or from a helper that returns it), or when
/// it is installed as a table: by a p?d_populate*() helper, or by
/// set_pgd/p4d/pud/pmd() with an entry made with a *TABLE* protection
/// (a leaf mapping such as PAGE_KERNEL_LARGE does not count).
///
/// There is no patch mode.  Converting an allocation is only right
/// together with every free of that memory, and those can be anywhere:
/// after the pointer was passed to a function, stored in a structure
/// (whose field name other structures share) or returned; a table freed
/// through a pXd_page_vaddr() entry may come from p4d_alloc() and the
/// like and want their pXd_free(); free_page() of part of a larger table
/// must become one pgtable_free().  Every attempt at a rule for "matched
/// pairs" still converted some of those, so the script only reports and
/// a human converts: pgtable_alloc(gfp, order) for the allocation (it
/// always zeroes), pgtable_free() for every free of it.
///
// Confidence: Moderate
// Copyright: (C) 2026 MM Series Developers.
// Comments: Not for user page tables (pgd_alloc(), pte_alloc_one() and
//  friends, which account them to the task) nor for memory that must come
//  from a particular place (kexec control pages, early boot allocators).
//# Left alone by function, because the memory is not a kernel
//#  page table or cannot come from pgtable_alloc() (the NOT_KERNEL table):
//#  radix__pgd_alloc()/radix__pgd_free() (powerpc): the pgd of a user mm.
//#  xen_pgd_alloc()/xen_pgd_free() (x86 Xen PV): the user-mode half of a
//#   user mm's pgd pair, pinned by the hypervisor; not accounted either.
//#  kvm_pgd_alloc() (MIPS KVM), kvm_arch_init_vm()/kvm_arch_destroy_vm()
//#   in arch/loongarch/kvm/vm.c (by file: the names are generic): the
//#   guest-physical table of a VM.
//#  init_espfix_ap() (x86): node-local tables from alloc_pages_node(),
//#   never freed; pgtable_alloc() has no node argument.
//#  vmem_crst_alloc()/vmem_alloc_pages() (s390): one allocator for
//#   region/segment tables and vmemmap data blocks, tables initialised
//#   to empty entries rather than zero.
//#  __split_linear_mapping_{pmd,pud,p4d}() (riscv): tables that split the
//#   linear map, from alloc_page(), never freed; riscv has no deferred
//#   free of kernel page tables, so only the accounting would change.
//#  alloc_p2m_page() (x86 Xen PV): one helper for the pages of the p2m tree
//#   and the PTE tables that map it, freed through free_p2m_page() for both.
// Options: --no-includes --include-headers

virtual context
virtual org
virtual report

@initialize:python@
@@
import re

# Functions whose memory is no kernel page table from pgtable_alloc(), and
# why (the //# lines above say more).
NOT_KERNEL = {
    "radix__pgd_alloc": "the pgd of a user mm",
    "radix__pgd_free": "the pgd of a user mm",
    "xen_pgd_alloc": "the user pgd of a Xen PV mm",
    "xen_pgd_free": "the user pgd of a Xen PV mm",
    "kvm_pgd_alloc": "a KVM guest-physical table",
    "init_espfix_ap": "node-local tables, never freed",
    "vmem_crst_alloc": "s390 CRST tables and vmemmap data",
    "vmem_alloc_pages": "s390 CRST tables and vmemmap data",
    "__split_linear_mapping_pmd": "riscv linear map splits, never freed",
    "__split_linear_mapping_pud": "riscv linear map splits, never freed",
    "__split_linear_mapping_p4d": "riscv linear map splits, never freed",
    "alloc_p2m_page": "Xen p2m pages and the tables that map them",
}
# The same for generic names, by file and function.
NOT_KERNEL_AT = {
    ("arch/loongarch/kvm/vm.c", "kvm_arch_init_vm"): "a KVM guest-physical table",
    ("arch/loongarch/kvm/vm.c", "kvm_arch_destroy_vm"): "a KVM guest-physical table",
}
seen = set()
# Allocations whose address is installed as a table (not as a leaf).
TABLES = set()

def key(pos):
    return (pos[0].file, pos[0].line, pos[0].column)

def table(pos):
    return key(pos) in TABLES and allowed(pos)


def allowed(pos):
    """Not in a function that NOT_KERNEL or NOT_KERNEL_AT leaves alone."""
    func = pos[0].current_element
    if func in NOT_KERNEL:
        return False
    path = pos[0].file
    return not any(path.endswith(f) and func == fn for f, fn in NOT_KERNEL_AT)

def as_table(setter, args, names):
    """setter(args) installs one of names as a table, not as a leaf."""
    # Coccinelle prints code with blanks between the tokens.
    args = re.sub(r"\s+", "", str(args))
    names = [re.sub(r"\s+", "", str(n)) for n in names]
    setter = str(setter)
    if not any(re.search(r"(?<!\w)%s(?!\w)" % re.escape(n), args)
               for n in names):
        return False
    return "populate" in setter or re.search(r"[A-Z_]*TABLE[A-Z_]*", args)

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
VADDR = ("WARNING: page table reached through an entry freed to the page "
         "allocator: free it with the matching pXd_free() or pgtable_free()")

// Memory assigned to a page table pointer.
@typed@
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

@typed_decl@
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
@cast disable drop_cast@
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

// Memory whose address is installed in a page table entry, as a table.
@installed exists@
expression x, gfp, order, E;
type T;
identifier setter =~ "^(set_(pgd|p4d|pud|pmd)|(pgd|p4d|pud|pmd)_populate(_kernel)?(_safe)?)$";
expression list args;
position pos != {typed.pos, typed_decl.pos, cast.pos};
@@
(
 x = get_zeroed_page@pos(gfp)
|
 x = __get_free_page@pos(gfp)
|
 x = __get_free_pages@pos(gfp, order)
|
 x = (T)get_zeroed_page@pos(gfp)
|
 x = (T)__get_free_page@pos(gfp)
|
 x = (T)__get_free_pages@pos(gfp, order)
)
 ... when != x = E
 setter(args)

@script:python@
x << installed.x;
setter << installed.setter;
args << installed.args;
pos << installed.pos;
@@
if as_table(setter, args, [x]):
    TABLES.add(key(pos))

@installed_decl exists@
identifier x, setter =~ "^(set_(pgd|p4d|pud|pmd)|(pgd|p4d|pud|pmd)_populate(_kernel)?(_safe)?)$";
expression gfp, order, E;
expression list args;
type T, T2;
position pos != {typed.pos, typed_decl.pos, cast.pos};
@@
(
 T x = get_zeroed_page@pos(gfp);
|
 T x = __get_free_page@pos(gfp);
|
 T x = __get_free_pages@pos(gfp, order);
|
 T x = (T2)get_zeroed_page@pos(gfp);
|
 T x = (T2)__get_free_page@pos(gfp);
|
 T x = (T2)__get_free_pages@pos(gfp, order);
)
 ... when != x = E
 setter(args)

@script:python@
x << installed_decl.x;
setter << installed_decl.setter;
args << installed_decl.args;
pos << installed_decl.pos;
@@
if as_table(setter, args, [x]):
    TABLES.add(key(pos))

// A struct page from alloc_page*() whose address is installed as a table.
@page_installed exists@
expression pg, E;
identifier alloc =~ "^alloc_pages?(_node)?$";
identifier setter =~ "^(set_(pgd|p4d|pud|pmd)|(pgd|p4d|pud|pmd)_populate(_kernel)?(_safe)?)$";
expression list args;
position pos;
@@
 pg = alloc@pos(...)
 ... when != pg = E
 setter(args)

@script:python@
pg << page_installed.pg;
setter << page_installed.setter;
args << page_installed.args;
pos << page_installed.pos;
@@
if as_table(setter, args, ["page_address(%s)" % pg, "page_to_pfn(%s)" % pg,
                           "page_to_phys(%s)" % pg]):
    TABLES.add(key(pos))

@page_typed disable drop_cast exists@
typedef pgd_t, p4d_t, pud_t, pmd_t, pte_t;
type PT = {pgd_t *, p4d_t *, pud_t *, pmd_t *, pte_t *};
expression pg, E;
identifier alloc =~ "^alloc_pages?(_node)?$";
position pos != page_installed.pos;
@@
 pg = alloc@pos(...)
 ... when != pg = E
 (PT)page_address(pg)

// A helper that returns memory from the page allocator, used as a table.
@helper exists@
identifier f;
type T;
expression gfp, order, ptr, E;
position pos;
@@
f(...)
{
<+...
(
 return (T)get_zeroed_page@pos(gfp);
|
 return (T)__get_free_page@pos(gfp);
|
 return (T)__get_free_pages@pos(gfp, order);
|
 ptr = (T)get_zeroed_page@pos(gfp)
 ... when != ptr = E
 return ptr;
|
 ptr = (T)__get_free_page@pos(gfp)
 ... when != ptr = E
 return ptr;
|
 ptr = (T)__get_free_pages@pos(gfp, order)
 ... when != ptr = E
 return ptr;
)
...+>
}

@helper_use disable drop_cast@
typedef pgd_t, p4d_t, pud_t, pmd_t, pte_t;
identifier helper.f;
type PT = {pgd_t *, p4d_t *, pud_t *, pmd_t *, pte_t *};
{pgd_t *, p4d_t *, pud_t *, pmd_t *, pte_t *} p;
identifier q;
type T;
@@
(
 PT q = (T)f(...);
|
 PT q = f(...);
|
 p = (T)f(...)
|
 p = f(...)
)

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
@freed@
typedef pgd_t, p4d_t, pud_t, pmd_t, pte_t;
{pgd_t *, p4d_t *, pud_t *, pmd_t *, pte_t *} p;
expression order;
position pos;
@@
(
 free_page@pos((unsigned long)p)
|
 free_pages@pos((unsigned long)p, order)
)

@freed_field@
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

@freed_vaddr@
identifier vaddr =~ "^(pgd_page_vaddr|p4d_pgtable|pud_pgtable|pmd_page_vaddr)$";
position pos;
@@
 free_page@pos((unsigned long)vaddr(...))

// ----------------------------------------------------------------------
// context, org, report

@depends on context@
position p1 = {typed.pos, typed_decl.pos, cast.pos, page_typed.pos,
	       helper.pos, freed.pos, freed_field.pos, freed_vaddr.pos};
position ok : script:python() { allowed(ok) };
identifier f;
@@
* f@p1@ok(...)

@depends on context@
position p1 = {installed.pos, installed_decl.pos, page_installed.pos};
position ok : script:python() { table(ok) };
identifier f;
@@
* f@p1@ok(...)

@script:python depends on org@
p1 << typed.pos;
@@
once(p1[0], ALLOC, True)

@script:python depends on report@
p1 << typed.pos;
@@
once(p1[0], ALLOC, False)

@script:python depends on org@
p1 << typed_decl.pos;
@@
once(p1[0], ALLOC, True)

@script:python depends on report@
p1 << typed_decl.pos;
@@
once(p1[0], ALLOC, False)

@script:python depends on org@
p1 << cast.pos;
@@
once(p1[0], ALLOC, True)

@script:python depends on report@
p1 << cast.pos;
@@
once(p1[0], ALLOC, False)

@script:python depends on org@
p1 << installed.pos;
@@
if table(p1):
    once(p1[0], ALLOC, True)

@script:python depends on report@
p1 << installed.pos;
@@
if table(p1):
    once(p1[0], ALLOC, False)

@script:python depends on org@
p1 << installed_decl.pos;
@@
if table(p1):
    once(p1[0], ALLOC, True)

@script:python depends on report@
p1 << installed_decl.pos;
@@
if table(p1):
    once(p1[0], ALLOC, False)

@script:python depends on org@
p1 << page_installed.pos;
@@
if table(p1):
    once(p1[0], ALLOC, True)

@script:python depends on report@
p1 << page_installed.pos;
@@
if table(p1):
    once(p1[0], ALLOC, False)

@script:python depends on org@
p1 << page_typed.pos;
@@
once(p1[0], ALLOC, True)

@script:python depends on report@
p1 << page_typed.pos;
@@
once(p1[0], ALLOC, False)

@script:python depends on org@
p1 << helper.pos;
q << helper_use.q;
@@
once(p1[0], ALLOC, True)

@script:python depends on report@
p1 << helper.pos;
q << helper_use.q;
@@
once(p1[0], ALLOC, False)

@script:python depends on org@
p1 << helper.pos;
p << helper_use.p;
@@
once(p1[0], ALLOC, True)

@script:python depends on report@
p1 << helper.pos;
p << helper_use.p;
@@
once(p1[0], ALLOC, False)

@script:python depends on org@
p1 << freed.pos;
@@
once(p1[0], FREE, True)

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
p1 << freed_vaddr.pos;
@@
once(p1[0], VADDR, True)

@script:python depends on report@
p1 << freed_vaddr.pos;
@@
once(p1[0], VADDR, False)


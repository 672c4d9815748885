// SPDX-License-Identifier: GPL-2.0
/* Fixture for cocci/page_vma_mapped.cocci: what it must and must not report. */

/* A walk set up from a PFN range, as the PFN-range write protection did. */
static int wrprotect_one(struct vm_area_struct *vma, unsigned long address,
			 unsigned long pfn, unsigned long nr_pages)
{
	struct page_vma_mapped_walk pvmw = {
		.pfn		= pfn,
		.nr_pages	= nr_pages,
		.vma		= vma,
		.address	= address,
		.flags		= PVMW_SYNC,
	};

	return page_vma_mkclean_one(&pvmw);
}

/* The folio taken back from the walk's PFN. */
static bool look_around(struct page_vma_mapped_walk *pvmw)
{
	struct folio *folio = pfn_folio(pvmw->pfn);

	return folio_test_anon(folio);
}

/* PFN arithmetic on a walk set up with the macro. */
static unsigned long entry_index(struct folio *folio,
				 struct vm_area_struct *vma,
				 unsigned long addr, softleaf_t entry)
{
	DEFINE_FOLIO_VMA_WALK(pvmw, folio, vma, addr, PVMW_MIGRATION);

	return softleaf_to_pfn(entry) - pvmw.pfn;
}

/* Not reported: the macro, the walk's folio and page, other types' pfn. */
static bool fine(struct folio *folio, struct vm_area_struct *vma,
		 unsigned long addr, struct vm_fault *vmf)
{
	DEFINE_FOLIO_VMA_WALK(pvmw, folio, vma, addr, 0);
	struct page_snapshot ps = { .pfn = vmf->pfn };

	while (page_vma_mapped_walk(&pvmw))
		if (pvmw.page == folio_page(pvmw.folio, 0))
			return ps.pfn != 0;
	return false;
}

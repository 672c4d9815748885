// SPDX-License-Identifier: GPL-2.0
/*
 * Fixture for cocci/page_vma_mapped.cocci: the forms it must report
 * (positive, "+" in the comment above each) and those it must not
 * (negative, "-").
 */

/* + A device-private entry's page by its PFN, as try_to_unmap_one() had. */
static struct page *pos_leaf_var(struct folio *folio, pte_t pteval)
{
	unsigned long pfn;

	if (pte_present(pteval)) {
		pfn = pte_pfn(pteval);
	} else {
		const softleaf_t entry = softleaf_from_pte(pteval);

		pfn = softleaf_to_pfn(entry);
	}
	return folio_page(folio, pfn - folio_pfn(folio));
}

/* + An index from the entry's PFN, as remove_migration_pte() had. */
static unsigned long pos_leaf_index(struct folio *folio, softleaf_t entry)
{
	return softleaf_to_pfn(entry) - folio_pfn(folio);
}

/* + The same against the walk's PFN, as remove_migration_pte() had in 7.3. */
static unsigned long pos_leaf_walk(struct folio *folio,
				   struct vm_area_struct *vma,
				   unsigned long addr, softleaf_t entry)
{
	DEFINE_FOLIO_VMA_WALK(pvmw, folio, vma, addr, PVMW_MIGRATION);

	return softleaf_to_pfn(entry) - pvmw.pfn;
}

/* + softleaf_to_page() and softleaf_to_folio() open-coded. */
static bool pos_leaf_open(softleaf_t entry, struct page *page)
{
	return pfn_to_page(softleaf_to_pfn(entry)) == page ||
	       folio_test_large(pfn_folio(softleaf_to_pfn(entry)));
}

/* + The PFN in a declaration, and an ordered comparison. */
static bool pos_leaf_decl(struct folio *folio, softleaf_t entry)
{
	unsigned long pfn = softleaf_to_pfn(entry);

	return pfn < folio_pfn(folio);
}

/* + A comparison of the entry's PFN with a page's. */
static bool pos_leaf_compare(softleaf_t entry, struct page *page)
{
	return page_to_pfn(page) == softleaf_to_pfn(entry);
}

/* + The PFN of a PTE of the walk that was never tested for presence. */
static void pos_pte_pfn(struct folio *folio, struct vm_area_struct *vma,
			unsigned long address)
{
	DEFINE_FOLIO_VMA_WALK(pvmw, folio, vma, address, 0);
	unsigned long idx, pfn;

	while (page_vma_mapped_walk(&pvmw)) {
		pfn = pte_pfn(ptep_get(pvmw.pte));
		idx = pfn - folio_pfn(folio);
		use(idx);
	}
}

/* + The same without the variable. */
static void pos_pte_pfn_direct(struct folio *folio, struct vm_area_struct *vma,
			       unsigned long address)
{
	DEFINE_FOLIO_VMA_WALK(pvmw, folio, vma, address, 0);

	while (page_vma_mapped_walk(&pvmw))
		use(pte_pfn(ptep_get(pvmw.pte)) - folio_pfn(folio));
}

/* + The same through a pointer to the walk. */
static void pos_pte_pfn_pointer(struct page_vma_mapped_walk *pvmw,
				struct folio *folio)
{
	unsigned long pfn;

	while (page_vma_mapped_walk(pvmw)) {
		pfn = pte_pfn(ptep_get(pvmw->pte));
		use(pfn - folio_pfn(folio));
	}
}

/* + A walk on the folio of a PFN. */
static bool pos_walk_of_pfn(unsigned long pfn, struct vm_area_struct *vma,
			    unsigned long address)
{
	DEFINE_FOLIO_VMA_WALK(pvmw, pfn_folio(pfn), vma, address, 0);

	return page_vma_mapped_walk(&pvmw);
}

/* + A walk filled in field by field (and its folio from a PFN). */
static bool pos_fields(struct page_vma_mapped_walk *pw, struct folio *folio,
		       unsigned long pfn)
{
	pw->folio = pfn_folio(pfn);
	pw->page = folio_page(folio, 0);
	pw->nr_pages = 1;
	return page_vma_mapped_walk(pw);
}

/* + A walk set up by an initializer. */
static bool pos_init(struct folio *folio, struct vm_area_struct *vma)
{
	struct page_vma_mapped_walk pvmw = {
		.folio = folio,
		.page = folio_page(folio, 0),
		.nr_pages = 1,
		.vma = vma,
	};

	return page_vma_mapped_walk(&pvmw);
}

/* + A walk set up by a compound literal. */
static bool pos_literal(struct folio *folio, struct vm_area_struct *vma)
{
	struct page_vma_mapped_walk pvmw;

	pvmw = (struct page_vma_mapped_walk){ .folio = folio, .vma = vma };
	return page_vma_mapped_walk(&pvmw);
}

/*
 * - The macro, the walk's folio and page, the entry's page by the decoders,
 *   a PFN of a present PTE, a PFN a helper needs (pagemap, hwpoison).
 */
static unsigned long neg_fine(struct folio *folio, struct vm_area_struct *vma,
			      unsigned long addr, unsigned long poisoned_pfn)
{
	DEFINE_FOLIO_VMA_WALK(pvmw, folio, vma, addr, 0);
	unsigned long idx = 0, pfn;

	while (page_vma_mapped_walk(&pvmw)) {
		pte_t pteval = ptep_get(pvmw.pte);

		pvmw.address += PAGE_SIZE;
		if (likely(pte_present(pteval))) {
			pfn = pte_pfn(pteval);
			idx = pfn - folio_pfn(folio);
		} else {
			softleaf_t entry = softleaf_from_pte(pteval);

			idx = folio_page_idx(pvmw.folio, softleaf_to_page(entry));
			if (softleaf_is_hwpoison(entry))
				idx = poisoned_pfn - softleaf_to_pfn(entry);
			idx += softleaf_to_pfn(entry) + 1;
		}
	}
	return idx + (pvmw.page == folio_page(folio, 0));
}

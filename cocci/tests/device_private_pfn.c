// SPDX-License-Identifier: GPL-2.0
/* Fixture for cocci/device_private_pfn.cocci: shapes of the drivers' sites. */

/* nouveau_dmem_page_addr(): a byte offset against the range's start. */
unsigned long chunk_offset(struct chunk *chunk, struct page *page)
{
	return (page_to_pfn(page) << PAGE_SHIFT) - chunk->pagemap.range.start;
}

/* test_hmm's chunk walk: the PFNs of the range. */
void chunk_walk(struct chunk *chunk)
{
	unsigned long first = chunk->pagemap.range.start >> PAGE_SHIFT;
	unsigned long last = PHYS_PFN(chunk->pagemap.range.end);
	unsigned long next = PFN_DOWN(chunk->pagemap.range.start);
	unsigned long pfn;

	for (pfn = first; pfn <= last; pfn++)
		use(pfn_to_page(pfn));
}

/* kfd: VRAM address to PFN and back, through the pgmap's start. */
unsigned long addr_to_pfn(struct adev *adev, unsigned long addr)
{
	return (addr + adev->kfd.pgmap.range.start) >> PAGE_SHIFT;
}

/* kfd_svm: a GPU address from a raw HMM pfn. */
u64 gpu_addr(unsigned long *hmm_pfns, int i, struct adev *bo_adev)
{
	return (hmm_pfns[i] << PAGE_SHIFT) + bo_adev->base;
}

u64 gpu_addr_range(struct hmm_range *range, int i)
{
	return range->hmm_pfns[i] << PAGE_SHIFT;
}

/* Migrate pfns from PFNs: directly, and through a variable (uvmem). */
void make_dst(struct migrate_vma *mig, struct page *dpage, struct folio *f)
{
	unsigned long pfn;

	mig->dst[0] = migrate_pfn(page_to_pfn(dpage));
	mig->dst[1] = migrate_pfn(folio_pfn(f)) | MIGRATE_PFN_WRITE;
	pfn = page_to_pfn(dpage);
	uv_page_out(pfn << PAGE_SHIFT);
	mig->dst[2] = migrate_pfn(pfn);
}

/* The same through a variable set where it is declared. */
unsigned long make_dst_decl(struct page *dpage)
{
	unsigned long pfn = page_to_pfn(dpage);

	return migrate_pfn(pfn) | MIGRATE_PFN_WRITE;
}

/* Pages and indexes by PFN arithmetic (test_hmm). */
void copy(struct page *rpage, struct page *spage, struct folio *head,
	  struct folio *tail, int i)
{
	copy_highpage(pfn_to_page(page_to_pfn(rpage) + i),
		      pfn_to_page(page_to_pfn(spage)));
	use(folio_pfn(tail) - folio_pfn(head));
}

/* Raw decodes of migrate pfns (uvmem, drm_pagemap). */
void decode(struct migrate_vma *mig, struct migrate_vma migrate, int i)
{
	unsigned long pfn = *mig->src >> MIGRATE_PFN_SHIFT;

	use(pfn, pfn_to_page(migrate.dst[i]));
}

/* Never reported: the converted forms, and what is no PFN arithmetic. */
void good(struct chunk *chunk, struct page *page, struct folio *f,
	  struct migrate_vma migrate, struct hmm_range *range, int i)
{
	unsigned long off = page_pgmap_index(page) << PAGE_SHIFT;
	unsigned long len = chunk->pagemap.range.end - chunk->pagemap.range.start;

	chunk->pagemap.range.end = chunk->pagemap.range.start + SIZE - 1;
	use(off, len, pgmap_index_page(&chunk->pagemap, 0));
	use(migrate_pfn_from_page(page), migrate_pfn(page_id(page)));
	use(page_id_to_page(migrate.dst[i]), folio_page(f, i));
	use(folio_page_idx(f, page), hmm_pfn_to_page(range->hmm_pfns[i]));
	release_mem_region(chunk->pagemap.range.start, len);
	uv_page_in(page_to_pfn(page) << PAGE_SHIFT);
}

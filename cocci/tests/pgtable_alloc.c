// SPDX-License-Identifier: GPL-2.0
/* Fixture for cocci/pgtable_alloc.cocci: what it must and must not report. */

/* Reported: assigned to a page table pointer, installed. */
static int typed_decl(pud_t *pud)
{
	pmd_t *pmd = (pmd_t *)get_zeroed_page(GFP_KERNEL);

	if (!pmd)
		return -ENOMEM;
	pud_populate(&init_mm, pud, pmd);
	return 0;
}

/* Reported: installed as a table. */
static int installed(pgd_t *pgd, gfp_t gfp)
{
	unsigned long page = __get_free_page(gfp);

	if (!page)
		return -ENOMEM;
	set_pgd(pgd, __pgd(_KERNPG_TABLE | __pa(page)));
	return 0;
}

/* Reported: a field, and its free in another function. */
static int field(struct thing *t)
{
	t->pte = (pte_t *)get_zeroed_page(GFP_KERNEL);
	return t->pte ? 0 : -ENOMEM;
}

static void field_free(struct thing *t)
{
	free_page((unsigned long)t->pte);
}

/* Reported: a field set from a variable, and its free elsewhere. */
static int field_var(struct image *image, pgd_t *pgd)
{
	p4d_t *p4d;

	p4d = (p4d_t *)get_zeroed_page(GFP_KERNEL);
	if (!p4d)
		return -ENOMEM;
	image->arch.p4d = p4d;
	set_pgd(pgd, __pgd(__pa(p4d) | _KERNPG_TABLE));
	return 0;
}

static void field_var_free(struct image *image)
{
	free_page((unsigned long)image->arch.p4d);
	image->arch.p4d = NULL;
}

/* Reported: allocated and freed in one function. */
static int pair(void)
{
	pgd_t *pgd;

	pgd = (pgd_t *)__get_free_pages(GFP_KERNEL | __GFP_ZERO, 1);
	if (!pgd)
		return -ENOMEM;
	if (setup(pgd))
		goto free;
	return 0;
free:
	free_pages((unsigned long)pgd, 1);
	return -ENOMEM;
}

/* Reported as a free of a page table pointer. */
static void typed_free(pmd_t *pmd)
{
	free_page((unsigned long)pmd);
}

/* Reported with its own message: it may want p4d_free(). */
static void free_through_entry(pgd_t *pgd)
{
	free_page((unsigned long)pgd_page_vaddr(*pgd));
}

/* Reported: cast, installed as a table. */
static void void_table(pmd_t *pmd)
{
	void *p = (void *)get_zeroed_page(GFP_KERNEL);

	set_pmd(pmd, __pmd(__pa(p) | _KERNPG_TABLE));
}

/* Reported: a struct page installed as a table. */
static void page_table(pmd_t *pmd)
{
	struct page *pg;

	pg = alloc_page(GFP_KERNEL | __GFP_ZERO);
	set_pmd(pmd, __pmd(__pa(page_address(pg)) | _PAGE_TABLE));
}

/* Reported inside the helper that its callers use as a table. */
static void *getpage(void)
{
	void *ptr;

	if (after_bootmem)
		ptr = (void *)get_zeroed_page(GFP_ATOMIC);
	else
		ptr = memblock_alloc(PAGE_SIZE, PAGE_SIZE);
	return ptr;
}

static pmd_t *fill_pmd(pud_t *pud)
{
	pmd_t *pmd = (pmd_t *)getpage();

	pud_populate(&init_mm, pud, pmd);
	return pmd;
}

/* Not reported: a 2 MiB data buffer mapped as a leaf, not a table. */
static void leaf(pmd_t *pmd)
{
	unsigned long buf = __get_free_pages(GFP_KERNEL, PMD_ORDER);

	set_pmd(pmd, pfn_pmd(__pa(buf) >> PAGE_SHIFT, PAGE_KERNEL_LARGE));
}

/* Not reported: the user pgd of a Xen PV mm, and memory that is no table. */
static pgd_t *xen_pgd_alloc(struct mm_struct *mm)
{
	return (pgd_t *)__get_free_page(GFP_KERNEL | __GFP_ZERO);
}

static void *buffer(void)
{
	return (void *)get_zeroed_page(GFP_KERNEL);
}

/* Not reported: a field that holds no page table, and its free. */
static int dma_buf(struct dev *d)
{
	d->buf = (char *)get_zeroed_page(GFP_KERNEL);
	return d->buf ? 0 : -ENOMEM;
}

static void dma_buf_free(struct dev *d)
{
	free_page((unsigned long)d->buf);
}

/* Reported: a table freed on error, kept in a global otherwise. */
static pmd_t *global_pmd;

static int escapes(pud_t *pud)
{
	pmd_t *pmd;

	pmd = (pmd_t *)get_zeroed_page(GFP_KERNEL);
	if (!pmd)
		return -ENOMEM;
	if (setup(pmd)) {
		free_page((unsigned long)pmd);
		return -EINVAL;
	}
	global_pmd = pmd;
	return 0;
}

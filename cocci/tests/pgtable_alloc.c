// SPDX-License-Identifier: GPL-2.0
/* Fixture for cocci/pgtable_alloc.cocci: what it must and must not report. */

static int typed_decl(pud_t *pud)
{
	pmd_t *pmd = (pmd_t *)get_zeroed_page(GFP_KERNEL);

	if (!pmd)
		return -ENOMEM;
	pud_populate(&init_mm, pud, pmd);
	return 0;
}

static int installed(pgd_t *pgd, gfp_t gfp)
{
	unsigned long page = __get_free_page(gfp);

	if (!page)
		return -ENOMEM;
	set_pgd(pgd, __pgd(_KERNPG_TABLE | __pa(page)));
	return 0;
}

static int field(struct thing *t)
{
	t->pte = (pte_t *)get_zeroed_page(GFP_KERNEL);
	return t->pte ? 0 : -ENOMEM;
}

static void field_free(struct thing *t)
{
	free_page((unsigned long)t->pte);
}

static void typed_free(pmd_t *pmd)
{
	free_page((unsigned long)pmd);
}

/* Not reported: the pgd of a user mm, and memory that is no page table. */
static pgd_t *foo_pgd_alloc(struct mm_struct *mm)
{
	return (pgd_t *)__get_free_page(GFP_KERNEL | __GFP_ZERO);
}

static void *buffer(void)
{
	return (void *)get_zeroed_page(GFP_KERNEL);
}

// SPDX-License-Identifier: GPL-2.0
/* Fixture for cocci/page_ext_iter.cocci: what it must and must not report. */

/* The loop page_owner had before for_each_page_ext() existed. */
static void set_owner(struct page *page, unsigned int order, int pid)
{
	struct page_ext *page_ext;
	int i;

	page_ext = page_ext_get(page);
	if (unlikely(!page_ext))
		return;
	for (i = 0; i < (1 << order); i++) {
		struct page_owner *owner = get_page_owner(page_ext);

		owner->pid = pid;
		page_ext = page_ext_next(page_ext);
	}
	page_ext_put(page_ext);
}

/* Pointer arithmetic with the size of an entry. */
static void clear_counts(struct page_ext *first, unsigned long nr)
{
	struct page_ext *pe = first;

	while (nr--) {
		get_page_table_check(pe)->count = 0;
		pe = (void *)pe + page_ext_size;
	}
}

/* Not reported: the iterator, which looks up each new section. */
static void set_owner_iter(struct page *page, unsigned int order, int pid)
{
	struct page_ext_iter iter;
	struct page_ext *page_ext;

	rcu_read_lock();
	for_each_page_ext(page, 1 << order, page_ext, iter)
		get_page_owner(page_ext)->pid = pid;
	rcu_read_unlock();
}

/* Not reported: one page extension per lookup. */
static bool page_idle(struct page *page)
{
	struct page_ext *page_ext = page_ext_get(page);
	bool idle;

	if (!page_ext)
		return false;
	idle = test_bit(PAGE_EXT_IDLE, &page_ext->flags);
	page_ext_put(page_ext);
	return idle;
}

/* More ways to step by hand, each reported. */
static void more_steps(struct page_ext *pe, unsigned long i)
{
	struct page_ext *q = (void *)pe + page_ext_size;

	pe = (struct page_ext *)((char *)pe + i);
	use(page_ext_data((void *)q + i, &page_owner_ops));
	pe -= 1;
	use(&q[3]);
	use((struct page_ext *)((unsigned long)pe + i));
}

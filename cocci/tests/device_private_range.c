// SPDX-License-Identifier: GPL-2.0
/* Fixture for cocci/device_private_range.cocci: the drivers' shapes. */

/* nouveau and test_hmm: a structure, memremap_pages() of its address. */
int chunk_alloc(struct chunk *chunk)
{
	struct resource *res;
	void *ptr;

	res = request_free_mem_region(&iomem_resource, SZ_256M, "chunk");
	if (IS_ERR(res))
		return PTR_ERR(res);
	chunk->pagemap.type = MEMORY_DEVICE_PRIVATE;
	chunk->pagemap.range.start = res->start;
	chunk->pagemap.range.end = res->end;
	chunk->pagemap.nr_range = 1;
	ptr = memremap_pages(&chunk->pagemap, numa_node_id());
	return PTR_ERR_OR_ZERO(ptr);
}

/* amdkfd and xe: a pointer, devm_ variants, the type in one branch. */
int init_zone_device(struct device *dev, struct dev_pagemap *pgmap,
		     bool coherent, unsigned long size)
{
	struct resource *res;

	if (coherent) {
		pgmap->type = MEMORY_DEVICE_COHERENT;
	} else {
		res = devm_request_free_mem_region(dev, &iomem_resource, size);
		if (IS_ERR(res))
			return PTR_ERR(res);
		pgmap->type = MEMORY_DEVICE_PRIVATE;
	}
	return PTR_ERR_OR_ZERO(devm_memremap_pages(dev, pgmap));
}

/* Not reported: registered by page count. */
int by_count(struct dev_pagemap *pgmap, unsigned long nr)
{
	pgmap->type = MEMORY_DEVICE_PRIVATE;
	return memremap_device_private_pagemap(pgmap, nr, NUMA_NO_NODE);
}

/*
 * Not reported: test_hmm after the switch, device-private memory by page
 * count and device-coherent memory by range in one function.
 */
int mixed(struct chunk *chunk, bool private, unsigned long start)
{
	if (private) {
		chunk->pagemap.type = MEMORY_DEVICE_PRIVATE;
		return memremap_device_private_pagemap(&chunk->pagemap,
						       SZ_256M >> PAGE_SHIFT,
						       NUMA_NO_NODE);
	}
	chunk->pagemap.type = MEMORY_DEVICE_COHERENT;
	chunk->pagemap.range.start = start;
	chunk->pagemap.range.end = start + SZ_256M - 1;
	chunk->pagemap.nr_range = 1;
	return PTR_ERR_OR_ZERO(memremap_pages(&chunk->pagemap, NUMA_NO_NODE));
}

/* Not reported: free physical address space for other device memory. */
int generic(struct dev_pagemap *pgmap)
{
	struct resource *res;

	res = request_free_mem_region(&iomem_resource, SZ_2M, "generic");
	if (IS_ERR(res))
		return PTR_ERR(res);
	pgmap->type = MEMORY_DEVICE_GENERIC;
	pgmap->range.start = res->start;
	pgmap->range.end = res->end;
	pgmap->nr_range = 1;
	return PTR_ERR_OR_ZERO(memremap_pages(pgmap, NUMA_NO_NODE));
}

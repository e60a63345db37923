import type { CatalogueItem } from '@alkdrec/contracts';
import type { PrismaClient } from '../prisma-client';

/**
 * Items of a dataset whose title contains `query` (case-insensitive), titles starting with it
 * first, then alphabetical: what an autocomplete box lists. An empty query lists the first titles.
 * Null when the dataset does not exist.
 */
export async function searchItems(prisma: PrismaClient, dataset: string, query: string, limit: number): Promise<CatalogueItem[] | null> {
  const found = await prisma.dataset.findUnique({ where: { name: dataset }, select: { id: true } });
  if (!found) return null;
  const needle = query.trim();
  const rows = await prisma.item.findMany({
    where: { datasetId: found.id, ...(needle === '' ? {} : { title: { contains: needle, mode: 'insensitive' as const } }) },
    select: { externalId: true, title: true },
    orderBy: { title: 'asc' },
    // Enough to put prefix matches first without reading the whole catalogue.
    take: needle === '' ? limit : Math.max(limit * 20, 200),
  });
  const lower = needle.toLowerCase();
  const starts = (title: string) => (title.toLowerCase().startsWith(lower) ? 0 : 1);
  return rows
    .sort((a, b) => starts(a.title) - starts(b.title) || a.title.localeCompare(b.title))
    .slice(0, limit)
    .map((row) => ({ itemId: row.externalId, title: row.title }));
}

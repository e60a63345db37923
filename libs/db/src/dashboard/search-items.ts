import type { CatalogueItem } from '@alkdrec/contracts';
import type { PrismaClient } from '../prisma-client';

/**
 * Items of a dataset whose title contains `query` (case-insensitive), titles starting with it
 * first, then the others, each group in title order: what an autocomplete box lists. An empty
 * query lists the first titles. Null when the dataset does not exist.
 *
 * Two bounded queries (starting with it; containing it elsewhere), so a title starting with the
 * query is found however many titles contain it and sort before it. `%` and `_` in the query are
 * characters, not LIKE wildcards: Prisma passes `contains` / `startsWith` into ILIKE unescaped.
 */
export async function searchItems(prisma: PrismaClient, dataset: string, query: string, limit: number): Promise<CatalogueItem[] | null> {
  const found = await prisma.dataset.findUnique({ where: { name: dataset }, select: { id: true } });
  if (!found) return null;
  const datasetId = found.id;
  const needle = query.trim();
  const read = (where: object) =>
    prisma.item.findMany({ where: { datasetId, ...where }, select: { externalId: true, title: true }, orderBy: { title: 'asc' }, take: limit });
  if (needle === '') return inTitleOrder(await read({})).slice(0, limit);
  const pattern = escapeLikePattern(needle);
  const [starting, inside] = await Promise.all([
    read({ title: { startsWith: pattern, mode: 'insensitive' } }),
    read({ AND: [{ title: { contains: pattern, mode: 'insensitive' } }, { NOT: { title: { startsWith: pattern, mode: 'insensitive' } } }] }),
  ]);
  return [...inTitleOrder(starting), ...inTitleOrder(inside)].slice(0, limit);
}

/** Backslash-escapes LIKE's wildcards and its escape character (PostgreSQL's default ESCAPE is `\`). */
export function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function inTitleOrder(rows: { externalId: string; title: string }[]): CatalogueItem[] {
  return rows.sort((a, b) => a.title.localeCompare(b.title)).map((row) => ({ itemId: row.externalId, title: row.title }));
}

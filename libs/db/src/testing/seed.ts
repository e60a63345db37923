import type { PrismaClient } from '../prisma-client';

/** An empty dataset row for tests that need something for models to point at. */
export async function createEmptyDataset(prisma: PrismaClient, name: string): Promise<number> {
  const dataset = await prisma.dataset.create({
    data: {
      name,
      itemCount: 0,
      rowCount: 0,
      droppedRows: 0,
      droppedItems: 0,
      trainCount: 0,
      validCount: 0,
      testCount: 0,
      source: {},
    },
    select: { id: true },
  });
  return dataset.id;
}

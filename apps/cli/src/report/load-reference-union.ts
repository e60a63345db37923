import { readFile } from 'node:fs/promises';
import { findBundledDataset, REFERENCE_SELECTION_STRATEGIES, type PrismaClient } from '@alkdrec/db';
import { recordedAnswers } from '@alkdrec/llm-providers';
import type { ReferenceUnion } from '@alkdrec/report';

/**
 * How much of replay's pool the authors' own selections make up: the union of the five
 * reference-selections files shipped with a bundled dataset, and how many of those sessions have a
 * recorded answer. Null for a dataset without reference selections or without usable recordings
 * (not the bundled content): its pool has no such bias to measure.
 */
export async function loadReferenceUnion(prisma: PrismaClient, dataset: string): Promise<ReferenceUnion | null> {
  const bundled = findBundledDataset(dataset);
  if (!bundled) return null;
  const union = new Set<number>();
  for (const strategy of REFERENCE_SELECTION_STRATEGIES) {
    const text = await readFile(bundled.referenceSelectionPaths[strategy], 'utf8').catch(() => '');
    for (const line of text.split('\n')) if (/^\d+$/.test(line.trim())) union.add(Number(line.trim()));
  }
  if (union.size === 0) return null;
  const answers = await recordedAnswers(prisma, dataset).catch(() => null);
  if (!answers) return null;
  const recorded = [...union].filter((row) => answers.rows.has(row)).length;
  return { unionSessions: union.size, unionRecorded: recorded, recordedSessions: answers.rows.size };
}

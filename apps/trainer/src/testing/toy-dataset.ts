import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A tiny catalogue where the next item is a fixed successor of the last one: learnable fast. */
export async function writeToyDataset(dir: string): Promise<{ itemsPath: string; sessionsPath: string }> {
  const items = 40;
  const csv = ['itemID,title', ...Array.from({ length: items }, (_, i) => `i${i},"Item ${i}, the toy"`)].join('\n');
  let s = 7;
  const rand = (n: number) => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0), s % n);
  const lines = Array.from({ length: 500 }, () => {
    const last = rand(items);
    const first = (last + 1 + rand(items - 3)) % items;
    let next = (last * 7 + 3) % items;
    if (next === first || next === last) next = (next + 1) % items === first ? (next + 2) % items : (next + 1) % items;
    return JSON.stringify({ items: [`i${first}`, `i${last}`], next: `i${next}` });
  });
  const itemsPath = join(dir, 'items.csv');
  const sessionsPath = join(dir, 'sessions.jsonl');
  await writeFile(itemsPath, csv);
  await writeFile(sessionsPath, lines.join('\n') + '\n');
  return { itemsPath, sessionsPath };
}

import { describeJson } from './echo-input';
import { DatasetFormatError } from './errors';

/** One line of sessions.jsonl, ids as written; `row` is the 0-based line number (the paper's key). */
export interface SessionLine {
  row: number;
  items: string[];
  next: string;
}

/**
 * Parses sessions.jsonl: one JSON object `{"items": [id, ...], "next": id}` per line.
 *
 * An empty `items` array is valid input, not an error: amazon-games has five such rows (e.g. line
 * 8095) and the paper's pipeline simply drops them along with rows whose items all turn out unknown,
 * which is how it arrives at 20,091 kept rows. `buildDataset` does the dropping and counts it.
 *
 * Ids must be JSON strings. Numbers are refused rather than converted, because items.csv ids are
 * text: `"0078764343"` (an Amazon ASIN) or `"007"` would never match the number `78764343` or `7`,
 * and the row would be silently dropped as "unknown". Other keys on a line are ignored.
 *
 * Blank lines are allowed only at the end of the file: everywhere else a line's number is the row's
 * identity (the recorded LLM rankings refer to it), so a stray blank line is a mistake to report.
 */
export function parseSessionsJsonl(text: string, file = 'sessions.jsonl'): SessionLine[] {
  const lines = text.split('\n');
  let count = lines.length;
  while (count > 0 && (lines[count - 1] as string).trim() === '') count--;

  const sessions: SessionLine[] = [];
  for (let row = 0; row < count; row++) {
    sessions.push(parseSessionLine(lines[row] as string, row, file));
  }
  return sessions;
}

/** Parses one line; `row` is its 0-based position, reported to the user as line `row + 1`. */
export function parseSessionLine(text: string, row: number, file = 'sessions.jsonl'): SessionLine {
  const line = row + 1;
  const fail = (problem: string): never => {
    throw new DatasetFormatError(file, line, problem);
  };
  if (text.trim() === '') fail('blank line (only allowed at the end of the file)');

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    fail(`malformed JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(`expected a JSON object {"items": [...], "next": ...}, found ${describeJson(value)}`);
  }
  const record = value as Record<string, unknown>;

  const items = record['items'];
  if (items === undefined) fail('missing field "items"');
  if (!Array.isArray(items)) return fail(`"items" must be an array of item ids, found ${describeJson(items)}`);
  items.forEach((id, position) => checkId(id, `"items"[${position}]`, fail));

  const next = record['next'];
  if (next === undefined) fail('missing field "next"');
  checkId(next, '"next"', fail);

  return { row, items: items as string[], next: next as string };
}

function checkId(id: unknown, where: string, fail: (problem: string) => never): void {
  if (typeof id === 'string' && id !== '') return;
  if (typeof id === 'string') fail(`${where} is an empty item id`);
  if (typeof id === 'number') fail(`${where} must be an item id string, found the number ${id} (write it as "${id}")`);
  fail(`${where} must be an item id string, found ${describeJson(id)}`);
}

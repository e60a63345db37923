import { DatasetFormatError, describeJson } from '@alkdrec/recsys';

/** `hints.json`: the hints the paper's LLM teacher wrote for a dataset, and which model wrote them. */
export interface HintsFile {
  model: string;
  hints: string[];
}

/**
 * Parses `hints.json`: `{"model": "...", "hints": ["...", ...]}` with at least one non-empty hint.
 * Errors name the file and a line: of a JSON syntax error when the JSON parser reports its
 * position (line 1 when it does not), or where the offending field starts.
 */
export function parseHintsFile(text: string, file = 'hints.json'): HintsFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message)?.[1];
    const line = position === undefined ? 1 : lineAt(text, Number(position));
    throw new DatasetFormatError(file, line, `malformed JSON: ${message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DatasetFormatError(file, 1, `expected a JSON object {"model": "...", "hints": [...]}, found ${describeJson(value)}`);
  }
  const record = value as Record<string, unknown>;
  const fail = (field: string, problem: string): never => {
    throw new DatasetFormatError(file, lineOfKey(text, field), problem);
  };

  const model = record['model'];
  if (model === undefined) fail('model', 'missing field "model"');
  if (typeof model !== 'string' || model.trim() === '') fail('model', `"model" must be a non-empty string, found ${describeJson(model)}`);

  const hints = record['hints'];
  if (hints === undefined) fail('hints', 'missing field "hints"');
  if (!Array.isArray(hints)) return fail('hints', `"hints" must be an array of strings, found ${describeJson(hints)}`);
  if (hints.length === 0) fail('hints', '"hints" is empty (the ranking prompt needs at least one)');
  hints.forEach((hint: unknown, i) => {
    if (typeof hint !== 'string' || hint.trim() === '') fail('hints', `"hints"[${i}] must be a non-empty string, found ${describeJson(hint)}`);
  });
  return { model: model as string, hints: hints as string[] };
}

function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/** The line where `"key":` first appears, or 1 when it does not (a missing field). */
function lineOfKey(text: string, key: string): number {
  const match = new RegExp(`"${key}"\\s*:`).exec(text);
  return match === null ? 1 : lineAt(text, match.index);
}

import { DatasetFormatError } from './errors';

/** One CSV record and the 1-based line it starts on (quoted fields may span several lines). */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/**
 * Splits RFC-4180 CSV text into records: fields separated by commas, records by LF or CRLF, fields
 * optionally wrapped in double quotes, inside which `""` is a literal quote and commas and line
 * breaks are data. Stricter than most readers on purpose: a quote inside an unquoted field or text
 * after a closing quote is an error rather than guessed at, because a silently mis-split catalogue
 * shifts every item index after it. Blank lines at the very end are ignored.
 */
export function parseCsvRecords(text: string, file: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const length = trimTrailingLineBreaks(text);
  let pos = 0;
  let line = 1;

  while (pos < length) {
    const recordLine = line;
    const fields: string[] = [];
    for (;;) {
      let field: string;
      if (text.charCodeAt(pos) === QUOTE) {
        const fieldLine = line;
        let value = '';
        let from = pos + 1;
        for (;;) {
          const close = text.indexOf('"', from);
          if (close === -1 || close >= length) {
            throw new DatasetFormatError(file, fieldLine, 'unterminated quoted field');
          }
          value += text.slice(from, close);
          if (text.charCodeAt(close + 1) === QUOTE) {
            value += '"';
            from = close + 2;
          } else {
            pos = close + 1;
            break;
          }
        }
        line += countLineFeeds(value);
        field = value;
        const after = text.charCodeAt(pos);
        if (pos < length && after !== COMMA && after !== LF && !(after === CR && text.charCodeAt(pos + 1) === LF)) {
          throw new DatasetFormatError(file, line, `unexpected text after the closing quote of field ${fields.length + 1}`);
        }
      } else {
        let end = pos;
        while (end < length) {
          const c = text.charCodeAt(end);
          if (c === COMMA || c === LF || (c === CR && text.charCodeAt(end + 1) === LF)) break;
          if (c === QUOTE) {
            throw new DatasetFormatError(file, line, `quote inside unquoted field ${fields.length + 1} (quote the whole field and double the quote)`);
          }
          end++;
        }
        field = text.slice(pos, end);
        pos = end;
      }
      fields.push(field);

      const c = text.charCodeAt(pos);
      if (c === COMMA) {
        pos++;
        continue;
      }
      // End of record: LF, CRLF or end of text.
      if (c === CR) pos++;
      if (pos < length) {
        pos++;
        line++;
      }
      break;
    }
    records.push({ fields, line: recordLine });
  }
  return records;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/** Length of `text` without the line breaks at its end, so a final newline adds no empty record. */
function trimTrailingLineBreaks(text: string): number {
  let end = text.length;
  while (end > 0) {
    const c = text.charCodeAt(end - 1);
    if (c !== LF && c !== CR) break;
    end--;
  }
  return end;
}

function countLineFeeds(value: string): number {
  let count = 0;
  for (let i = value.indexOf('\n'); i !== -1; i = value.indexOf('\n', i + 1)) count++;
  return count;
}

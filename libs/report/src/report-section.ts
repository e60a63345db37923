/** The markers around a grid's generated section of docs/results.md. */
export function sectionMarkers(gridName: string): { begin: string; end: string } {
  return { begin: `<!-- report:${gridName}:begin -->`, end: `<!-- report:${gridName}:end -->` };
}

/**
 * `document` with the grid's section replaced by `body` (between its markers), or appended when the
 * markers are absent; everything else is left as it was. A begin marker without its end (or the
 * reverse, or twice) is refused rather than guessed at.
 */
export function replaceSection(document: string, gridName: string, body: string): string {
  const { begin, end } = sectionMarkers(gridName);
  const section = `${begin}\n${body.endsWith('\n') ? body : `${body}\n`}${end}`;
  const count = (s: string) => document.split(s).length - 1;
  const begins = count(begin);
  const ends = count(end);
  if (begins === 0 && ends === 0) {
    const separator = document === '' ? '' : document.endsWith('\n\n') ? '' : document.endsWith('\n') ? '\n' : '\n\n';
    return `${document}${separator}${section}\n`;
  }
  if (begins !== 1 || ends !== 1) throw new Error(`the document has ${begins} "${begin}" and ${ends} "${end}" markers; expected one of each (or none)`);
  const from = document.indexOf(begin);
  const to = document.indexOf(end);
  if (to < from) throw new Error(`"${end}" comes before "${begin}"`);
  return document.slice(0, from) + section + document.slice(to + end.length);
}

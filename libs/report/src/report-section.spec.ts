import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { replaceSection, sectionMarkers } from './report-section';

describe('replaceSection', () => {
  const { begin, end } = sectionMarkers('quick');
  it('appends the section when its markers are absent, after a blank line', () => {
    assert.equal(replaceSection('# Results\n\nhand-written\n', 'quick', 'new'), `# Results\n\nhand-written\n\n${begin}\nnew\n${end}\n`);
    assert.equal(replaceSection('', 'quick', 'new\n'), `${begin}\nnew\n${end}\n`);
  });
  it('replaces only the text between its own markers', () => {
    const other = sectionMarkers('paper');
    const before = `top\n${other.begin}\npaper body\n${other.end}\n\n${begin}\nold\n${end}\nbottom\n`;
    assert.equal(replaceSection(before, 'quick', 'fresh'), `top\n${other.begin}\npaper body\n${other.end}\n\n${begin}\nfresh\n${end}\nbottom\n`);
  });
  it('refuses a broken or repeated pair of markers', () => {
    assert.throws(() => replaceSection(`${begin}\nno end\n`, 'quick', 'x'), /1 .* and 0 .* markers/);
    assert.throws(() => replaceSection(`${end}\n${begin}\n`, 'quick', 'x'), /comes before/);
    assert.throws(() => replaceSection(`${begin}${end}${begin}${end}`, 'quick', 'x'), /2 .* and 2/);
  });
});

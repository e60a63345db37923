import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebAppFiles } from './web-app-files';

describe('the dashboard files the api serves', () => {
  it('serves the page and its built assets with their media types, and nothing else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'web-files-'));
    try {
      mkdirSync(join(dir, 'assets'));
      writeFileSync(join(dir, 'index.html'), '<!doctype html>');
      writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
      writeFileSync(join(dir, 'assets', 'notes.txt'), 'not an asset type');
      writeFileSync(join(dir, 'secret.js'), 'outside assets/');
      const files = new WebAppFiles(dir);
      assert.equal((await files.index())?.type, 'text/html; charset=utf-8');
      assert.equal((await files.asset('index-abc.js'))?.type, 'text/javascript; charset=utf-8');
      assert.equal(await files.asset('notes.txt'), undefined, 'a type the build does not write');
      assert.equal(await files.asset('../secret.js'), undefined, 'no way out of assets/');
      assert.equal(await files.asset('..%2Fsecret.js'), undefined);
      assert.equal(await files.asset('missing-123.js'), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says the page is missing when the app was not built', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'web-files-'));
    try {
      assert.equal(await new WebAppFiles(dir).index(), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

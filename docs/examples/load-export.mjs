#!/usr/bin/env node
// Recommends from an ALKDRec model export with nothing but @tensorflow/tfjs and Node's builtins:
// copy this file anywhere `npm install @tensorflow/tfjs` has been run. See docs/export.md.
//
//   node load-export.mjs <export-dir> <sessions.json> [--k 10] [--keep-seen]
//
// sessions.json: an array of sessions, each an array of item ids (items.jsonl's `itemId`), oldest
// first. Prints one JSON array: per session { recommendations: [{ itemId, title, score }], unknown }
// (unknown: the ids not in the catalogue, which are ignored). The session's own items are not
// recommended unless --keep-seen.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

const { dir, sessionsPath, k, keepSeen } = parseArgs(process.argv.slice(2));
const read = (path) => readFileSync(join(dir, path));

// 1. The manifest, and every file it lists checked against its sha256.
const manifest = JSON.parse(read('manifest.json').toString('utf8'));
if (manifest.format !== 'alkdrec-model-export' || manifest.formatVersion !== 1) {
  fail(`${dir}: not an ALKDRec export of format version 1`);
}
for (const file of manifest.files) {
  const sha256 = createHash('sha256').update(read(file.path)).digest('hex');
  if (sha256 !== file.sha256) fail(`${file.path}: sha256 ${sha256} does not match the manifest`);
}
const { maxLength, d } = manifest;
const { paddingId } = manifest.encoder;

// 2. The catalogue: row v of the item embeddings is line v of items.jsonl.
const items = read(manifest.items.path).toString('utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
const indexOf = new Map(items.map((item) => [item.itemId, item.index]));

// 3. The item vectors, [itemCount, d] little-endian float32.
if (endianness() !== 'LE') fail('this example reads little-endian float32 directly; use a DataView on a big-endian host');
const raw = read(manifest.scoring.itemEmbeddings.f32);
const itemVectors = tf.tensor2d(new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength)), manifest.scoring.itemEmbeddings.shape);

// 4. The session encoder: a standard TF.js GraphModel, loaded from memory (plain tfjs in Node has no file loader).
const modelJson = JSON.parse(read(manifest.encoder.modelJson).toString('utf8'));
const weightBytes = read(join('encoder', modelJson.weightsManifest[0].paths[0]));
const encoder = await tf.loadGraphModel(
  tf.io.fromMemory({
    modelTopology: modelJson.modelTopology,
    weightSpecs: modelJson.weightsManifest[0].weights,
    weightData: weightBytes.buffer.slice(weightBytes.byteOffset, weightBytes.byteOffset + weightBytes.byteLength),
    format: modelJson.format,
    signature: modelJson.signature,
  }),
);

// 5. Inputs: the last maxLength known items, oldest first, right-padded; mask 1 on items.
const sessions = JSON.parse(readFileSync(sessionsPath, 'utf8')).map((ids) => ({
  known: ids.filter((id) => indexOf.has(id)).map((id) => indexOf.get(id)),
  unknown: ids.filter((id) => !indexOf.has(id)),
}));
const scorable = sessions.filter((s) => s.known.length > 0);
const ids = new Int32Array(scorable.length * maxLength).fill(paddingId);
const mask = new Float32Array(scorable.length * maxLength);
scorable.forEach((s, b) => {
  s.known.slice(-maxLength).forEach((item, t) => {
    ids[b * maxLength + t] = item;
    mask[b * maxLength + t] = 1;
  });
});

// 6. Scores: session_embedding [B, d] times the item vectors transposed → [B, itemCount].
let scores = new Float32Array(0);
if (scorable.length > 0) {
  const u = encoder.execute(
    { item_ids: tf.tensor2d(ids, [scorable.length, maxLength], 'int32'), mask: tf.tensor2d(mask, [scorable.length, maxLength]) },
    'session_embedding',
  );
  if (u.shape[1] !== d) fail(`session_embedding has ${u.shape[1]} columns, the manifest says d = ${d}`);
  scores = tf.matMul(u, itemVectors, false, true).dataSync();
}

// 7. Top-k per session: descending score, equal scores by lower index, seen items skipped.
const n = items.length;
let row = 0;
const output = sessions.map((s) => {
  if (s.known.length === 0) return { recommendations: [], unknown: s.unknown };
  const offset = n * row++;
  const seen = keepSeen ? new Set() : new Set(s.known);
  const best = [];
  for (let v = 0; v < n; v++) {
    if (seen.has(v)) continue;
    const score = scores[offset + v];
    if (best.length === k && !(score > best[k - 1].score)) continue;
    let at = best.length;
    while (at > 0 && score > best[at - 1].score) at--;
    best.splice(at, 0, { index: v, score });
    if (best.length > k) best.pop();
  }
  return {
    recommendations: best.map(({ index, score }) => ({ itemId: items[index].itemId, title: items[index].title, score })),
    unknown: s.unknown,
  };
});
process.stdout.write(`${JSON.stringify(output)}\n`);

function parseArgs(args) {
  const positional = [];
  let k = 10;
  let keepSeen = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--k') k = Number(args[++i]);
    else if (args[i] === '--keep-seen') keepSeen = true;
    else positional.push(args[i]);
  }
  if (positional.length !== 2 || !(Number.isInteger(k) && k > 0)) {
    fail('usage: node load-export.mjs <export-dir> <sessions.json> [--k 10] [--keep-seen]');
  }
  return { dir: positional[0], sessionsPath: positional[1], k, keepSeen };
}

function fail(message) {
  process.stderr.write(`load-export: ${message}\n`);
  process.exit(2);
}

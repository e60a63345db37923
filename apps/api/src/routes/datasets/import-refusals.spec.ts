import 'reflect-metadata';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Problem, problemTypeOf, type ProblemKind } from '@alkdrec/contracts';
import { FIXTURE_ITEMS, FIXTURE_SESSIONS } from '../../testing/dataset-fixture';
import { multipartBody, type MultipartPart } from '../../testing/multipart-body';
import { AUTH, startTestApi, type TestApi } from '../../testing/test-api';

let api: TestApi;
let uploadDir: string;

before(async () => {
  uploadDir = await mkdtemp(join(tmpdir(), 'alkdrec-api-refusals-'));
  api = await startTestApi({ env: { API_UPLOAD_DIR: uploadDir } });
});
after(async () => {
  await api.close();
  await rm(uploadDir, { recursive: true, force: true });
});

const name = (value = 'refused'): MultipartPart => ({ name: 'name', value });
const items = (value: string | Buffer = FIXTURE_ITEMS, filename = 'items.csv'): MultipartPart => ({ name: 'items', value, filename });
const sessions = (value: string | Buffer = FIXTURE_SESSIONS, filename = 'sessions.jsonl'): MultipartPart => ({ name: 'sessions', value, filename });
const sessionLines = (...extra: string[]) => `${FIXTURE_SESSIONS.trimEnd()}\n${extra.join('\n')}\n`;

interface Refusal {
  what: string;
  parts: MultipartPart[];
  kind: ProblemKind;
  /** Every field the answer must name, in order. */
  fields: string[];
  line?: number;
  detail?: RegExp;
}

/** Uploads the import refuses: each names its fields (and the file's line), and writes nothing. */
const REFUSALS: Refusal[] = [
  { what: 'no name', parts: [items(), sessions()], kind: 'validation', fields: ['body.name'] },
  { what: 'a name with spaces and capitals', parts: [name('Bad Name!'), items(), sessions()], kind: 'validation', fields: ['body.name'] },
  { what: 'a name of 65 characters', parts: [name('a'.repeat(65)), items(), sessions()], kind: 'validation', fields: ['body.name'] },
  { what: 'a name over the field size', parts: [name('a'.repeat(5000)), items(), sessions()], kind: 'validation', fields: ['body.name'] },
  { what: 'no items file', parts: [name(), sessions()], kind: 'validation', fields: ['body.items'] },
  { what: 'no sessions file', parts: [name(), items()], kind: 'validation', fields: ['body.sessions'] },
  { what: 'nothing at all', parts: [], kind: 'validation', fields: ['body.items', 'body.sessions', 'body.name'] },
  { what: 'a file the route does not take', parts: [name(), items(), sessions(), { name: 'extra', value: 'x', filename: 'x.txt' }], kind: 'validation', fields: ['body.extra'] },
  { what: 'the items file twice', parts: [name(), items(), items(), sessions()], kind: 'validation', fields: ['body.items'] },
  { what: 'items as a text field', parts: [name(), { name: 'items', value: FIXTURE_ITEMS }, sessions()], kind: 'validation', fields: ['body.items', 'body.items'] },
  { what: 'a text field the route does not take', parts: [name(), { name: 'colour', value: 'red' }, items(), sessions()], kind: 'validation', fields: ['body.colour'] },
  { what: 'the name twice', parts: [name(), name('other'), items(), sessions()], kind: 'validation', fields: ['body.name'] },
  { what: 'items.csv without the title column', parts: [name(), items('itemID,name\n1,a\n'), sessions()], kind: 'unprocessable-content', fields: ['body.items'], line: 1, detail: /missing column "title" in header/ },
  { what: 'a duplicate item id', parts: [name(), items(`${FIXTURE_ITEMS}5,again\n`), sessions()], kind: 'unprocessable-content', fields: ['body.items'], line: 14, detail: /duplicate item id "5" \(first seen on line 6\)/ },
  { what: 'a record with an extra field', parts: [name(), items(`${FIXTURE_ITEMS}13,a,b\n`), sessions()], kind: 'unprocessable-content', fields: ['body.items'], line: 14, detail: /expected 2 fields, found 3/ },
  { what: 'an unterminated quote', parts: [name(), items(`${FIXTURE_ITEMS}13,"open\n`), sessions()], kind: 'unprocessable-content', fields: ['body.items'], line: 14, detail: /unterminated quoted field/ },
  { what: 'invalid UTF-8', parts: [name(), items(Buffer.concat([Buffer.from(FIXTURE_ITEMS), Buffer.from([0x31, 0x33, 0x2c, 0xff, 0x0a])])), sessions()], kind: 'unprocessable-content', fields: ['body.items'], line: 14, detail: /invalid UTF-8/ },
  { what: 'a NUL character in a title', parts: [name(), items(`${FIXTURE_ITEMS}13,"nul\u0000"\n`), sessions()], kind: 'unprocessable-content', fields: ['body.items'], line: 14 },
  { what: 'malformed JSON in sessions', parts: [name(), items(), sessions(sessionLines('{"items": ['))], kind: 'unprocessable-content', fields: ['body.sessions'], line: 51, detail: /malformed JSON/ },
  { what: 'a number as an item id', parts: [name(), items(), sessions(sessionLines('{"items": [7], "next": "1"}'))], kind: 'unprocessable-content', fields: ['body.sessions'], line: 51, detail: /found the number 7 \(write it as "7"\)/ },
  { what: 'a session without "next"', parts: [name(), items(), sessions(sessionLines('{"items": ["1"]}'))], kind: 'unprocessable-content', fields: ['body.sessions'], line: 51, detail: /missing field "next"/ },
  { what: 'a blank line in the middle of sessions', parts: [name(), items(), sessions(`{"items": ["1"], "next": "2"}\n\n${FIXTURE_SESSIONS}`)], kind: 'unprocessable-content', fields: ['body.sessions'], line: 2, detail: /blank line/ },
  { what: 'a session that is not an object', parts: [name(), items(), sessions(sessionLines('["1", "2"]'))], kind: 'unprocessable-content', fields: ['body.sessions'], line: 51, detail: /expected a JSON object/ },
  { what: 'a .gz file that is not gzip', parts: [name(), items(), sessions(FIXTURE_SESSIONS, 'sessions.jsonl.gz')], kind: 'unprocessable-content', fields: ['body.sessions'], line: 1, detail: /not a valid gzip file/ },
  { what: 'too few sessions to train', parts: [name(), items(), sessions('{"items": ["1"], "next": "2"}\n')], kind: 'unprocessable-content', fields: ['body.items', 'body.sessions'], detail: /cannot train on items \(upload "items.csv"\) and sessions \(upload "sessions.jsonl"\)/ },
];

async function rowCounts(): Promise<number[]> {
  return Promise.all([api.db.prisma.dataset.count(), api.db.prisma.item.count(), api.db.prisma.session.count()]);
}

describe('POST /v1/datasets refuses bad uploads, naming the field, writing nothing', () => {
  for (const refusal of REFUSALS) {
    it(`${refusal.what} → ${refusal.kind}, naming ${refusal.fields.join(', ')}`, async () => {
      const body = multipartBody(refusal.parts);
      const response = await api.fastify.inject({ method: 'POST', url: '/v1/datasets', payload: body.payload, headers: { ...body.headers, ...AUTH } });
      const problem = Problem.parse(response.json());
      assert.equal(problem.type, problemTypeOf(refusal.kind), response.body);
      assert.equal(response.statusCode, problem.status);
      assert.deepEqual(problem.errors?.map((e) => e.field), refusal.fields);
      if (refusal.line !== undefined) {
        assert.deepEqual(problem.errors?.map((e) => e.line), [refusal.line]);
        // The CLI's message, with the uploaded file for the path: "<field> (upload "<file>") line <n>: <problem>".
        assert.match(problem.detail, new RegExp(`^${refusal.fields[0]?.slice(5)} \\(upload "[^"]+"\\) line ${refusal.line}: `));
      }
      if (refusal.detail) assert.match(problem.detail, refusal.detail);
      assert.deepEqual(await rowCounts(), [0, 0, 0]);
      assert.deepEqual(await readdir(uploadDir), []);
    });
  }

  it('a JSON body instead of a multipart upload → 415', async () => {
    const response = await api.fastify.inject({ method: 'POST', url: '/v1/datasets', payload: { name: 'json' }, headers: AUTH });
    assert.equal(response.statusCode, 415);
    assert.equal(Problem.parse(response.json()).type, problemTypeOf('unsupported-media-type'));
    assert.deepEqual(await rowCounts(), [0, 0, 0]);
  });
});

describe('POST /v1/session refuses bad bodies, naming the field', () => {
  for (const [what, payload, contentType, fields] of [
    ['no token', '{}', 'application/json', ['body.token']],
    ['a number for the token', '{"token": 5}', 'application/json', ['body.token']],
    ['an empty token', '{"token": ""}', 'application/json', ['body.token']],
    ['an unknown field', '{"token": "test-token-0123456789abcdef", "remember": true}', 'application/json', ['body.remember']],
    ['malformed JSON', '{"token": ', 'application/json', ['body']],
    ['an empty JSON body', '', 'application/json', ['body']],
    ['a form without the token', 'user=me', 'application/x-www-form-urlencoded', ['body.token', 'body.user']],
  ] as const) {
    it(`${what} → 400 naming ${fields.join(', ')}`, async () => {
      const response = await api.fastify.inject({ method: 'POST', url: '/v1/session', payload, headers: { 'content-type': contentType } });
      assert.equal(response.statusCode, 400, response.body);
      const problem = Problem.parse(response.json());
      assert.equal(problem.type, problemTypeOf('validation'));
      assert.deepEqual(problem.errors?.map((e) => e.field), fields);
      assert.equal(response.headers['set-cookie'], undefined);
    });
  }

  it('a body over API_BODY_LIMIT_BYTES (1 MiB by default) → 413 naming the body', async () => {
    const payload = JSON.stringify({ token: 'x'.repeat(1024 * 1024) });
    const response = await api.fastify.inject({ method: 'POST', url: '/v1/session', payload, headers: { 'content-type': 'application/json' } });
    assert.equal(response.statusCode, 413);
    const problem = Problem.parse(response.json());
    assert.equal(problem.type, problemTypeOf('payload-too-large'));
    assert.deepEqual(problem.errors?.map((e) => e.field), ['body']);
  });

  it('a text/plain body → 415', async () => {
    const response = await api.fastify.inject({ method: 'POST', url: '/v1/session', payload: 'token', headers: { 'content-type': 'text/plain' } });
    assert.equal(response.statusCode, 415);
  });
});

import 'reflect-metadata';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRepoRoot } from '@alkdrec/service-kit';
import { startEntryProcess, waitForLogLine, type EntryProcess } from '@alkdrec/service-kit/testing';
import { DOC_EXAMPLE_CHECKS } from './testing/doc-example-checks';
import { curlHomeWithStatus, docExamplesOf, runExample } from './testing/doc-examples';
import { startTestApi, TEST_TOKEN, type TestApi } from './testing/test-api';

const ROOT = findRepoRoot(__dirname);
const DOC = 'docs/api.md';
const EXAMPLES = docExamplesOf(readFileSync(join(ROOT, DOC), 'utf8'), DOC);
const SERVICES = ['selector', 'trainer', 'llm-worker'] as const;
/** The run example trains three small models and asks the replay provider: a minute or two on a busy machine. */
const EXAMPLE_TIMEOUT_MS = 420_000;

/**
 * Every ```sh block of docs/api.md, run with bash in document order, as a reader would — `$API` and
 * `$API_TOKEN` set, from a directory that has the repository's `datasets/` — against an api on a
 * fresh schema, with a real selector, trainer and llm-worker (LLM_PROVIDER=replay) as processes on
 * the api's schema and queue prefix. Each block's marker names its check (testing/doc-example-checks.ts),
 * which reads every curl's HTTP status (a .curlrc `write-out`: the commands stay as printed) and its
 * output. DOCS_EXAMPLES_PRINT=1 prints each output, to refresh the docs' sample answers.
 */
describe(`${DOC} examples`, { timeout: 1_200_000 }, () => {
  let api: TestApi;
  let cwd: string;
  const services: EntryProcess[] = [];

  before(async () => {
    api = await startTestApi({ listen: true });
    cwd = await mkdtemp(join(tmpdir(), 'alkdrec-docs-examples-'));
    await symlink(join(ROOT, 'datasets'), join(cwd, 'datasets'));
    await curlHomeWithStatus(join(cwd, '.curl'));
    const env = { DATABASE_URL: api.db.databaseUrl, DATABASE_SCHEMA: api.db.schema, BULLMQ_PREFIX: api.prefix, LLM_PROVIDER: 'replay', SHUTDOWN_GRACE_MS: '2000' };
    for (const service of SERVICES) {
      services.push(startEntryProcess(join(ROOT, 'apps', service, 'dist', 'main.js'), env, { logFile: join(tmpdir(), `alkdrec-docs-examples-${process.pid}-${service}.log`) }));
    }
    for (const [index, service] of SERVICES.entries()) await waitForLogLine(services[index] as EntryProcess, new RegExp(`${service} ready for probes`), 1, 120_000);
  });
  after(async () => {
    for (const service of services) service.kill('SIGKILL');
    await Promise.all(services.map((service) => service.exited));
    await api?.close();
    if (cwd) await rm(cwd, { recursive: true, force: true });
  });

  it('marks every sh block: run under a name with a check, or not run with a reason', () => {
    const names = EXAMPLES.flatMap((example) => (example.name ? [example.name] : []));
    assert.ok(names.length > 0);
    assert.deepEqual(names.filter((name, index) => names.indexOf(name) !== index), [], 'every name once');
    assert.deepEqual([...names].sort(), Object.keys(DOC_EXAMPLE_CHECKS).sort(), 'a check for every example, an example for every check');
    for (const example of EXAMPLES) if (!example.name) assert.ok((example.notRunBecause ?? '').length >= 10, `${DOC}:${example.line}: a reason`);
  });

  for (const example of EXAMPLES) {
    if (!example.name) continue;
    const name = example.name;
    it(`${name} (${DOC}:${example.line})`, async () => {
      const output = await runExample(example.script, {
        cwd,
        env: { API: api.url as string, API_TOKEN: TEST_TOKEN, CURL_HOME: join(cwd, '.curl') },
        timeoutMs: EXAMPLE_TIMEOUT_MS,
      });
      if (process.env['DOCS_EXAMPLES_PRINT']) console.log(`--- ${name}\n${output.shown}\n`);
      assert.equal(output.code, 0, `exit ${output.code}: ${output.stderr}\n${output.stdout}`);
      await (DOC_EXAMPLE_CHECKS[name] as (typeof DOC_EXAMPLE_CHECKS)[string])(output, { cwd, exists: (file) => existsSync(join(cwd, file)) });
    });
  }
});

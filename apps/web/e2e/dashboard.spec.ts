import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RunAccepted } from '@alkdrec/contracts';
import { bundledDatasetPaths, importDataset } from '@alkdrec/db';
import type { Page } from 'playwright-core';
import { launchChromium, post, REPO_ROOT, startDashboardStack, TOKEN, waitForRun, type DashboardStack } from './dashboard-stack';

const DATASET = 'movielens-hetrec2011';
/** A small run (as apps/cli's run.command.spec): 20 sessions asked of the recorded GPT-4, 20 training steps. */
const SMALL = { dataset: DATASET, backbone: 'fpmc', strategy: 'alkdrec', budget: 20, maxSteps: 20 } as const;
/** Test artifacts; WEB_SCREENSHOTS_TO_DOCS=1 also copies one of each page into docs/screenshots. */
const SHOTS = join(REPO_ROOT, 'apps/web/dist/screenshots');
const DOCS_SHOTS = join(REPO_ROOT, 'docs/screenshots');

/**
 * The dashboard in headless Chromium against the api (a real process, its built assets) on a fresh
 * schema, with the selector, trainer and llm-worker running: a small finished run, then every page.
 */
describe('the dashboard in a real browser', { timeout: 600_000 }, () => {
  let stack: DashboardStack;
  let closeBrowser: () => Promise<void>;
  let page: Page;
  let finished: string;

  before(async () => {
    stack = await startDashboardStack({ services: true });
    await importDataset(stack.db.prisma, bundledDatasetPaths(DATASET));
    const accepted = await post<RunAccepted>(`${stack.url}/v1/runs`, SMALL);
    finished = accepted.runId;
    const run = await waitForRun(stack.url, finished, 400_000);
    assert.equal(run.state, 'SUCCEEDED', run.error ?? '');
    const chromium = await launchChromium();
    closeBrowser = chromium.close;
    page = await chromium.context.newPage();
    mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await closeBrowser?.();
    await stack?.close();
  });

  async function shot(name: string): Promise<void> {
    const path = join(SHOTS, `${name}.png`);
    await page.screenshot({ path, fullPage: true });
    if (process.env['WEB_SCREENSHOTS_TO_DOCS'] === '1') {
      mkdirSync(DOCS_SHOTS, { recursive: true });
      copyFileSync(path, join(DOCS_SHOTS, `${name}.png`));
    }
  }

  it('is served by the api at / with every asset from the api itself', async () => {
    const outside: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(stack.url) && !request.url().startsWith('data:')) outside.push(request.url());
    });
    const response = await page.goto(`${stack.url}/`);
    assert.equal(response?.status(), 200);
    await page.getByRole('heading', { name: 'Runs' }).waitFor();
    assert.deepEqual(outside, []);
    const docs = await fetch(`${stack.url}/docs`);
    assert.equal(docs.status, 200, '/docs is untouched');
  });

  it('runs: the finished run in the table with its stage, R@10 of the three models, LLM requests and cost', async () => {
    await page.goto(`${stack.url}/#/runs`);
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: finished }) });
    await row.waitFor();
    const cells = await row.getByRole('cell').allInnerTexts();
    assert.match(cells[0] ?? '', /succeeded/);
    assert.match(cells[1] ?? '', /distill \(7\/7\)/);
    for (const i of [3, 4, 5]) assert.match(cells[i] ?? '', /^0\.\d{4}$/, `R@10 column ${i}: ${cells[i]}`);
    assert.ok(Number(cells[6]) >= 20, `LLM requests: ${cells[6]}`);
    await shot('runs');
  });

  it('runs: a new run without a token is not possible; with one, a bad spec shows the api\'s errors under each field', async () => {
    await page.getByRole('button', { name: 'New run' }).click();
    const submit = page.getByRole('button', { name: 'Submit run' });
    assert.equal(await submit.isDisabled(), true, 'no token: no mutation');
    await page.getByLabel('API token').fill(TOKEN);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByLabel('Budget (sessions asked of the LLM)').fill('0');
    await page.getByLabel('Seed').fill('-3');
    await submit.click();
    const budgetError = page.locator('#run-budget-error');
    await budgetError.waitFor();
    assert.match(await budgetError.innerText(), />=1/);
    assert.match(await page.locator('#run-seed-error').innerText(), />=0/);
    assert.equal(await page.getByLabel('Budget (sessions asked of the LLM)').getAttribute('aria-invalid'), 'true');
    await shot('runs-new-run-errors');
  });

  it('a run: timeline, test metrics, learning curves, LLM ledger and the selection side by side', async () => {
    await page.goto(`${stack.url}/#/runs/${encodeURIComponent(finished)}`);
    await page.getByRole('heading', { name: finished }).waitFor();
    const stages = page.getByTestId('timeline').locator('li');
    assert.equal(await stages.count(), 7);
    assert.equal(await page.getByTestId('timeline').locator('.stage-succeeded').count(), 7);
    const metrics = await page.getByTestId('metrics-table').locator('tbody tr').allInnerTexts();
    assert.equal(metrics.length, 3);
    for (const line of metrics) assert.match(line, /0\.\d{4}/);
    await page.getByTestId('curves-chart').locator('canvas').waitFor();
    const curveRows = await page.locator('details', { hasText: 'Curves as a table' }).locator('tbody tr').count();
    assert.ok(curveRows >= 3, `validation checks listed: ${curveRows}`);
    const ledger = await page.getByTestId('llm-ledger').innerText();
    assert.match(ledger, /budget\s+20 sessions/);
    assert.match(ledger, /requests\s+\d+/);
    await page.getByTestId('pstar-chart').locator('canvas').waitFor();
    assert.equal(await page.getByTestId('drawn-table').locator('tbody tr').count(), 20);
    const samples = page.getByTestId('samples').locator('.sample');
    assert.equal(await samples.count(), 4);
    const first = await samples.first().innerText();
    assert.match(first, /watched:/);
    assert.equal(await samples.first().locator('tbody tr').count(), 10, "the teacher's and the LLM's top 10");
    await shot('run');
  });

  it('a run, live: the page follows a run over Server-Sent Events until it ends, without reloading', async () => {
    const accepted = await post<RunAccepted>(`${stack.url}/v1/runs`, { ...SMALL, seed: 2 });
    await page.goto(`${stack.url}/#/runs/${encodeURIComponent(accepted.runId)}`);
    await page.getByRole('heading', { name: accepted.runId }).waitFor();
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    await page.getByTestId('live-indicator').waitFor({ timeout: 30_000 });
    const seen = new Set<string>();
    const deadline = Date.now() + 300_000;
    let shotTaken = false;
    while (Date.now() < deadline) {
      const running = await page.getByTestId('timeline').locator('.stage-running strong').allInnerTexts();
      for (const name of running) seen.add(name);
      if (!shotTaken && (await page.getByTestId('live-progress').count()) > 0) {
        await shot('run-live');
        shotTaken = true;
      }
      if ((await page.getByTestId('timeline').locator('.stage-succeeded').count()) === 7) break;
      await page.waitForTimeout(200);
    }
    assert.equal(await page.getByTestId('timeline').locator('.stage-succeeded').count(), 7, `stages seen running: ${[...seen].join(', ')}`);
    assert.ok(seen.size >= 2, `the page showed the run moving through stages: ${[...seen].join(', ')}`);
    assert.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 1, 'same page: no reload');
  });

  it("compare: strategies for the dataset × backbone with the paper's numbers beside", async () => {
    await page.goto(`${stack.url}/#/compare?dataset=${DATASET}&backbone=fpmc&budget=20&maxSteps=20`);
    const table = page.getByTestId('compare-table');
    await table.waitFor();
    const alkdrec = await table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'alkdrec', exact: true }) }).innerText();
    assert.match(alkdrec, /1, 2/, 'both seeds');
    assert.match(alkdrec, /0\.0215/, "the paper's R@10 for ALKDRec on ML × FPMC");
    await page.getByTestId('compare-chart').locator('canvas').waitFor();
    await shot('compare');
  });

  it('models: promote the distilled student, then the try-it box recommends from it', async () => {
    const run = (await (await fetch(`${stack.url}/v1/runs/${encodeURIComponent(finished)}`)).json()) as { metrics: { distilled: { modelId: string } } };
    const distilled = run.metrics.distilled.modelId;
    await page.goto(`${stack.url}/#/models?dataset=${DATASET}`);
    await page.getByTestId('models-table').waitFor();
    assert.match(await page.getByTestId('serving-model').innerText(), /Nothing promoted/);
    const row = page.getByRole('row').filter({ has: page.locator(`code[title="${distilled}"]`) });
    await row.getByRole('button', { name: 'Promote' }).click();
    await page.getByRole('status').filter({ hasText: 'Promoted' }).waitFor();
    // The serving box re-reads the serving model after the promotion: wait for it, then compare.
    await page.getByTestId('serving-model').filter({ hasText: distilled }).waitFor({ timeout: 10_000 }).catch(() => undefined);
    assert.equal(await page.getByTestId('serving-model').innerText(), distilled);
    const input = page.getByLabel('Add an item by title');
    await input.fill('Star Wars');
    await page.locator('#try-suggestions option').first().waitFor({ state: 'attached' });
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByTestId('try-session').filter({ hasText: 'Star Wars' }).waitFor({ timeout: 10_000 }).catch(() => undefined);
    assert.match(await page.getByTestId('try-session').innerText(), /Star Wars/);
    // The served model loads within about a second of the promotion (every replica polls).
    const deadline = Date.now() + 20_000;
    for (;;) {
      await page.getByRole('button', { name: 'Recommend' }).click();
      const answered = await Promise.race([
        page.getByTestId('try-results').waitFor({ timeout: 3000 }).then(() => true),
        page.getByRole('alert').waitFor({ timeout: 3000 }).then(() => false),
      ]).catch(() => false);
      if (answered || Date.now() > deadline) break;
    }
    assert.equal(await page.getByTestId('try-results').locator('tbody tr').count(), 10);
    await shot('models');
  });

  it('datasets: statistics, and a broken upload shows its error with file, line and field', async () => {
    await page.goto(`${stack.url}/#/datasets`);
    const row = await page.getByTestId('datasets-table').getByRole('row').filter({ hasText: DATASET }).innerText();
    assert.match(row, /8,475/);
    await page.getByLabel('Name').fill('broken-upload');
    await page.getByLabel('items.csv').setInputFiles({ name: 'items.csv', mimeType: 'text/csv', buffer: Buffer.from('itemID,title\n1,Alpha\n2,Beta\n1,Gamma\n') });
    await page.getByLabel('sessions.jsonl').setInputFiles({ name: 'sessions.jsonl', mimeType: 'application/json', buffer: Buffer.from('{"items":["1"],"next":"2"}\n') });
    await page.getByRole('button', { name: 'Import' }).click();
    const problem = page.getByTestId('upload-form').getByRole('alert');
    await problem.waitFor();
    const text = await problem.innerText();
    assert.match(text, /items \(upload "items\.csv"\) line 4: duplicate item id "1"/);
    assert.match(text, /body\.items\s+4/);
    await shot('datasets');
  });

  it('every control is reachable by keyboard: Tab walks the skip link, the sections, the token, the form toggle, the filters and the runs', async () => {
    await page.goto(`${stack.url}/#/runs`);
    await page.reload();
    await page.getByTestId('runs-table').waitFor();
    const focused: string[] = [];
    for (let i = 0; i < 14; i++) {
      await page.keyboard.press('Tab');
      focused.push(
        await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          if (!el) return '';
          const label = el.tagName === 'SELECT' ? (el.closest('label')?.firstChild?.textContent ?? '') : (el.textContent ?? '');
          return `${el.tagName.toLowerCase()}:${label.trim()}`;
        }),
      );
    }
    const expected = ['a:Skip to content', 'a:Runs', 'a:Compare', 'a:Models', 'a:Datasets', 'button:Forget token', 'button:New run', 'select:Dataset', 'select:Strategy', 'select:State', `a:${finished}`];
    for (const name of expected) assert.ok(focused.includes(name), `${name} reachable by Tab: ${focused.join(' | ')}`);
  });
});

import assert from 'node:assert/strict';
import {
  CancelledRun,
  DatasetImported,
  DatasetListPage,
  DatasetView,
  Problem,
  PromotionView,
  RecommendResponse,
  Run,
  RunAccepted,
  RunEvent,
  RunList,
  RunResumed,
} from '@alkdrec/contracts';
import type { ExampleOutput } from './doc-examples';
import { parseEventStream } from './sse-client';

/** The run docs/api.md's runs section creates, follows and reads: its id is derived from its spec. */
export const DOC_RUN_ID = 'movielens-hetrec2011.fpmc.alkdrec.replay.b20.s1.m20';
const DOC_RUN_LOCATION = `/v1/runs/${DOC_RUN_ID}`;
/** The student the docs run distilled (model ids are derived from the dataset and the training options). */
const DOC_DISTILLED_ID = 'movielens-hetrec2011.fpmc.student.d10.s1.9ceb9f944d.distill.4cad5fe317';

export interface ExampleContext {
  cwd: string;
  exists(file: string): boolean;
}
type Check = (output: ExampleOutput, context: ExampleContext) => void | Promise<void>;

function json(output: ExampleOutput): unknown {
  return JSON.parse(output.shown);
}
/** The body after `curl -i`'s status line and headers. */
function bodyAfterHeaders(output: ExampleOutput): unknown {
  return JSON.parse(output.shown.slice(output.shown.indexOf('\r\n\r\n') + 4));
}
function statuses(output: ExampleOutput, expected: number[]): void {
  assert.deepEqual(output.statuses, expected, output.stdout);
}

/**
 * What each example of docs/api.md must answer, by its `<!-- example: <name> -->`: its HTTP statuses
 * and the facts of its output the text relies on. They run in document order over one api, so later
 * examples see what earlier ones made (the uploads, the run).
 */
export const DOC_EXAMPLE_CHECKS: Readonly<Record<string, Check>> = {
  'health-ready': (output) => {
    statuses(output, [200]);
    assert.equal((json(output) as { status: string }).status, 'ok');
  },
  'dataset-upload': (output) => {
    statuses(output, [201]);
    const { dataset } = DatasetImported.parse(json(output));
    assert.deepEqual([dataset.name, dataset.items, dataset.sessions], ['ml-upload', 8475, { train: 7393, valid: 2465, test: 2465, total: 12323 }]);
  },
  'datasets-list': (output) => {
    statuses(output, [200]);
    assert.ok(DatasetListPage.parse(json(output)).datasets.some((d) => d.name === 'ml-upload'));
  },
  'dataset-get': (output) => {
    statuses(output, [200]);
    assert.equal(DatasetView.parse(json(output)).name, 'ml-upload');
  },
  openapi: (output) => {
    statuses(output, [200]);
    const document = json(output) as { openapi: string; paths: Record<string, unknown> };
    assert.equal(document.openapi, '3.1.1');
    for (const path of ['/v1/datasets', '/v1/runs', '/v1/runs/{id}/events']) assert.ok(path in document.paths, path);
  },
  'dataset-upload-no-token': (output) => {
    statuses(output, [401]);
    assert.match(output.shown, /^HTTP\/1\.1 401 Unauthorized\r\n/);
    assert.match(output.shown, /\r\nwww-authenticate: Bearer realm="alkdrec"\r\n/);
    assert.equal(Problem.parse(bodyAfterHeaders(output)).type, 'urn:alkdrec:problem:unauthorized');
  },
  'dashboard-sign-in': (output, context) => {
    statuses(output, [204]);
    assert.ok(context.exists('dashboard-cookie.txt'), 'curl saved the cookie');
  },
  'dashboard-cookie': (output) => {
    statuses(output, [200]);
    assert.ok(Array.isArray((json(output) as { queues: unknown[] }).queues));
  },
  'dashboard-bearer': (output) => {
    statuses(output, [200]);
    assert.ok(Array.isArray((json(output) as { queues: unknown[] }).queues));
  },
  'runs-dataset': (output) => {
    statuses(output, [201]);
    assert.equal(DatasetImported.parse(json(output)).dataset.name, 'movielens-hetrec2011');
  },
  'runs-create': (output) => {
    statuses(output, [202]);
    assert.match(output.shown, /^HTTP\/1\.1 202 Accepted\r\n/);
    assert.match(output.shown, new RegExp(`\\r\\nlocation: ${DOC_RUN_LOCATION.replace(/\./g, '\\.')}\\r\\n`));
    assert.deepEqual(RunAccepted.parse(bodyAfterHeaders(output)), { runId: DOC_RUN_ID, state: 'RUNNING', origin: 'added', previousState: null, location: DOC_RUN_LOCATION });
  },
  'runs-create-invalid': (output) => {
    statuses(output, [400]);
    assert.deepEqual(Problem.parse(json(output)).errors?.map((e) => e.field), ['body.backbone', 'body.budget']);
  },
  'runs-get': (output) => {
    statuses(output, [200]);
    const run = Run.parse(json(output));
    assert.deepEqual([run.id, run.spec.budget, run.spec.maxSteps, run.stages.length], [DOC_RUN_ID, 20, 20, 7]);
  },
  'runs-list': (output) => {
    statuses(output, [200]);
    const page = RunList.parse(json(output));
    assert.deepEqual(page.runs.map((run) => [run.id, run.state]), [[DOC_RUN_ID, 'RUNNING']]);
  },
  'runs-cancel': (output) => {
    statuses(output, [200]);
    const cancelled = CancelledRun.parse(json(output));
    assert.deepEqual([cancelled.runId, cancelled.state, cancelled.already], [DOC_RUN_ID, 'CANCELLED', false]);
  },
  'runs-resume': (output) => {
    statuses(output, [202]);
    assert.deepEqual(RunResumed.parse(json(output)), { runId: DOC_RUN_ID, state: 'RUNNING', origin: 'resumed', previousState: 'CANCELLED', location: DOC_RUN_LOCATION });
  },
  'runs-follow': (output) => {
    statuses(output, [200]);
    const events = parseEventStream(output.shown).events.map((received, index) => {
      const event = RunEvent.parse(received.data);
      assert.deepEqual([received.event, received.id], [event.type, String(index + 1)]);
      return event;
    });
    assert.deepEqual(events[0] && [events[0].type, events[0].type === 'state' && events[0].state], ['state', 'RUNNING']);
    assert.deepEqual(events.at(-1), { type: 'state', runId: DOC_RUN_ID, state: 'SUCCEEDED', stage: null, error: null });
    assert.ok(events.some((event) => event.type === 'progress' && event.progress.stage === 'distill'), 'progress up to the last stage');
  },
  'runs-result': (output) => {
    statuses(output, [200]);
    const run = Run.parse(json(output));
    assert.equal(run.state, 'SUCCEEDED');
    assert.ok(run.stages.every((stage) => stage.state === 'SUCCEEDED' && stage.wallMs !== null));
    assert.ok(run.metrics.student && run.metrics.teacher && run.metrics.distilled, 'the three models have test metrics');
    assert.deepEqual([run.selection.selected, run.selection.byLlmStatus['ranked']], [20, 20]);
    assert.ok(run.llm.answers >= 20 && run.llm.requests >= run.llm.answers && run.llm.costUsd === 0, 'replay answers, free');
  },
  'runs-cancel-finished': (output) => {
    statuses(output, [409]);
    assert.equal(Problem.parse(json(output)).detail, `run ${DOC_RUN_ID} has already SUCCEEDED: only a RUNNING run can be cancelled`);
  },
  'models-promote': (output) => {
    statuses(output, [200]);
    const promotion = PromotionView.parse(json(output));
    assert.deepEqual([promotion.dataset, promotion.modelId, promotion.action], ['movielens-hetrec2011', DOC_DISTILLED_ID, 'promote']);
  },
  recommend: (output) => {
    statuses(output, [200]);
    const answer = RecommendResponse.parse(json(output));
    assert.deepEqual([answer.modelId, answer.unknownItems, answer.items.length], [DOC_DISTILLED_ID, ['no-such-movie'], 3]);
    assert.ok(answer.items.every((item) => !['1', '2', '6'].includes(item.itemId) && item.title !== ''), 'seen items left out, titles given');
  },
  'models-export': (output, context) => {
    statuses(output, [200]);
    assert.match(output.shown, new RegExp(`content-disposition: attachment; filename="alkdrec-model-${DOC_DISTILLED_ID.replace(/\./g, '\\.')}\.tar\.gz"`, 'i'));
    assert.match(output.shown, /content-type: application\/gzip/i);
    assert.ok(context.exists('model.tar.gz'), 'curl saved the archive');
  },
};

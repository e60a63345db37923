import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RunProgress } from '@alkdrec/contracts';
import { createRunProgressReporter, stageLabel } from './run-progress-reporter';

/** A non-TTY stream that keeps what is written to it. */
function fakeStream(): { stream: NodeJS.WriteStream; writes: string[] } {
  const writes: string[] = [];
  const stream = { isTTY: false, write: (chunk: string) => (writes.push(chunk), true) } as unknown as NodeJS.WriteStream;
  return { stream, writes };
}

function progress(overrides: Partial<RunProgress> = {}): RunProgress {
  return { stage: 'predict', stageIndex: 2, stageCount: 7, done: 0, total: 100, finished: [], ...overrides };
}

const RESUME_NOTE = 'already finished (not redone): teacher, student';

describe(createRunProgressReporter.name, () => {
  describe('on a stream that is not a terminal', () => {
    it('announces the stages finished earlier once, on the first progress', () => {
      const { stream, writes } = fakeStream();
      const reporter = createRunProgressReporter(stream, false);
      reporter.update(progress({ finished: ['teacher', 'student'] }));
      reporter.update(progress({ finished: ['teacher', 'student'], done: 50 }));
      reporter.update(progress({ stage: 'hints', stageIndex: 3, finished: ['teacher', 'student', 'predict'] }));
      reporter.stop();
      assert.equal(writes.filter((w) => w.includes(RESUME_NOTE)).length, 1, writes.join(''));
      assert.equal(writes.filter((w) => w.includes('already finished')).length, 1, writes.join(''));
      assert.equal(writes[0], `[run] ${RESUME_NOTE}\n`);
    });

    it('says nothing about finished stages when none are', () => {
      const { stream, writes } = fakeStream();
      const reporter = createRunProgressReporter(stream, false);
      reporter.update(progress({ stage: 'teacher', stageIndex: 0, finished: [] }));
      reporter.update(progress({ stage: 'teacher', stageIndex: 0, finished: [], done: 100 }));
      assert.ok(writes.length > 0);
      assert.ok(writes.every((w) => !w.includes('already finished')), writes.join(''));
    });

    it('prints a line on every stage change, even within the same tenth', () => {
      const { stream, writes } = fakeStream();
      const reporter = createRunProgressReporter(stream, false);
      reporter.update(progress({ stage: 'teacher', stageIndex: 0, done: 5, total: 10 }));
      reporter.update(progress({ stage: 'student', stageIndex: 1, done: 0, total: 10, finished: ['teacher'], message: 'training' }));
      assert.equal(writes.at(-1), '[run] 2/7 student 0/10 · training\n');
      reporter.update(progress({ stage: 'student', stageIndex: 1, done: 0, total: 10, finished: ['teacher'] }));
      assert.equal(writes.length, 2, 'an unchanged stage at the same count prints nothing new');
      assert.ok(writes.every((w) => w.startsWith('[run] ') && w.endsWith('\n')));
    });

    it('writes notes as [run] lines', () => {
      const { stream, writes } = fakeStream();
      createRunProgressReporter(stream, false).note('services connected');
      assert.deepEqual(writes, ['[run] services connected\n']);
    });
  });
});

describe(stageLabel.name, () => {
  it("gives the stage's place in the run", () => {
    assert.equal(stageLabel(progress({ stage: 'predict', stageIndex: 2, stageCount: 7 })), '3/7 predict');
    assert.equal(stageLabel(progress({ stage: 'distill', stageIndex: 3, stageCount: 4 })), '4/4 distill');
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { ContractViolation, runUnderContract } from './parse';

const contract = { payload: z.object({ n: z.number().int() }), result: z.object({ doubled: z.number() }) };

describe(runUnderContract.name, () => {
  it('hands the parsed payload to the handler and returns its parsed result', async () => {
    assert.deepEqual(await runUnderContract(contract, { name: 'double', data: { n: 4, extra: true } }, async ({ n }) => ({ doubled: n * 2 })), { doubled: 8 });
  });

  it('refuses a bad payload before the handler runs, naming the job and the field', async () => {
    let ran = false;
    await assert.rejects(
      runUnderContract(contract, { name: 'double', data: { n: 1.5 } }, async () => ((ran = true), { doubled: 0 })),
      (error: Error) => error instanceof ContractViolation && /^double payload: n: /.test(error.message),
    );
    assert.equal(ran, false);
  });

  it('refuses a result that breaks the contract', async () => {
    await assert.rejects(
      runUnderContract(contract, { name: 'double', data: { n: 1 } }, async () => ({ doubled: 'two' }) as unknown as { doubled: number }),
      (error: Error) => error instanceof ContractViolation && /^double result: doubled: /.test(error.message),
    );
  });
});

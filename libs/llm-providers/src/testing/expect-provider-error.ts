import assert from 'node:assert/strict';
import type { ProviderError } from '../errors/provider-errors';

/** Awaits a rejection and checks it is an instance of `type`; returns it for further checks. */
export async function expectProviderError<T extends ProviderError>(promise: Promise<unknown>, type: abstract new (...args: never[]) => T): Promise<T> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof type, `expected ${type.name}, got ${(error as Error)?.name}: ${(error as Error)?.message}`);
    return error;
  }
  assert.fail(`expected ${type.name}, but the call succeeded`);
}

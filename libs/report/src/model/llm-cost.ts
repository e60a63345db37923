import { callCost, UnknownModelPriceError } from '@alkdrec/llm';
import type { RunData } from './report-input';

/**
 * The paper's GPT-4-turbo bill: 8.6 USD for 500 ranking calls on Games (REFERENCE §4), the list
 * price of a call when the ledger has no tokens (replay records none: it pays nothing).
 */
export const PAPER_USD_PER_CALL = 8.6 / 500;

export interface RunCost {
  usd: number;
  /** 'ledger': the calls' recorded tokens at the model's list price; 'estimate': calls × PAPER_USD_PER_CALL; 'mixed': the ledger where it has tokens, the estimate for the other calls. */
  basis: 'ledger' | 'estimate' | 'mixed';
}

/** What the run's LLM calls cost, or would cost a live run, at list price (not batch). */
export function listPriceOfRun(run: Pick<RunData, 'llm'>): RunCost {
  let priced = 0;
  let usd = 0;
  for (const t of run.llm.tokens) {
    if (t.inputTokens + t.outputTokens === 0) continue;
    try {
      usd += callCost({ ...t, batch: false });
      priced++;
    } catch (error) {
      if (!(error instanceof UnknownModelPriceError)) throw error;
    }
  }
  const unpriced = Math.max(0, run.llm.calls - priced);
  usd += unpriced * PAPER_USD_PER_CALL;
  return { usd, basis: priced === 0 ? 'estimate' : unpriced === 0 ? 'ledger' : 'mixed' };
}

import type { RunLlmReport, RunResult } from '@alkdrec/contracts';
import { formatDuration } from './format-duration';
import { metricsTable } from './result-tables';
import { keyValueLines, textTable } from '@alkdrec/text-table';

/** The run's result for people: stages with their wall times, the three models' test metrics, the LLM's bill. */
export function formatRunResult(result: RunResult): string {
  const { llm } = result;
  const outcomes = Object.entries(llm.outcomes).map(([status, n]) => `${n} ${status}`).join(', ');
  return [
    keyValueLines([
      ['run', result.runId],
      ...(result.pool ? ([['pool', `${result.pool.size} sessions — ${result.pool.note}`]] as [string, string][]) : []),
      ['student', result.student.modelId],
      ['teacher', result.teacher.modelId],
      ['distilled', result.distilled.modelId],
      ['wall time', `${formatDuration(result.wallMs)} (this attempt; stages finished earlier are not redone)`],
    ]),
    '',
    // The outcome column is prose: left-aligned after the numbers.
    textTable(
      [
        ['stage', 'wall', 'tries', 'outcome'],
        ...result.stages.map((s) => [s.name, formatDuration(s.wallMs), String(s.attempts), `${s.resumed ? '(finished earlier) ' : ''}${s.detail}`]),
      ],
      { leftAligned: [3] },
    ),
    '',
    metricsTable([
      { label: 'student', metrics: result.student.test },
      { label: 'teacher', metrics: result.teacher.test },
      { label: 'distilled', metrics: result.distilled.test },
    ]),
    '',
    ...(result.spec.strategy === 'tr' ? ['LLM: none (tr distils the teacher\'s top-50)'] : llmLines(result.spec.provider, llm, outcomes)),
  ].join('\n');
}

/** The LLM's part: sessions and outcomes, then the ledger — requests, answers, faults by class, lost answers, cost. */
function llmLines(provider: string, llm: RunLlmReport, outcomes: string): string[] {
  const faults = Object.entries(llm.faults).map(([fault, n]) => `${n} ${fault}`).join(', ');
  const lost = llm.lost > 0 ? `, ${llm.lost} lost to crashes (estimated ${llm.lostUsd.toFixed(4)} USD, included)` : '';
  const open = llm.openReservations > 0 ? `; ${llm.openReservations} still in flight` : '';
  return [
    `LLM (${provider}): ${llm.selected} sessions selected — ${outcomes || 'none answered'}; ` +
      `${llm.calls} calls (${llm.cachedCalls} from the response store), ${llm.costUsd.toFixed(4)} USD`,
    `LLM requests: ${llm.requests} sent, ${llm.answers} answered${lost}${open}; faults: ${faults || 'none'}`,
  ];
}

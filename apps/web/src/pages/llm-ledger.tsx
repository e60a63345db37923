import type { RunView } from '@alkdrec/contracts';
import { count, usd } from '../format';

/** What the LLM was asked, what came back, what went wrong by class, and what it cost, against the run's budget. */
export function LlmLedger({ view }: { view: RunView }) {
  const { llm, spec } = view;
  const faults = Object.entries(llm.faults).sort((a, b) => b[1] - a[1]);
  const outcomes = Object.entries(llm.outcomes).sort((a, b) => b[1] - a[1]);
  if (spec.strategy === 'tr') {
    return (
      <section aria-labelledby="llm-title">
        <h2 id="llm-title">LLM</h2>
        <p>The tr strategy asks no LLM: it distils the teacher's top 50 on every training session.</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="llm-title">
      <h2 id="llm-title">LLM ledger</h2>
      <div class="cards">
        <dl class="stat" data-testid="llm-ledger">
          <dt>budget</dt>
          <dd>{count(spec.budget)} sessions</dd>
          <dt>selected</dt>
          <dd>{count(llm.selected)}</dd>
          <dt>requests</dt>
          <dd>{count(llm.requests)}</dd>
          <dt>answers</dt>
          <dd>{count(llm.answers)}</dd>
          <dt>prompts (from the store)</dt>
          <dd>
            {count(llm.calls)} ({count(llm.cachedCalls)})
          </dd>
          <dt>lost</dt>
          <dd>{count(llm.lost)}</dd>
          <dt>in flight</dt>
          <dd>{count(llm.openReservations)}</dd>
          <dt>cost</dt>
          <dd>
            {usd(llm.costUsd)}
            {llm.lostUsd > 0 ? ` (of which lost ${usd(llm.lostUsd)})` : ''} · {spec.provider}
          </dd>
        </dl>
        <CountTable caption="Ranking outcomes" label="outcome" unit="sessions" rows={outcomes} empty="none yet" />
        <CountTable caption="Faults by class" label="class" unit="requests" rows={faults} empty="none" />
      </div>
    </section>
  );
}

/** A caption, a name column and a count column, biggest first; `empty` when there are no rows. */
function CountTable({ caption, label, unit, rows, empty }: { caption: string; label: string; unit: string; rows: [string, number][]; empty: string }) {
  return (
    <table class="data compact">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{label}</th>
          <th scope="col" class="num">{unit}</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={2}>{empty}</td>
          </tr>
        ) : (
          rows.map(([name, n]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td class="num">{count(n)}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

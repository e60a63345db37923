/** A run's or stage's state: a symbol and the word, so it reads without colour. */
const LOOK: Readonly<Record<string, { symbol: string; className: string }>> = {
  RUNNING: { symbol: '▶', className: 'state-running' },
  SUCCEEDED: { symbol: '✓', className: 'state-succeeded' },
  FAILED: { symbol: '✗', className: 'state-failed' },
  CANCELLED: { symbol: '■', className: 'state-cancelled' },
  PENDING: { symbol: '○', className: 'state-pending' },
  READY: { symbol: '✓', className: 'state-succeeded' },
  TRAINING: { symbol: '▶', className: 'state-running' },
};

export function StateBadge({ state }: { state: string }) {
  const look = LOOK[state] ?? { symbol: '·', className: '' };
  return (
    <span class={`badge ${look.className}`}>
      <span aria-hidden="true">{look.symbol}</span> {state.toLowerCase()}
    </span>
  );
}

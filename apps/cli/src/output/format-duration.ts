/** 950 → "950 ms", 83_400 → "1m 23.4s", 7_384_000 → "2h 03m 04s". */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  const totalSeconds = ms / 1_000;
  if (totalSeconds < 60) return `${totalSeconds.toFixed(1)}s`;
  const hours = Math.floor(totalSeconds / 3_600);
  const minutes = Math.floor((totalSeconds % 3_600) / 60);
  const seconds = totalSeconds % 60;
  if (hours === 0) return `${minutes}m ${seconds.toFixed(1)}s`;
  return `${hours}h ${String(minutes).padStart(2, '0')}m ${String(Math.floor(seconds)).padStart(2, '0')}s`;
}

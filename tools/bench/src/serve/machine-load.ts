import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';

/**
 * What else is using the machine: load averages and the busiest other processes (the bench shares
 * its cores with the api it drives, and with whatever else runs here).
 */
export function machineLoad(ownPids: readonly number[]): string {
  const [one, five] = loadavg();
  let busiest = '';
  try {
    const lines = execFileSync('ps', ['-eo', 'pid,pcpu,etime,args', '--sort=-pcpu'], { encoding: 'utf8' }).split('\n').slice(1);
    busiest = lines
      .filter((line) => line.trim() !== '' && !ownPids.includes(Number(line.trim().split(/\s+/)[0])))
      .slice(0, 5)
      .map((line) => `    ${line.trim().slice(0, 150)}`)
      .join('\n');
  } catch {
    busiest = '    (ps unavailable)';
  }
  return `${cpus().length} cores, load average ${one?.toFixed(2)} (1 min) ${five?.toFixed(2)} (5 min); busiest other processes (pid, %cpu since start, elapsed, command):\n${busiest}`;
}

import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The shell examples of a Markdown document: every ```sh block, with the marker on the line before
 * it (blank lines aside) — `<!-- example: <name> -->` (run by a test, which checks its output under
 * that name) or `<!-- not run: <reason> -->` (shown only). A block without a marker is an error, so
 * no example can be added to the docs without a test or a stated reason.
 */
export interface DocExample {
  /** The example's name; undefined when it is not run. */
  name: string | undefined;
  notRunBecause: string | undefined;
  /** 1-based line of the opening fence. */
  line: number;
  script: string;
}

const MARKER = /^<!-- (?:example: ([a-z0-9-]+)|not run: (.+?)) -->$/;

export function docExamplesOf(markdown: string, file: string): DocExample[] {
  const lines = markdown.split('\n');
  const examples: DocExample[] = [];
  let fence: { line: number; sh: boolean; body: string[] } | undefined;
  for (const [index, line] of lines.entries()) {
    if (fence) {
      if (line.trim() === '```') {
        if (fence.sh) examples.push({ ...markerBefore(lines, fence.line - 1, file), line: fence.line, script: fence.body.join('\n') });
        fence = undefined;
      } else {
        fence.body.push(line);
      }
    } else if (line.trim().startsWith('```')) {
      fence = { line: index + 1, sh: line.trim() === '```sh', body: [] };
    }
  }
  if (fence) throw new Error(`${file}:${fence.line}: a code block is never closed`);
  return examples;
}

function markerBefore(lines: readonly string[], fenceIndex: number, file: string): Pick<DocExample, 'name' | 'notRunBecause'> {
  let index = fenceIndex - 1;
  while (index >= 0 && lines[index]?.trim() === '') index--;
  const match = MARKER.exec(lines[index]?.trim() ?? '');
  if (!match) throw new Error(`${file}:${fenceIndex + 1}: a sh block without <!-- example: <name> --> or <!-- not run: <reason> --> on the line before it`);
  return { name: match[1], notRunBecause: match[2] };
}

export interface ExampleOutput {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Each curl's HTTP status, in order (000: no answer). */
  statuses: number[];
  /** stdout without the status lines: what the user sees. */
  shown: string;
}

const STATUS_LINE = /\n?@@status (\d{3})@@\n/g;

/**
 * A curl configuration directory whose .curlrc makes every curl print its HTTP status after its
 * output (`write-out`), so a test can check the status of an example without changing its text.
 */
export async function curlHomeWithStatus(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, '.curlrc'), 'write-out = "\\n@@status %{http_code}@@\\n"\n');
  return dir;
}

/** Runs an example's script with bash in `cwd` with `env` (PATH and HOME kept), bounded by `timeoutMs`. */
export function runExample(script: string, options: { cwd: string; env: Record<string, string>; timeoutMs: number }): Promise<ExampleOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: options.cwd,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the example did not finish within ${options.timeoutMs} ms; its output so far:\n${stdout}\n${stderr}`));
    }, options.timeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      const statuses = [...stdout.matchAll(STATUS_LINE)].map((match) => Number(match[1]));
      resolve({ code, stdout, stderr, statuses, shown: stdout.replace(STATUS_LINE, '\n').trim() });
    });
  });
}

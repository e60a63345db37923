import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';

/**
 * The repository files a compiled entry loads: its `require('…')` calls (tsc emits dynamic imports
 * as require too), followed through workspace packages (resolved as Node resolves them, `exports`
 * included, to their real paths) but not into node_modules. Returns each file with the chain of
 * files that led to it, entry first.
 */
export function requireGraph(entry: string, repoRoot: string): Map<string, string[]> {
  const reached = new Map<string, string[]>([[entry, [entry]]]);
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    const chain = reached.get(file) as string[];
    for (const specifier of requiredSpecifiers(readFileSync(file, 'utf8'))) {
      const target = resolveInRepo(specifier, file, repoRoot);
      if (target && !reached.has(target)) {
        reached.set(target, [...chain, target]);
        queue.push(target);
      }
    }
  }
  return reached;
}

/** String-literal require() arguments; computed ones (require(path)) cannot be followed statically. */
export function requiredSpecifiers(source: string): string[] {
  return [...source.matchAll(/\brequire\(\s*(['"])([^'"]+)\1\s*\)/g)].map((match) => match[2] as string);
}

function resolveInRepo(specifier: string, from: string, repoRoot: string): string | undefined {
  if (specifier.startsWith('node:')) return undefined;
  let resolved: string;
  try {
    resolved = require.resolve(specifier, { paths: [dirname(from)] });
  } catch {
    // Optional packages (e.g. @tensorflow/tfjs-node) are required inside try/catch by design.
    return undefined;
  }
  const inside = relative(repoRoot, resolved);
  const outsideRepo = inside.startsWith('..') || !existsSync(resolved);
  if (outsideRepo || inside.split(sep).includes('node_modules') || !resolved.endsWith('.js')) return undefined;
  return resolved;
}

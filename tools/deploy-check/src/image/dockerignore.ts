/**
 * A .dockerignore read as Docker applies it: patterns relative to the context root, `*` within one
 * path segment, `**` across segments, `!` re-includes, the last matching pattern wins, and a
 * pattern that matches a folder excludes everything under it.
 */
export interface DockerIgnore {
  patterns: string[];
  /** Whether the builder leaves `path` (relative to the context root, `/`-separated) out. */
  excludes(path: string): boolean;
}

export function parseDockerIgnore(text: string): DockerIgnore {
  const patterns = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const rules = patterns.map((pattern) => {
    const negated = pattern.startsWith('!');
    const body = (negated ? pattern.slice(1) : pattern).replace(/^\/+/, '').replace(/\/+$/, '');
    return { negated, regex: patternRegex(body) };
  });
  return {
    patterns,
    excludes(path: string): boolean {
      // The path itself or any folder above it: an excluded folder takes its contents along.
      const segments = path.replace(/^\.?\/+/, '').split('/');
      const candidates = segments.map((_, i) => segments.slice(0, i + 1).join('/'));
      let excluded = false;
      for (const rule of rules) {
        if (candidates.some((candidate) => rule.regex.test(candidate))) excluded = !rule.negated;
      }
      return excluded;
    },
  };
}

function patternRegex(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (pattern.startsWith('**/', i)) {
      source += '(?:.*/)?';
      i += 2;
    } else if (pattern.startsWith('**', i)) {
      source += '.*';
      i += 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { findRepoRoot } from '@alkdrec/service-kit';

/** Media types of what the web app's build writes (apps/web/vite.config.mjs): nothing else is served. */
const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};
export const WEB_ASSET_TYPES = Object.values(TYPES);

/** A built asset's name: the bundler's `<name>-<hash>.<ext>`, one path segment, no dot files. */
const ASSET_NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,120}$/;

/**
 * Where the web app's build is: `apps/web/dist/public` under the workspace root (the image keeps it
 * there too: its /runtime holds every app's dist and nx.json). Found by path, not imported: apps do
 * not import each other.
 */
export function webAppDir(): string {
  return join(findRepoRoot(__dirname), 'apps', 'web', 'dist', 'public');
}

export interface WebFile {
  body: Buffer;
  type: string;
}

/**
 * Reads the web app's built files, each once (they do not change while the api runs). Undefined
 * for a name that is not one of its files; `index.html` missing means the app was not built.
 */
export class WebAppFiles {
  private readonly cache = new Map<string, Promise<WebFile | undefined>>();

  constructor(private readonly dir: string = webAppDir()) {}

  index(): Promise<WebFile | undefined> {
    return this.read('index.html', '');
  }

  asset(name: string): Promise<WebFile | undefined> {
    if (!ASSET_NAME.test(name) || name.includes('..')) return Promise.resolve(undefined);
    return this.read(name, 'assets');
  }

  private read(name: string, under: string): Promise<WebFile | undefined> {
    const key = `${under}/${name}`;
    let found = this.cache.get(key);
    if (!found) {
      const type = TYPES[extname(name)];
      found = type === undefined ? Promise.resolve(undefined) : readFile(join(this.dir, under, name)).then((body) => ({ body, type }), () => undefined);
      this.cache.set(key, found);
    }
    return found;
  }
}

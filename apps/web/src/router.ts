import { useEffect, useState } from 'preact/hooks';

/** A view of the app, addressed by the URL fragment (`#/runs/<id>?tab=…`): the api serves one page at `/`. */
export interface Route {
  /** Path segments after `#/`, decoded. */
  segments: string[];
  params: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  return { segments: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(search) };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseHash(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}

export function href(...segments: string[]): string {
  return `#/${segments.map(encodeURIComponent).join('/')}`;
}

/** Replaces the fragment's query (filters) without adding a history entry per keystroke. */
export function replaceParams(segments: string[], params: Record<string, string | undefined>): void {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  history.replaceState(null, '', `${href(...segments)}${text ? `?${text}` : ''}`);
  dispatchEvent(new HashChangeEvent('hashchange'));
}

/**
 * The api token, entered once and kept in this browser (localStorage): sent as `Authorization:
 * Bearer` on every mutation. Reads need none. Listeners re-render what depends on it.
 */
const KEY = 'alkdrec.apiToken';
const listeners = new Set<() => void>();

export function getToken(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function setToken(token: string | null): void {
  if (token === null || token.trim() === '') localStorage.removeItem(KEY);
  else localStorage.setItem(KEY, token.trim());
  for (const listener of listeners) listener();
}

export function onTokenChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

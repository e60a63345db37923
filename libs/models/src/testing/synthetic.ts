import type { SessionInput } from '../input/session-tensors';

/**
 * A toy catalogue where the next item is a fixed function of the last one (v → (v·7 + 3) mod n),
 * with a little noise in the earlier items: a model that learns anything gets it right.
 */
export function chainSessions(count: number, itemCount: number, seed = 1): SessionInput[] {
  let s = seed;
  const rand = (): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
  const successor = (v: number): number => (v * 7 + 3) % itemCount;
  return Array.from({ length: count }, () => {
    const length = 1 + Math.floor(rand() * 4);
    const items: number[] = [];
    for (let t = 0; t < length; t++) items.push(Math.floor(rand() * itemCount));
    const last = items[items.length - 1] as number;
    let next = successor(last);
    // Keep the target out of the session so it is always rankable.
    if (items.includes(next)) next = successor(next);
    return { items: items.includes(next) ? [last] : items, next: items.includes(next) ? successor(last) : next };
  });
}

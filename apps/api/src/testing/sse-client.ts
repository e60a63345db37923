import { until } from '@alkdrec/service-kit/testing';

export interface ReceivedEvent {
  event: string;
  id: string | undefined;
  data: unknown;
}

/** An open Server-Sent Events response, parsed as it arrives (a test's client, over real HTTP). */
export interface EventStreamClient {
  status: number;
  headers: Headers;
  events: ReceivedEvent[];
  /** Comment lines (`: keep-alive`), without the colon. */
  comments: string[];
  /** Resolves when the stream is over: true when the server ended it, false when close() dropped it. */
  ended: Promise<boolean>;
  isEnded(): boolean;
  /** The first event matching `test`, waiting up to `timeoutMs` for it. */
  waitFor(what: string, test: (event: ReceivedEvent) => boolean, timeoutMs?: number): Promise<ReceivedEvent>;
  /** Goes away as a browser does: the connection is dropped. */
  close(): void;
}

/** The events and comments of a whole Server-Sent Events text (what `curl -N` printed). */
export function parseEventStream(text: string): { events: ReceivedEvent[]; comments: string[] } {
  const events: ReceivedEvent[] = [];
  const comments: string[] = [];
  for (const block of text.split('\n\n')) parseEventBlock(block, events, comments);
  return { events, comments };
}

/** One event (lines up to a blank line): `event:`, `id:`, `data:` (JSON) and `:` comments. */
function parseEventBlock(block: string, events: ReceivedEvent[], comments: string[]): void {
  let event = 'message';
  let id: string | undefined;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) comments.push(line.slice(1).trim());
    else if (line.startsWith('event: ')) event = line.slice(7);
    else if (line.startsWith('id: ')) id = line.slice(4);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
  }
  if (data.length > 0) events.push({ event, id, data: JSON.parse(data.join('\n')) });
}

export async function openEventStream(url: string): Promise<EventStreamClient> {
  const abort = new AbortController();
  const response = await fetch(url, { signal: abort.signal, headers: { accept: 'text/event-stream' } });
  const events: ReceivedEvent[] = [];
  const comments: string[] = [];
  let finished = false;
  let buffer = '';
  const parse = (block: string) => parseEventBlock(block, events, comments);
  const read = async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
      finished = true;
    } catch {
      // Aborted by close(): the stream did not end on the server's side.
    }
  };
  const ended = read();
  return {
    status: response.status,
    headers: response.headers,
    events,
    comments,
    ended: ended.then(() => finished),
    isEnded: () => finished,
    waitFor: (what, test, timeoutMs = 30_000) => until(what, async () => events.find(test), timeoutMs, 20),
    close: () => abort.abort(),
  };
}

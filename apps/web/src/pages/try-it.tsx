import type { CatalogueItem, ItemSearchPage, RecommendResponse } from '@alkdrec/contracts';
import { useState } from 'preact/hooks';
import { api, query } from '../api/client';
import { useApi } from '../api/use-api';
import { ProblemView } from '../components/problem-view';

/**
 * Build a session from titles (autocompleted over the catalogue) and ask POST /v1/recommend for
 * what the promoted model serves next. Reading only: no token needed.
 */
export function TryIt({ dataset, servingModel }: { dataset: string; servingModel: string | null }) {
  const [text, setText] = useState('');
  const [session, setSession] = useState<CatalogueItem[]>([]);
  const [answer, setAnswer] = useState<RecommendResponse | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const suggestions = useApi<ItemSearchPage>(text.trim().length >= 2 ? `/v1/datasets/${encodeURIComponent(dataset)}/items${query({ q: text.trim(), limit: 10 })}` : null);
  const options = text.trim().length >= 2 ? (suggestions.data?.items ?? []) : [];
  const add = (event: Event) => {
    event.preventDefault();
    const wanted = text.trim().toLowerCase();
    const item = options.find((o) => o.title.toLowerCase() === wanted) ?? options[0];
    if (!item) return;
    setSession([...session, item]);
    setText('');
  };
  const recommend = async () => {
    setError(undefined);
    try {
      setAnswer(await api<RecommendResponse>('/v1/recommend', { method: 'POST', body: { dataset, items: session.map((i) => i.itemId), k: 10 }, readOnly: true }));
    } catch (reason) {
      setAnswer(undefined);
      setError(reason as Error);
    }
  };
  return (
    <section class="card" aria-labelledby="try-title" data-testid="try-it">
      <h2 id="try-title">Try it</h2>
      <p class="hint">{servingModel ? `Served by ${servingModel}.` : 'No model is promoted for this dataset yet.'}</p>
      <form onSubmit={add} class="inline">
        <label for="try-title-input">Add an item by title</label>
        <input id="try-title-input" list="try-suggestions" autoComplete="off" value={text} onInput={(e) => setText(e.currentTarget.value)} placeholder="type two letters…" />
        <datalist id="try-suggestions">
          {options.map((o) => (
            <option key={o.itemId} value={o.title} />
          ))}
        </datalist>
        <button type="submit" disabled={options.length === 0}>
          Add
        </button>
      </form>
      <ol class="session" aria-label="The session, oldest first" data-testid="try-session">
        {session.map((item, i) => (
          <li key={`${item.itemId}:${i}`}>
            {item.title}{' '}
            <button type="button" aria-label={`Remove ${item.title}`} onClick={() => setSession(session.filter((_, j) => j !== i))}>
              ×
            </button>
          </li>
        ))}
      </ol>
      <button type="button" disabled={session.length === 0} onClick={recommend}>
        Recommend
      </button>
      <ProblemView error={error} />
      {answer && (
        <table class="data compact" data-testid="try-results">
          <caption>Top {answer.items.length} from {answer.modelId}</caption>
          <thead>
            <tr>
              <th scope="col" class="num">#</th>
              <th scope="col">title</th>
              <th scope="col" class="num">score</th>
            </tr>
          </thead>
          <tbody>
            {answer.items.map((item, i) => (
              <tr key={item.itemId}>
                <td class="num">{i + 1}</td>
                <td>{item.title}</td>
                <td class="num">{item.score.toFixed(3)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

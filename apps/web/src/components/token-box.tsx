import { useEffect, useState } from 'preact/hooks';
import { getToken, onTokenChange, setToken } from '../api/token';

export function useToken(): string | null {
  const [token, set] = useState(getToken);
  useEffect(() => onTokenChange(() => set(getToken())), []);
  return token;
}

/** Enter the api token once (kept in this browser); changes are refused until there is one. */
export function TokenBox() {
  const token = useToken();
  const [draft, setDraft] = useState('');
  if (token) {
    return (
      <div class="token">
        <span>token …{token.slice(-4)}</span>
        <button type="button" onClick={() => setToken(null)}>
          Forget token
        </button>
      </div>
    );
  }
  return (
    <form
      class="token"
      onSubmit={(event) => {
        event.preventDefault();
        setToken(draft);
        setDraft('');
      }}
    >
      <label for="token-input">API token</label>
      <input id="token-input" type="password" autoComplete="off" value={draft} onInput={(e) => setDraft(e.currentTarget.value)} placeholder="to change anything" />
      <button type="submit" disabled={draft.trim() === ''}>
        Save
      </button>
    </form>
  );
}

/** Says why a control is disabled: no token yet. */
export function NeedsToken() {
  return <p class="hint">Enter the API token (top right) to make changes.</p>;
}

import { DASHBOARD_PATH } from './dashboard-paths';

/**
 * What a browser gets at the dashboard without a valid cookie (a 401): a form that posts the token
 * to /v1/session, which sets the cookie and redirects back. No script, nothing from elsewhere.
 */
export function signInPage(reason: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>ALKDRec queues: sign in</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem}input,button{font-size:1rem;padding:.4rem}input{width:100%;box-sizing:border-box;margin:.5rem 0}</style>
</head>
<body>
<h1>ALKDRec queues</h1>
<p>${escapeHtml(reason)}</p>
<form method="post" action="/v1/session">
<label for="token">API token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
<button type="submit">Sign in</button>
</form>
<p>The cookie opens ${DASHBOARD_PATH} only and lasts 12 hours.</p>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

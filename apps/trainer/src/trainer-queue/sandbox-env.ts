/**
 * The environment of the sandbox thread: the process environment plus every validated config value
 * (defaults and resolved paths included), so jobs, which read process.env themselves, see exactly
 * the configuration the service validated at startup.
 */
export function sandboxEnv(config: Readonly<Record<string, unknown>>, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const resolved: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(config)) {
    if (value === undefined || value === null) continue;
    resolved[name] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return { ...env, ...resolved };
}

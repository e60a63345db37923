/**
 * Compose's variable interpolation (compose-spec "Interpolation"), applied to every string value of a
 * parsed file before it is validated, as `docker compose config` does: `$$` is a literal `$`;
 * `$VAR` and `${VAR}`; `${VAR:-default}` / `${VAR-default}` (unset or empty / unset only);
 * `${VAR:?message}` / `${VAR?message}` (an error); `${VAR:+alternative}` / `${VAR+alternative}`;
 * defaults and alternatives may themselves hold `${…}`. An unset variable without a default becomes
 * '' with a warning, as compose does.
 */
export type InterpolationEnv = Readonly<Record<string, string | undefined>>;

export class InterpolationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`interpolation failed:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'InterpolationError';
  }
}

export interface Interpolated<T> {
  value: T;
  /** Variables used without a value or a default (compose warns and uses ''). */
  warnings: string[];
}

const NAME = /^[_A-Za-z][_A-Za-z0-9]*/;

interface Context {
  env: InterpolationEnv;
  where: string;
  warnings: string[];
  errors: string[];
}

/** Every string value (not the keys) of a parsed YAML tree, interpolated; throws listing every `:?` failure. */
export function interpolateTree<T>(tree: T, env: InterpolationEnv): Interpolated<T> {
  const warnings: string[] = [];
  const errors: string[] = [];
  const walk = (node: unknown, where: string): unknown => {
    if (typeof node === 'string') return interpolateIn(node, { env, where, warnings, errors });
    if (Array.isArray(node)) return node.map((item, index) => walk(item, `${where}[${index}]`));
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, walk(value, where ? `${where}.${key}` : key)]));
    }
    return node;
  };
  const value = walk(tree, '') as T;
  if (errors.length > 0) throw new InterpolationError(errors);
  return { value, warnings };
}

/** One string, interpolated. */
export function interpolateString(text: string, env: InterpolationEnv): Interpolated<string> {
  const context: Context = { env, where: 'value', warnings: [], errors: [] };
  const value = interpolateIn(text, context);
  if (context.errors.length > 0) throw new InterpolationError(context.errors);
  return { value, warnings: context.warnings };
}

function interpolateIn(text: string, context: Context): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char !== '$') {
      out += char;
      i += 1;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
    } else if (next === '{') {
      const end = closingBrace(text, i + 2);
      if (end < 0) {
        context.errors.push(`${context.where}: unclosed \${ in ${JSON.stringify(text)}`);
        return out;
      }
      out += expand(text.slice(i + 2, end), context);
      i = end + 1;
    } else {
      const name = NAME.exec(text.slice(i + 1))?.[0];
      if (name === undefined) {
        out += '$';
        i += 1;
      } else {
        out += lookup(name, context);
        i += 1 + name.length;
      }
    }
  }
  return out;
}

/** The index of the `}` closing a `${` whose body starts at `from`, nested `${…}` skipped. */
function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i += 1) {
    if (text[i] === '$' && text[i + 1] === '$') i += 1;
    else if (text[i] === '$' && text[i + 1] === '{') {
      depth += 1;
      i += 1;
    } else if (text[i] === '}' && (depth -= 1) === 0) return i;
  }
  return -1;
}

function expand(body: string, context: Context): string {
  const name = NAME.exec(body)?.[0];
  if (name === undefined) {
    context.errors.push(`${context.where}: invalid interpolation \${${body}}`);
    return '';
  }
  const rest = body.slice(name.length);
  if (rest === '') return lookup(name, context);
  const operator = /^(:-|-|:\?|\?|:\+|\+)/.exec(rest)?.[0];
  if (operator === undefined) {
    context.errors.push(`${context.where}: invalid interpolation \${${body}}`);
    return '';
  }
  const word = () => interpolateIn(rest.slice(operator.length), context);
  const value = context.env[name];
  const set = value !== undefined;
  const setAndNotEmpty = set && value !== '';
  switch (operator) {
    case ':-':
      return setAndNotEmpty ? value : word();
    case '-':
      return set ? value : word();
    case ':+':
      return setAndNotEmpty ? word() : '';
    case '+':
      return set ? word() : '';
    default: {
      // :? and ?: required
      if (operator === ':?' ? setAndNotEmpty : set) return value as string;
      const message = word();
      context.errors.push(`${context.where}: required variable ${name} is missing a value${message ? `: ${message}` : ''}`);
      return '';
    }
  }
}

function lookup(name: string, context: Context): string {
  const value = context.env[name];
  if (value === undefined) {
    context.warnings.push(`${context.where}: the ${name} variable is not set, defaulting to a blank string`);
    return '';
  }
  return value;
}

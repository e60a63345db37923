import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;
type Io = 'input' | 'output';

const LOCAL_REF = /^#\/\$defs\/(.+)$/;

/**
 * Zod schemas as OpenAPI 3.1 schemas (JSON Schema 2020-12, z.toJSONSchema). Schemas the contracts
 * name (`.meta({ id })`) become components referenced by `$ref`; requests are described as input
 * (what a client may send: defaults optional, coercions shown as their target), responses as
 * output. A named schema whose input and output differ gets two components, `X` and `XInput`.
 */
export class SchemaComponents {
  private readonly definitions = new Map<string, Partial<Record<Io, JsonSchema>>>();
  private readonly refs: { holder: { $ref: string }; id: string; io: Io }[] = [];

  toSchema(schema: z.ZodType, io: Io): JsonSchema {
    const json = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as JsonSchema;
    const { $schema: _dialect, $defs, ...root } = json;
    for (const [id, definition] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
      const known = this.definitions.get(id) ?? {};
      if (!known[io]) {
        known[io] = definition;
        this.definitions.set(id, known);
        this.collectRefs(definition, io);
      }
    }
    this.collectRefs(root, io);
    return root;
  }

  /** The components, once every schema went through toSchema; points every collected $ref at its component. */
  finish(): Record<string, JsonSchema> {
    const components: Record<string, JsonSchema> = {};
    for (const [id, { input, output }] of [...this.definitions.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      if (output) components[id] = output;
      if (input) components[this.nameOf(id, 'input')] = input;
    }
    for (const { holder, id, io } of this.refs) holder.$ref = `#/components/schemas/${this.nameOf(id, io)}`;
    return components;
  }

  private nameOf(id: string, io: Io): string {
    const { input, output } = this.definitions.get(id) ?? {};
    if (io === 'output' || !output || JSON.stringify(input) === JSON.stringify(output)) return id;
    return `${id}Input`;
  }

  private collectRefs(node: unknown, io: Io): void {
    if (Array.isArray(node)) {
      for (const item of node) this.collectRefs(item, io);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    const match = typeof record['$ref'] === 'string' ? LOCAL_REF.exec(record['$ref']) : null;
    if (match) this.refs.push({ holder: record as { $ref: string }, id: match[1] as string, io });
    for (const value of Object.values(record)) this.collectRefs(value, io);
  }
}

// Every answer and body in the OpenAPI document says its shape (no `{}` and no object of unknown keys where the
// server knows them), so the web's generated types are exact. Binary answers say so (type string, format binary).
import { describe, expect, it } from 'vitest';
import { openapiDocument } from '../../scripts/api-types.ts';

type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; items?: Schema; additionalProperties?: boolean | Schema };

/** The places in one schema that say nothing about their shape. */
export function untypedPlaces(s: Schema | undefined, where: string, out: string[] = []): string[] {
  if (!s || typeof s !== 'object' || s.$ref) return out;
  const said = Object.keys(s).filter((k) => !['description', 'nullable', 'default', 'example', 'title'].includes(k));
  if (said.length === 0) out.push(`${where}: {}`);
  const open = s.additionalProperties === undefined || s.additionalProperties === true || (typeof s.additionalProperties === 'object' && Object.keys(s.additionalProperties).length === 0);
  if (s.type === 'object' && !s.properties && open) out.push(`${where}: object of unknown keys`);
  if (s.type === 'array' && !s.items) out.push(`${where}: array of unknown items`);
  for (const [k, v] of Object.entries(s.properties ?? {})) untypedPlaces(v, `${where}.${k}`, out);
  if (s.items) untypedPlaces(s.items, `${where}[]`, out);
  for (const c of ['anyOf', 'oneOf', 'allOf']) ((s[c] as Schema[] | undefined) ?? []).forEach((x, i) => untypedPlaces(x, `${where}|${i}`, out));
  if (typeof s.additionalProperties === 'object') untypedPlaces(s.additionalProperties, `${where}{}`, out);
  return out;
}

// Places still to be described, by the module that owns them (issue 12): remove an entry once its schema says its shape.
const KNOWN_GAPS: string[] = [
];

describe('the OpenAPI document is complete', () => {
  it('every success answer and request body says its shape', async () => {
    const doc = (await openapiDocument()) as {
      paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>; requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
      components?: { schemas?: Record<string, Schema> };
    };
    const found: string[] = [];
    // Named schemas are walked once, where they are defined; answers refer to them.
    for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
      // A problem may carry extension members of any kind besides its own (RFC 9457, section 3.2); a JSON value (an
      // audit record's before/after) is any JSON by definition.
      if (!/^(Problem|JsonValue)(Input)?$/.test(name)) untypedPlaces(schema, `#/components/schemas/${name}`, found);
    }
    for (const [path, item] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/')) continue;
      for (const [method, op] of Object.entries(item)) {
        const name = `${method.toUpperCase()} ${path}`;
        for (const [code, answer] of Object.entries(op.responses ?? {})) {
          if (code.startsWith('2')) for (const c of Object.values(answer.content ?? {})) untypedPlaces(c.schema, `${name} ${code}`, found);
        }
        for (const c of Object.values(op.requestBody?.content ?? {})) untypedPlaces(c.schema, `${name} body`, found);
      }
    }
    expect(found.filter((f) => !KNOWN_GAPS.includes(f))).toEqual([]);
    // A gap once closed leaves the list: the list only shrinks.
    expect(KNOWN_GAPS.filter((g) => !found.includes(g))).toEqual([]);
  });
});

import { openapiDocument } from './api-types.ts';
const doc: any = await openapiDocument();
const out: string[] = [];
function walk(s: any, where: string) {
  if (!s || typeof s !== 'object') return;
  if (s.$ref) return;
  const keys = Object.keys(s).filter((k) => !['description', 'nullable', 'default', 'example', 'title'].includes(k));
  if (keys.length === 0) out.push(`${where}: {}`);
  if (s.type === 'object' && !s.properties && (s.additionalProperties === undefined || s.additionalProperties === true || (typeof s.additionalProperties === 'object' && Object.keys(s.additionalProperties).length === 0))) out.push(`${where}: untyped object`);
  if (s.type === 'array' && !s.items) out.push(`${where}: untyped array`);
  for (const [k, v] of Object.entries(s.properties ?? {})) walk(v, `${where}.${k}`);
  if (s.items) walk(s.items, `${where}[]`);
  for (const c of ['anyOf', 'oneOf', 'allOf']) (s[c] ?? []).forEach((x: any, i: number) => walk(x, `${where}|${c}${i}`));
  if (typeof s.additionalProperties === 'object') walk(s.additionalProperties, `${where}{}`);
}
for (const [p, item] of Object.entries<any>(doc.paths)) for (const [m, op] of Object.entries<any>(item)) {
  for (const [code, r] of Object.entries<any>(op.responses ?? {})) if (code.startsWith('2')) for (const c of Object.values<any>(r.content ?? {})) walk(c.schema, `${m.toUpperCase()} ${p} ${code}`);
  for (const c of Object.values<any>(op.requestBody?.content ?? {})) walk(c.schema, `${m.toUpperCase()} ${p} body`);
  const has2xxContent = Object.entries<any>(op.responses ?? {}).some(([c, r]) => c.startsWith('2') && (r.content || c === '204'));
  if (!has2xxContent) out.push(`${m.toUpperCase()} ${p}: 2xx without content`);
}
console.log(out.join('\n')); console.log(out.length);

// The spec gate: every answer a contract test receives from the stand-ins, the gateway path and
// the batch service is checked against OpenAI's published OpenAPI document (the excerpt vendored
// by scripts/vendor-openapi.mjs at a named commit). A problem fails the test unless
// spec-deviations.ts lists it, with the reason the real upstream answers that way too.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './fixtures';
import { specDeviations } from './spec-deviations';

type Schema = Record<string, unknown>;

interface Excerpt {
  commit: string;
  schemas: Record<string, Schema>;
}

let excerpt: Excerpt | null = null;
const spec = (): Excerpt =>
  (excerpt ??= JSON.parse(
    readFileSync(join(repoRoot, 'test/fixtures/openai-openapi/openapi-excerpt.json'), 'utf8'),
  ) as Excerpt);

export const specCommit = (): string => spec().commit;

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const typeOf = (v: unknown): string =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'array'
      : typeof v === 'number'
        ? Number.isInteger(v)
          ? 'integer'
          : 'number'
        : typeof v;

const show = (v: unknown): string => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

const resolve = (s: Schema): Schema => {
  let cur = s;
  for (let i = 0; i < 32 && typeof cur.$ref === 'string'; i++) {
    const name = cur.$ref.replace('#/components/schemas/', '');
    const next = spec().schemas[name];
    if (!next) throw new Error(`the excerpt lacks ${cur.$ref}: run scripts/vendor-openapi.mjs`);
    cur = next;
  }
  return cur;
};

/** The branch of an anyOf/oneOf that a `type` (or `object`) discriminator points at. */
const discriminated = (branches: Schema[], v: unknown): Schema | null => {
  if (!isObj(v)) return null;
  for (const key of ['type', 'object']) {
    if (typeof v[key] !== 'string') continue;
    const hit = branches.find((b) => {
      const p = (resolve(b).properties as Record<string, Schema> | undefined)?.[key];
      return !!p && (p.const === v[key] || (Array.isArray(p.enum) && p.enum.includes(v[key])));
    });
    if (hit) return hit;
  }
  return null;
};

/** Every way `v` departs from `schema`, as "path: what" lines. */
export const problems = (schema: Schema, v: unknown, path = '$'): string[] => {
  const s = resolve(schema);
  const out: string[] = [];
  if (Array.isArray(s.allOf))
    for (const sub of s.allOf as Schema[]) out.push(...problems(sub, v, path));
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (!Array.isArray(s[key])) continue;
    const branches = s[key] as Schema[];
    const results = branches.map((b) => problems(b, v, path));
    if (results.some((r) => r.length === 0)) continue;
    const pick = discriminated(branches, v);
    if (pick) out.push(...problems(pick, v, path));
    else out.push(`${path}: ${show(v)} matches none of the ${branches.length} ${key} branches`);
  }
  if (v === null && s.nullable === true) return out;
  const types = Array.isArray(s.type) ? (s.type as string[]) : s.type ? [s.type as string] : [];
  const t = typeOf(v);
  if (types.length > 0 && !types.includes(t) && !(t === 'integer' && types.includes('number'))) {
    out.push(`${path}: expected ${types.join(' or ')}, got ${show(v)}`);
    return out;
  }
  if (Array.isArray(s.enum) && !s.enum.includes(v))
    out.push(`${path}: expected one of ${show(s.enum)}, got ${show(v)}`);
  if ('const' in s && s.const !== v) out.push(`${path}: expected ${show(s.const)}, got ${show(v)}`);
  if (isObj(v)) {
    for (const r of Array.isArray(s.required) ? (s.required as string[]) : [])
      if (!(r in v)) out.push(`${path}.${r}: required, missing`);
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const [k, x] of Object.entries(v)) {
      if (props[k]) out.push(...problems(props[k], x, `${path}.${k}`));
      else if (s.additionalProperties === false) out.push(`${path}.${k}: not in the schema`);
      else if (isObj(s.additionalProperties))
        out.push(...problems(s.additionalProperties, x, `${path}.${k}`));
    }
  }
  if (Array.isArray(v) && isObj(s.items))
    v.forEach((x, i) => out.push(...problems(s.items as Schema, x, `${path}[${i}]`)));
  return out;
};

/** The problems of `v` against the named schema that no listed deviation explains. */
export const unexplained = (name: string, v: unknown, source: string): string[] => {
  const schema = spec().schemas[name];
  if (!schema) throw new Error(`the excerpt has no schema ${name}`);
  return problems(schema, v).filter(
    (p) =>
      !specDeviations.some(
        (d) => d.schema === name && d.sources.includes(source) && d.problem.test(p),
      ),
  );
};

/** Fails the test on any unexplained departure from OpenAI's schema. */
export const assertSpec = (name: string, v: unknown, source: string): void => {
  const found = unexplained(name, v, source);
  assert.deepEqual(
    found,
    [],
    `${source}'s answer departs from ${name} (openai-openapi ${spec().commit.slice(0, 10)}):\n${found.join('\n')}`,
  );
};

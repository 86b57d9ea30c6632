// What a model under guided decoding produces for a JSON schema: a value that conforms. Real vLLM
// compiles the schema with xgrammar and refuses what it cannot compile before anything is generated
// (vllm/v1/structured_output/backend_xgrammar.py, validate_xgrammar_grammar, v0.26.0): a schema
// that is not an object, an unknown "type", a "$ref" that resolves nowhere, "required" naming no
// string. The stand-in refuses those with the same words and generates the smallest conforming
// value for the rest, so a client's own parser (zod in the AI SDK, LangChain) accepts it.
type Schema = Record<string, unknown>;

const types = new Set(['object', 'array', 'string', 'number', 'integer', 'boolean', 'null']);

const isSchema = (v: unknown): v is Schema =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** "#/$defs/X" or "#/definitions/X" in the root schema. */
const resolve = (root: Schema, ref: string): Schema | null => {
  const m = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
  const defs = m ? (root[m[1]!] as Record<string, unknown> | undefined) : undefined;
  const target = defs?.[decodeURIComponent(m![2]!)];
  return isSchema(target) ? target : null;
};

/** Why xgrammar would refuse this schema, in vLLM's words; null when it compiles. */
export const schemaProblem = (
  schema: unknown,
  root: unknown = schema,
  depth = 0,
): string | null => {
  const fail = (why: string) => `Failed to transform json schema into a grammar: ${why}`;
  if (!isSchema(schema)) return 'Invalid JSON grammar specification.';
  if (depth > 64) return fail('schema nested too deeply');
  const r = root as Schema;
  if (typeof schema.$ref === 'string')
    return resolve(r, schema.$ref) ? null : fail(`unresolved reference ${schema.$ref}`);
  const t = schema.type;
  for (const one of Array.isArray(t) ? t : t === undefined ? [] : [t])
    if (typeof one !== 'string' || !types.has(one))
      return fail(`unknown type ${JSON.stringify(one)}`);
  if (schema.required !== undefined)
    if (!Array.isArray(schema.required) || schema.required.some((x) => typeof x !== 'string'))
      return fail('"required" must be an array of strings');
  if (schema.properties !== undefined) {
    if (!isSchema(schema.properties)) return fail('"properties" must be an object');
    for (const p of Object.values(schema.properties)) {
      const why = schemaProblem(p, root, depth + 1);
      if (why) return why;
    }
  }
  for (const key of ['items', 'additionalProperties'] as const) {
    const sub = schema[key];
    if (sub !== undefined && typeof sub !== 'boolean') {
      const why = schemaProblem(sub, root, depth + 1);
      if (why) return why;
    }
  }
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const list = schema[key];
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.length === 0)
      return fail(`"${key}" must be a non-empty array`);
    for (const s of list) {
      const why = schemaProblem(s, root, depth + 1);
      if (why) return why;
    }
  }
  if (schema.enum !== undefined && (!Array.isArray(schema.enum) || schema.enum.length === 0))
    return fail('"enum" must be a non-empty array');
  return null;
};

/** The smallest value that conforms: every property present, one word per string. */
export const instanceFor = (schema: unknown, root: unknown = schema, depth = 0): unknown => {
  if (!isSchema(schema) || depth > 64) return null;
  const r = root as Schema;
  if (typeof schema.$ref === 'string') return instanceFor(resolve(r, schema.$ref), root, depth + 1);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  for (const key of ['anyOf', 'oneOf'] as const)
    if (Array.isArray(schema[key])) return instanceFor(schema[key][0], root, depth + 1);
  if (Array.isArray(schema.allOf))
    return Object.assign(
      {},
      ...schema.allOf.map((s) => instanceFor(s, root, depth + 1) as object),
    ) as unknown;
  const type: unknown = Array.isArray(schema.type) ? (schema.type as unknown[])[0] : schema.type;
  switch (type ?? (isSchema(schema.properties) ? 'object' : 'string')) {
    case 'object': {
      const props = isSchema(schema.properties) ? schema.properties : {};
      return Object.fromEntries(
        Object.entries(props).map(([k, p]) => [k, instanceFor(p, root, depth + 1)]),
      );
    }
    case 'array': {
      const n = typeof schema.minItems === 'number' ? schema.minItems : 1;
      return Array.from({ length: n }, () => instanceFor(schema.items, root, depth + 1));
    }
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? Math.ceil(schema.minimum) : 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default: {
      const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
      return 'word0'.padEnd(Math.max(5, min), 'x');
    }
  }
};

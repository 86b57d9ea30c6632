// Vendors the part of OpenAI's published OpenAPI document that the spec gate checks answers
// against (test/support/openapi-gate.ts): the named schemas and everything they reference.
//
//   git -C <openai/openai-openapi clone> show <commit>:openapi.json > /tmp/openapi.json
//   node scripts/vendor-openapi.mjs /tmp/openapi.json <commit> <commit date>
//
// The whole document is 3.4 MB; the excerpt keeps the schemas as published, untouched.
import { readFileSync, writeFileSync } from 'node:fs';

const [file, commit, date] = process.argv.slice(2);
if (!file || !commit || !date) {
  process.stderr.write('usage: node scripts/vendor-openapi.mjs <openapi.json> <commit> <date>\n');
  process.exit(2);
}
export const roots = [
  'CreateChatCompletionResponse',
  'CreateChatCompletionStreamResponse',
  'Response',
  'ResponseStreamEvent',
  'ListModelsResponse',
  'Model',
  'CreateEmbeddingResponse',
  'OpenAIFile',
  'ListFilesResponse',
  'DeleteFileResponse',
  'Batch',
  'ListBatchesResponse',
  'ErrorResponse',
];
const doc = JSON.parse(readFileSync(file, 'utf8'));
const all = doc.components.schemas;
const keep = {};
const visit = (name) => {
  if (keep[name]) return;
  if (!all[name]) throw new Error(`no schema ${name}`);
  keep[name] = all[name];
  JSON.stringify(all[name], (k, v) => {
    if (k === '$ref' && typeof v === 'string') visit(v.replace('#/components/schemas/', ''));
    return v;
  });
};
roots.forEach(visit);
const out = {
  source: 'https://github.com/openai/openai-openapi openapi.json',
  commit,
  date,
  openapi: doc.openapi,
  version: doc.info?.version,
  roots,
  schemas: Object.fromEntries(
    Object.keys(keep)
      .sort()
      .map((k) => [k, keep[k]]),
  ),
};
writeFileSync(
  new URL('../test/fixtures/openai-openapi/openapi-excerpt.json', import.meta.url),
  `${JSON.stringify(out, null, 1)}\n`,
);
process.stdout.write(`${Object.keys(keep).length} schemas kept of ${Object.keys(all).length}\n`);

// The real proxy runs compose/litellm/local_only.py; the LiteLLM stand-in applies the same rules
// from test/standins/litellm/local-only-hook.ts. This runs the Python file (without LiteLLM: it
// falls back to stand-in base classes) on the same requests and requires the same verdicts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { localOnlyProblem } from '../standins/litellm/local-only-hook';
import { repoRoot } from '../support/fixtures';

const wide = {
  type: 'object',
  properties: Object.fromEntries(
    Array.from({ length: 2500 }, (_, i) => [
      `f${i}`,
      { type: 'string', description: 'é'.repeat(8) },
    ]),
  ),
};
const cases: { data: Record<string, unknown>; callType: 'aresponses' | 'acompletion' }[] = [
  { data: { input: 'hi' }, callType: 'aresponses' },
  { data: { tools: [{ type: 'web_search' }] }, callType: 'aresponses' },
  {
    data: { tools: [{ type: 'file_search' }, { type: 'function', name: 'x' }] },
    callType: 'aresponses',
  },
  { data: { tools: [{ type: 'function', name: 'x' }] }, callType: 'aresponses' },
  { data: { tools: [{ type: 'code_interpreter' }] }, callType: 'acompletion' },
  { data: { text: { format: { type: 'json_schema', schema: wide } } }, callType: 'aresponses' },
  {
    data: { response_format: { type: 'json_schema', json_schema: { schema: wide } } },
    callType: 'acompletion',
  },
  {
    data: { response_format: { type: 'json_schema', json_schema: { schema: { type: 'object' } } } },
    callType: 'acompletion',
  },
];

const python = spawnSync('python3', ['--version']);
test(
  'local_only.py and the stand-in give the same verdict on every case',
  { skip: python.error ? 'python3 is not installed: the Python hook is not run here' : false },
  () => {
    const program = [
      'import json, sys',
      `sys.path.insert(0, ${JSON.stringify(join(repoRoot, 'compose', 'litellm'))})`,
      'from local_only import local_only_problem',
      'cases = json.load(sys.stdin)',
      'print(json.dumps([local_only_problem(c["data"], c["callType"]) for c in cases]))',
    ].join('\n');
    const r = spawnSync('python3', ['-c', program], {
      input: JSON.stringify(cases),
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    const fromPython = JSON.parse(r.stdout) as (string | null)[];
    const fromStandin = cases.map((c) => localOnlyProblem(c.data, c.callType));
    assert.deepEqual(fromPython, fromStandin);
    assert.deepEqual(
      fromStandin.map((p) => p !== null),
      [false, true, true, false, false, true, true, false],
    );
  },
);

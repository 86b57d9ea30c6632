import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dotenvValues, setDotenvValues } from '../../electron/node/compose/dotenv-file';

test('values: quotes, export, inline comments, blank and comment lines', () => {
  const v = dotenvValues('# c\nA=1\nexport B="two words"\nC=\'x\'\nD=plain # note\n\nE=\n');
  assert.deepEqual(v, { A: '1', B: 'two words', C: 'x', D: 'plain', E: '' });
});

test('setting keys rewrites them in place and keeps comments and order', () => {
  const text =
    '# secrets\nLITELLM_MASTER_KEY=sk-old\n# images\nVLLM_IMAGE=vllm/vllm-openai:v0.12.0\n';
  const out = setDotenvValues(text, { VLLM_IMAGE: 'vllm/vllm-openai@sha256:abc', NEW: 'x' });
  assert.equal(
    out,
    '# secrets\nLITELLM_MASTER_KEY=sk-old\n# images\nVLLM_IMAGE=vllm/vllm-openai@sha256:abc\nNEW=x\n',
  );
});

test('a key on two lines is set on one line, where its last line was', () => {
  const out = setDotenvValues('A=1\nB=x\nA=\n', { A: '2' });
  assert.equal(out, 'B=x\nA=2\n');
});

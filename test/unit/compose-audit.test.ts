import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { auditServices, interpolate, parsePort } from '../../electron/core/compose-audit';

test('interpolation as compose does it', () => {
  const env = { A: 'a', EMPTY: '' };
  assert.equal(
    interpolate('${A}-${B:-def}-${EMPTY:-e}-${EMPTY-x}-$A-$$HOME-${B?}', env),
    'a-def-e--a-$HOME-',
  );
});

test('ports: short, long, IPv6, protocols, bare numbers', () => {
  assert.deepEqual(parsePort('127.0.0.1:8000:8000'), {
    hostIp: '127.0.0.1',
    published: '8000',
    target: '8000',
  });
  assert.deepEqual(parsePort('[::1]:8000:8000/tcp'), {
    hostIp: '::1',
    published: '8000',
    target: '8000',
  });
  assert.deepEqual(parsePort('8000:8000'), {
    hostIp: '0.0.0.0',
    published: '8000',
    target: '8000',
  });
  assert.deepEqual(parsePort('8000'), { hostIp: '0.0.0.0', published: null, target: '8000' });
  assert.deepEqual(parsePort(11434), { hostIp: '0.0.0.0', published: null, target: '11434' });
  assert.deepEqual(parsePort({ target: 4000, published: 4000, host_ip: '0.0.0.0' }), {
    hostIp: '0.0.0.0',
    published: '4000',
    target: '4000',
  });
  assert.deepEqual(parsePort({ target: 4000, published: '4000' }), {
    hostIp: '0.0.0.0',
    published: '4000',
    target: '4000',
  });
});

test('anchors, extends, env interpolation, profiles, and a second file appending ports', () => {
  const base = parse(
    [
      'x-ports: &local',
      '  - "127.0.0.1:${VLLM_PORT:-8000}:8000"',
      'services:',
      '  vllm-base:',
      '    image: ${VLLM_IMAGE:-vllm/vllm-openai:v0.12.0}',
      '    ports: *local',
      '  vllm:',
      '    extends: vllm-base',
      '    profiles: [gpu]',
      '  ollama:',
      '    extends: { service: vllm-base }',
      '    image: ollama/ollama:0.12.6',
    ].join('\n'),
    { merge: true },
  ) as Record<string, unknown>;
  const over = parse('services:\n  vllm:\n    ports:\n      - "[::]:9000:8000"\n') as Record<
    string,
    unknown
  >;
  const svcs = auditServices([base, over], { VLLM_PORT: '8010' });
  const vllm = svcs.find((s) => s.name === 'vllm');
  assert.equal(vllm?.image, 'vllm/vllm-openai:v0.12.0');
  assert.deepEqual(vllm?.profiles, ['gpu']);
  assert.deepEqual(vllm?.ports, [
    { hostIp: '127.0.0.1', published: '8010', target: '8000' },
    { hostIp: '::', published: '9000', target: '8000' },
  ]);
  assert.equal(svcs.find((s) => s.name === 'ollama')?.image, 'ollama/ollama:0.12.6');
});

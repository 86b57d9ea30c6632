import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { GatewayError } from '../../electron/core/gateway-error';
import { loadComposeModel } from '../../electron/node/compose/compose-file';
import { repoRoot } from '../support/fixtures';

const dir = mkdtempSync(join(tmpdir(), 'hagw-compose-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

test('the bundled compose file: default services, profiles only when active', async () => {
  const f = join(repoRoot, 'compose', 'docker-compose.yml');
  const base = await loadComposeModel([f]);
  assert.deepEqual(base.services.map((s) => s.name).sort(), [
    'batch',
    'caddy',
    'grafana',
    'litellm',
    'postgres',
    'prometheus',
    'redis',
  ]);
  const gpu = await loadComposeModel([f], ['gpu', 'coder']);
  assert.deepEqual(gpu.services.map((s) => s.name).sort(), [
    'batch',
    'caddy',
    'gpu-exporter',
    'grafana',
    'litellm',
    'postgres',
    'prometheus',
    'redis',
    'vllm',
    'vllm-coder',
    'vllm-embed',
    'waker',
  ]);
  const withOllama = await loadComposeModel([f], ['ollama']);
  assert.ok(withOllama.services.some((s) => s.name === 'ollama'));
});

test('YAML anchors and merge keys are understood', async () => {
  const f = file(
    'anchors.yml',
    'x-common: &c\n  restart: always\nservices:\n  a:\n    <<: *c\n    image: a\n  b:\n    image: b\n',
  );
  assert.deepEqual(
    (await loadComposeModel([f])).services.map((s) => s.name),
    ['a', 'b'],
  );
});

test('an override file adds services and profiles to the base', async () => {
  const a = file('a.yml', 'services:\n  a: {image: a}\n');
  const b = file(
    'b.yml',
    'services:\n  a: {network_mode: host}\n  b: {image: b, profiles: [extra]}\n',
  );
  assert.deepEqual(
    (await loadComposeModel([a, b])).services.map((s) => s.name),
    ['a'],
  );
  assert.deepEqual(
    (await loadComposeModel([a, b], ['extra'])).services.map((s) => s.name),
    ['a', 'b'],
  );
});

test('missing file, invalid YAML and a non-mapping services each give one line that says what to do', async () => {
  await assert.rejects(
    loadComposeModel([join(dir, 'nope.yml')]),
    (e: GatewayError) =>
      e.code === 'COMPOSE_FILE' &&
      /not found; set HAGW_COMPOSE_FILE/.test(e.message) &&
      !e.message.includes('\n'),
  );
  const bad = file('bad.yml', 'services:\n  a:\n    image: [unclosed\n');
  await assert.rejects(
    loadComposeModel([bad]),
    (e: GatewayError) => e.code === 'COMPOSE_FILE' && /not valid YAML at line \d/.test(e.message),
  );
  const list = file('list.yml', 'services:\n  - a\n');
  await assert.rejects(loadComposeModel([list]), (e: GatewayError) =>
    /must be a mapping/.test(e.message),
  );
});

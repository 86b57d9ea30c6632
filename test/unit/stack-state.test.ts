import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ContainerFacts } from '../../electron/core/ports';
import { deriveStack, summarize, toServiceStatus } from '../../electron/core/stack-state';

const c = (
  service: string,
  status: string,
  health: string | null = 'healthy',
  extra: Partial<ContainerFacts> = {},
): ContainerFacts => ({
  id: `id-${service}`,
  service,
  status,
  health,
  startedAt: '2026-12-01T10:00:00.000Z',
  finishedAt: '0001-01-01T00:00:00Z',
  exitCode: 0,
  ...extra,
});

const expected = ['caddy', 'litellm', 'postgres', 'vllm'];

describe('deriveStack', () => {
  test('no containers at all is stopped, every expected service missing', () => {
    const s = deriveStack({ project: 'hagw', expected, containers: [], operation: null });
    assert.equal(s.state, 'stopped');
    assert.deepEqual(
      s.services.map((x) => [x.name, x.state, x.health]),
      expected.map((n) => [n, 'missing', 'none']),
    );
  });

  test('every service running and healthy (or without a healthcheck) is running', () => {
    const s = deriveStack({
      project: 'hagw',
      expected,
      containers: [
        c('caddy', 'running', null),
        c('litellm', 'running'),
        c('postgres', 'running'),
        c('vllm', 'running'),
      ],
      operation: null,
    });
    assert.equal(s.state, 'running');
    assert.equal(s.services.find((x) => x.name === 'caddy')?.health, 'none');
  });

  test('a healthcheck still pending is starting, not partial', () => {
    const s = deriveStack({
      project: 'hagw',
      expected,
      containers: [
        c('caddy', 'running'),
        c('litellm', 'running'),
        c('postgres', 'running'),
        c('vllm', 'running', 'starting'),
      ],
      operation: null,
    });
    assert.equal(s.state, 'starting');
  });

  test('one service exited while others run is partial, with its exit code and exit time', () => {
    const s = deriveStack({
      project: 'hagw',
      expected,
      containers: [
        c('caddy', 'running'),
        c('litellm', 'exited', null, { exitCode: 3, finishedAt: '2026-12-01T10:05:00.000Z' }),
        c('postgres', 'running'),
        c('vllm', 'running'),
      ],
      operation: null,
    });
    assert.equal(s.state, 'partial');
    const l = s.services.find((x) => x.name === 'litellm');
    assert.deepEqual(
      [l?.state, l?.exitCode, l?.since, l?.health],
      ['exited', 3, '2026-12-01T10:05:00.000Z', 'none'],
    );
  });

  test('an unhealthy service is partial', () => {
    const s = deriveStack({
      project: 'hagw',
      expected,
      containers: expected.map((n) => c(n, 'running', n === 'vllm' ? 'unhealthy' : 'healthy')),
      operation: null,
    });
    assert.equal(s.state, 'partial');
  });

  test('during an up operation the stack is starting even with services still missing', () => {
    const s = deriveStack({
      project: 'hagw',
      expected,
      containers: [c('postgres', 'running')],
      operation: 'up',
    });
    assert.equal(s.state, 'starting');
    assert.equal(s.operation, 'up');
  });

  test('all containers exited after a down is stopped', () => {
    const s = deriveStack({
      project: 'hagw',
      expected,
      containers: expected.map((n) => c(n, 'exited', null)),
      operation: null,
    });
    assert.equal(s.state, 'stopped');
  });

  test('a container compose did not expect (orphan) is still shown', () => {
    const s = deriveStack({
      project: 'hagw',
      expected: ['litellm'],
      containers: [c('litellm', 'running'), c('old-thing', 'running')],
      operation: null,
    });
    assert.deepEqual(
      s.services.map((x) => x.name),
      ['litellm', 'old-thing'],
    );
  });

  test('the newest of two containers for one service wins', () => {
    const s = deriveStack({
      project: 'hagw',
      expected: ['vllm'],
      containers: [
        c('vllm', 'exited', null, { id: 'old', startedAt: '2026-11-01T00:00:00Z', exitCode: 1 }),
        c('vllm', 'running', 'healthy', { id: 'new', startedAt: '2026-12-01T00:00:00Z' }),
      ],
      operation: null,
    });
    assert.equal(s.state, 'running');
  });
});

describe('toServiceStatus', () => {
  test('maps Docker states, including dead and removing, onto the contract states', () => {
    assert.equal(toServiceStatus('x', c('x', 'dead', null)).state, 'exited');
    assert.equal(toServiceStatus('x', c('x', 'paused', null)).state, 'paused');
    assert.equal(toServiceStatus('x', c('x', 'restarting', null)).state, 'restarting');
    assert.equal(toServiceStatus('x', c('x', 'created', null)).state, 'created');
  });

  test("Docker's zero time is never reported as a time", () => {
    assert.equal(
      toServiceStatus('x', c('x', 'created', null, { startedAt: '0001-01-01T00:00:00Z' })).since,
      null,
    );
  });
});

test('summarize: an empty expected list is stopped, or starting while up runs', () => {
  assert.equal(summarize([], null), 'stopped');
  assert.equal(summarize([], 'up'), 'starting');
});

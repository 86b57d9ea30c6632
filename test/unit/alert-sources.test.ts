import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FailureLine } from '../../electron/node/platform/failure-line';
import { collectObservations } from '../../electron/app/alert-sources';
import type { App } from '../../electron/app/create-app';

test('one list of observations: stack, keys, certificates, the doctor and batches all reach the alerts', async () => {
  const gw = {
    batches: {
      observations: () =>
        Promise.resolve([
          {
            id: 'batch:failed:batch_1',
            severity: 'warning',
            source: 'batch',
            title: 't',
            message: 'm',
          },
        ]),
    },
    gpu: { maintenance: { status: () => Promise.resolve(null) }, loadAdvice: () => [] },
    models: { engineWatch: { observations: () => Promise.resolve([]) } },
    keys: {
      watch: {
        observations: () =>
          Promise.resolve([
            {
              id: 'keys:budget:h:80:x',
              severity: 'warning',
              source: 'keys',
              title: 't',
              message: 'm',
            },
          ]),
      },
    },
    stack: {
      controller: {
        snapshot: () => ({
          state: 'partial',
          project: 'hagw',
          operation: null,
          reason: null,
          services: [{ name: 'vllm', state: 'exited', health: 'none', since: null, exitCode: 1 }],
        }),
      },
    },
    safety: {
      latest: () => ({
        certs: {
          sites: [
            {
              host: 'gw',
              port: 443,
              status: 'expired',
              notAfter: '2026-01-01T00:00:00Z',
              daysLeft: -1,
              issuer: 'x',
              lastError: 'e',
              since: 'x',
            },
          ],
        },
        doctor: {
          findings: [
            {
              id: 'exposed:vllm:8000',
              severity: 'critical',
              service: 'vllm',
              message: 'public',
              fix: 'bind',
            },
          ],
        },
      }),
    },
  } as unknown as App;
  const ids = (await collectObservations(gw, null, new FailureLine(() => undefined)))
    .map((o) => o.id)
    .sort();
  assert.deepEqual(ids, [
    'batch:failed:batch_1',
    'certs:expired:gw:443:2026-01-01T00:00:00Z',
    'doctor:exposed:vllm:8000',
    'keys:budget:h:80:x',
    'stack:down:vllm',
  ]);
});

test('a batch service that is not running takes nothing else down, and says so once', async () => {
  const gw = {
    batches: { observations: () => Promise.reject(new Error('refused')) },
    gpu: { maintenance: { status: () => Promise.resolve(null) }, loadAdvice: () => [] },
    keys: { watch: { observations: () => Promise.resolve([]) } },
    models: { engineWatch: { observations: () => Promise.resolve([]) } },
    stack: {
      controller: {
        snapshot: () => ({
          state: 'stopped',
          project: 'hagw',
          operation: null,
          reason: null,
          services: [],
        }),
      },
    },
    safety: { latest: () => ({ certs: null, doctor: null, updates: null }) },
  } as unknown as App;
  const lines: string[] = [];
  const failures = new FailureLine((l) => lines.push(l));
  assert.deepEqual(await collectObservations(gw, null, failures), []);
  assert.deepEqual(await collectObservations(gw, null, failures), []);
  assert.deepEqual(lines, ['hagw: reading the batch service failed: refused']);
});

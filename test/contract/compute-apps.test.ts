// The compute-apps query against the nvidia-smi stand-in, which takes the real field names and
// refuses others the way nvidia-smi does.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { queryComputeApps } from '../../electron/node/gpu/compute-apps';
import { NodeProcessRunner } from '../../electron/node/platform/node-process-runner';
import { repoRoot } from '../support/fixtures';

const bin = join(repoRoot, 'test', 'standins', 'bin', 'nvidia-smi');

test('the processes on the card, as nvidia-smi lists them; none is an empty list', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'hagw-apps-')), 'apps.json');
  writeFileSync(file, JSON.stringify([{ pid: 5151, name: 'python main.py', usedMiB: 7000 }]));
  const env = { ...process.env, NVSMI_STANDIN_APPS: file };
  assert.deepEqual(await queryComputeApps(new NodeProcessRunner(), bin, env), [
    { pid: 5151, name: 'python main.py', usedMiB: 7000 },
  ]);
  writeFileSync(file, '[]');
  assert.deepEqual(await queryComputeApps(new NodeProcessRunner(), bin, env), []);
});

test('an unknown field is refused as real nvidia-smi refuses it', async () => {
  const r = await promisify(execFile)(bin, ['--query-compute-apps=pid,vram', '--format=csv'], {
    env: process.env,
  }).catch((e: { code: number; stdout: string }) => e);
  assert.equal((r as { code?: number }).code, 2);
  assert.match((r as { stdout: string }).stdout, /Field "vram" is not a valid field to query/);
});

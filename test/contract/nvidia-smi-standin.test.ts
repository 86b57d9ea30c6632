import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { fixturePayload, repoRoot } from '../support/fixtures';

const run = promisify(execFile);
const bin = join(repoRoot, 'test', 'standins', 'bin', 'nvidia-smi');
const env = {
  ...process.env,
  NVSMI_STANDIN_SCENARIO: join(repoRoot, 'test', 'standins', 'scenarios', 'healthy-load.json'),
};
const capture = fixturePayload(
  'nvidia-smi/nvsmi-querygpu-allfields-rtx4080super-idle.csv.txt',
).split('\n');
const captureHeader = capture[0] ?? '';
const allFields = captureHeader.split(', ').map((h) => h.replace(/ \[.*\]$/, ''));

test('accepts every field of the real all-fields capture, and prints the very same header', async () => {
  const { stdout } = await run(bin, [`--query-gpu=${allFields.join(',')}`, '--format=csv'], {
    env,
  });
  assert.equal(stdout.split('\n')[0], captureHeader);
  assert.equal(stdout.split('\n')[1]?.split(', ').length, allFields.length);
});

test('aliases print their canonical name, as the recorded bpytop timing run shows', async () => {
  const recorded = fixturePayload('nvidia-smi/nvsmi-querygpu-timing-2gpu-bpytop.txt').split(
    '\n',
  )[1];
  const { stdout } = await run(
    bin,
    [
      '--query-gpu=gpu_name,fan.speed,memory.total,memory.used,utilization.gpu,temperature.gpu,power.draw,clocks.gr,clocks.mem',
      '--format=csv',
    ],
    { env },
  );
  assert.equal(stdout.split('\n')[0], recorded);
});

test('noheader,nounits rows look like the recorded stream: bare numbers, comma-space separated', async () => {
  const { stdout } = await run(
    bin,
    ['--query-gpu=temperature.gpu,utilization.gpu,fan.speed', '--format=csv,noheader,nounits'],
    { env },
  );
  assert.match(stdout, /^\d+, \d+, \d+\n$/);
});

test('an unknown field is refused like the real tool: message and exit 2', async () => {
  await assert.rejects(
    run(bin, ['--query-gpu=temperature.gpu,fan.rpm', '--format=csv'], { env }),
    (e: { code: number; stdout: string }) =>
      e.code === 2 && /Field "fan.rpm" is not a valid field to query/.test(e.stdout),
  );
});

test('-q -x prints the recorded XML of the scenario', async () => {
  const { stdout } = await run(bin, ['-q', '-x'], { env });
  assert.equal(stdout, fixturePayload('nvidia-smi/nvsmi-qx-rtx3090-v13-fan0-idle.xml.txt'));
});

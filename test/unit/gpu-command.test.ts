import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { GpuReport } from '../../electron/shared/gpu';
import { cli } from '../support/cli-harness';
import { repoRoot } from '../support/fixtures';

const d = mkdtempSync(join(tmpdir(), 'hagw-gpu-'));
const env = (extra: Record<string, string>) => ({
  HAGW_DATA_DIR: d,
  DOCKER_HOST: `unix://${join(d, 'none.sock')}`,
  HAGW_NVIDIA_SMI: join(repoRoot, 'test/standins/bin/nvidia-smi'),
  ...extra,
});
const scenario = (n: string) => join(repoRoot, 'test/standins/scenarios', `${n}.json`);

test('hagw gpu --json: the issue shape, thresholds from -q -x, health and findings', async () => {
  const r = await cli(['gpu', '--json'], env({ NVSMI_STANDIN_SCENARIO: scenario('healthy-load') }));
  assert.equal(r.code, 0, r.stderr);
  const report = GpuReport.parse(JSON.parse(r.stdout));
  assert.equal(report.error, null);
  const [g] = report.gpus;
  assert.deepEqual(
    {
      index: g?.index,
      name: g?.name,
      busId: g?.busId,
      temperatureC: g?.temperatureC,
      fanPercent: g?.fanPercent,
      powerW: g?.powerW,
      powerLimitW: g?.powerLimitW,
      utilizationPercent: g?.utilizationPercent,
      memoryUsedMiB: g?.memoryUsedMiB,
      memoryTotalMiB: g?.memoryTotalMiB,
      thresholds: g?.thresholds,
      throttle: g?.throttle,
      health: g?.health,
    },
    {
      index: 0,
      name: 'NVIDIA GeForce RTX 3090',
      busId: '00000000:09:00.0',
      temperatureC: 68,
      fanPercent: 62,
      powerW: 250.4,
      powerLimitW: 350,
      utilizationPercent: 97,
      memoryUsedMiB: 21890,
      memoryTotalMiB: 24576,
      thresholds: { slowdownC: 95, shutdownC: 98, targetC: 83 },
      throttle: { hwThermal: false, swThermal: false },
      health: 'ok',
    },
  );
});

test('a value the card does not report is null with the reason in findings, never 0', async () => {
  const r = await cli(['gpu', '--json'], env({ NVSMI_STANDIN_SCENARIO: scenario('error-tokens') }));
  const report = GpuReport.parse(JSON.parse(r.stdout));
  const g = report.gpus[0]!;
  // The first readings are good; the stream then turns them into tokens. Either way: never 0.
  assert.notEqual(g.fanPercent, 0);
  if (g.fanPercent === null)
    assert.ok(g.findings.some((f) => /fan speed is unreadable \(ERR!\)/.test(f.message)));
});

test('no nvidia-smi: "gpus": [] with the error, exit 0', async () => {
  const r = await cli(['gpu', '--json'], env({ HAGW_NVIDIA_SMI: join(d, 'missing-nvidia-smi') }));
  assert.equal(r.code, 0);
  const report = GpuReport.parse(JSON.parse(r.stdout));
  assert.deepEqual(report.gpus, []);
  assert.match(report.error ?? '', /not found: install the NVIDIA driver, or set HAGW_NVIDIA_SMI/);
});

test('a GPU already lost at start: its bus id with health lost, an error line and a critical alert', async () => {
  const e = env({ NVSMI_STANDIN_SCENARIO: scenario('gpu-lost-at-start') });
  const r = await cli(['gpu', '--json'], e);
  assert.equal(r.code, 0, r.stderr);
  const report = GpuReport.parse(JSON.parse(r.stdout));
  assert.deepEqual(
    report.gpus.map((g) => [g.busId, g.health]),
    [['0000:02:00.0', 'lost']],
  );
  assert.match(report.error ?? '', /02:00\.0 is lost/);
  assert.match(r.stderr, /^hagw: GPU 02:00\.0 is lost/m);
  const a = await cli(['alerts', '--json'], e);
  const alerts = (JSON.parse(a.stdout) as { alerts: { id: string; severity: string }[] }).alerts;
  assert.ok(
    alerts.some((x) => x.id === 'gpu:gpu-lost:02:00.0' && x.severity === 'critical'),
    a.stdout,
  );
});

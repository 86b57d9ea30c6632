import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseReading } from '../../electron/core/gpu-reading';
import { parseThresholdsXml } from '../../electron/core/gpu-thresholds';
import { gpuQueryFields, parseNvsmiLine } from '../../electron/core/nvsmi-line';
import { fixturePayload, repoRoot } from '../support/fixtures';

test('every token keeps its meaning; nothing becomes 0', () => {
  assert.deepEqual(parseReading('43'), { kind: 'value', value: 43 });
  assert.deepEqual(parseReading('26.20'), { kind: 'value', value: 26.2 });
  assert.deepEqual(parseReading('[N/A]'), { kind: 'not-available' });
  assert.deepEqual(parseReading('N/A'), { kind: 'not-available' });
  assert.deepEqual(parseReading('[Not Supported]'), { kind: 'not-supported' });
  assert.deepEqual(parseReading('ERR!'), { kind: 'error', token: 'ERR!' });
  assert.deepEqual(parseReading('[Unknown Error]'), { kind: 'error', token: '[Unknown Error]' });
});

test("a line from the stand-in for the reader's exact fields parses into a sample", () => {
  const out = execFileSync(
    join(repoRoot, 'test/standins/bin/nvidia-smi'),
    [`--query-gpu=${gpuQueryFields.join(',')}`, '--format=csv,noheader,nounits'],
    {
      env: {
        ...process.env,
        NVSMI_STANDIN_SCENARIO: join(repoRoot, 'test/standins/scenarios/healthy-load.json'),
      },
    },
  ).toString();
  const parsed = parseNvsmiLine(out.trim(), 1000);
  assert.equal(parsed.kind, 'sample');
  if (parsed.kind !== 'sample') return;
  assert.deepEqual(
    [parsed.sample.index, parsed.sample.busId, parsed.sample.temperatureC, parsed.sample.hwThermal],
    [0, '00000000:09:00.0', { kind: 'value', value: 68 }, false],
  );
});

test('the recorded "GPU is lost" message, a header, a short line and junk', () => {
  const lost = parseNvsmiLine(
    'Unable to determine the device handle for GPU0000:01:00.0: GPU is lost. Reboot the system to recover this GPU',
    0,
  );
  assert.deepEqual(lost.kind === 'lost' && lost.busId, '0000:01:00.0');
  assert.equal(parseNvsmiLine(`${gpuQueryFields.join(', ')}`, 0).kind, 'header');
  const short = parseNvsmiLine('41, 6, 13', 0);
  assert.equal(short.kind, 'garbage');
  assert.match(short.kind === 'garbage' ? short.reason : '', /3 fields where 13 were asked for/);
  assert.equal(parseNvsmiLine('x, y, z, a, b, c, d, e, f, g, h, i, j', 0).kind, 'garbage');
});

test('thresholds from both recorded -q -x schemas (v12, v13); a card without them gets the fallback', () => {
  for (const f of [
    'nvsmi-qx-rtx3090-v12-fan0-idle.xml.txt',
    'nvsmi-qx-rtx3090-v13-fan0-idle.xml.txt',
  ]) {
    const [th] = [...parseThresholdsXml(fixturePayload(`nvidia-smi/${f}`)).values()];
    assert.deepEqual(
      th,
      { slowdownC: 95, shutdownC: 98, targetC: 83, maxOperatingC: 93, source: 'card' },
      f,
    );
  }
  const none = parseThresholdsXml(
    '<gpu id="00000000:01:00.0"><gpu_temp_slow_threshold>N/A</gpu_temp_slow_threshold></gpu>',
  );
  assert.equal([...none.values()][0]?.source, 'fallback');
});

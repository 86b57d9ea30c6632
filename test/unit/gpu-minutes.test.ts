import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { GpuMinuteFolder, weekMinutes, weekSeries } from '../../electron/core/gpu-minutes';
import { GpuMinuteStore } from '../../electron/node/gpu/gpu-minute-store';

const card = (temperatureC: number | null, fanPercent: number | null, powerW: number | null) => ({
  busId: '00000000:09:00.0',
  index: 0,
  temperatureC,
  fanPercent,
  powerW,
});

test('a minute closes when the next one starts: its hottest reading, mean fan and power; gaps stay null', () => {
  const f = new GpuMinuteFolder();
  const t0 = Date.parse('2026-12-03T08:00:00Z');
  assert.equal(f.add(t0, card(60, 40, 200)), null);
  assert.equal(f.add(t0 + 20_000, card(66, 50, null)), null);
  assert.equal(f.add(t0 + 40_000, card(63, null, 220)), null);
  const closed = f.add(t0 + 61_000, card(70, 55, 250));
  assert.deepEqual(closed, {
    minute: t0 / 60_000,
    busId: '00000000:09:00.0',
    index: 0,
    tempMaxC: 66,
    fanMeanPercent: 45,
    powerMeanW: 210,
  });
  assert.equal(f.add(t0 + 62_000, card(null, null, null)), null);
  assert.equal(f.add(t0 + 121_000, card(70, 55, 250))?.tempMaxC, 70);
});

test('on disk: a file a UTC day, the last week read back oldest first, older days deleted, a torn line skipped', async () => {
  const store = new GpuMinuteStore(mkdtempSync(join(tmpdir(), 'hagw-minutes-')));
  const now = Date.parse('2026-12-10T12:00:00Z');
  const nowMinute = now / 60_000;
  const row = (minute: number) => ({
    minute,
    busId: 'b',
    index: 0,
    tempMaxC: 60,
    fanMeanPercent: 40,
    powerMeanW: 200,
  });
  await store.append([row(nowMinute - weekMinutes - 1440), row(nowMinute - weekMinutes - 1)]);
  await store.append([row(nowMinute - weekMinutes + 5), row(nowMinute - 2), row(nowMinute - 1)]);
  appendFileSync(join(store.dir, '2026-12-10.jsonl'), '{"minute": 2934');
  const week = await store.week(now);
  assert.deepEqual(
    week.map((r) => r.minute),
    [nowMinute - weekMinutes + 5, nowMinute - 2, nowMinute - 1],
  );
  assert.deepEqual(await store.prune(now), ['2026-12-02']);
  assert.deepEqual(readdirSync(store.dir).sort(), ['2026-12-03.jsonl', '2026-12-10.jsonl']);
  const [series] = weekSeries(week);
  assert.deepEqual(
    series?.t,
    week.map((r) => r.minute * 60),
  );
});

test('on disk: lines of the wrong shape or with nonsense values never reach the chart', async () => {
  const store = new GpuMinuteStore(mkdtempSync(join(tmpdir(), 'hagw-minutes-')));
  const now = Date.parse('2026-12-10T12:00:00Z');
  const m = now / 60_000 - 5;
  const good = {
    minute: m,
    busId: '00000000:09:00.0',
    index: 0,
    tempMaxC: 61,
    fanMeanPercent: 40,
    powerMeanW: 200,
  };
  await store.append([good]);
  const bad = [
    { ...good, minute: m + 1, tempMaxC: 'hot' },
    { ...good, minute: m + 2, fanMeanPercent: 250 },
    { ...good, minute: m + 3, powerMeanW: -5 },
    { ...good, minute: m + 4, busId: '<script>' },
    { minute: m + 1 },
    [1, 2, 3],
  ];
  appendFileSync(
    join(store.dir, '2026-12-10.jsonl'),
    `${bad.map((b) => JSON.stringify(b)).join('\n')}\n`,
  );
  assert.deepEqual(await store.week(now), [good]);
});

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Observation } from '../../electron/core/alert-engine';
import { toDisposable } from '../../electron/core/disposable';
import { AlertCenter } from '../../electron/app/alert-center';
import { PushRouter } from '../../electron/node/push/push-router';
import { Supervisor, type SupervisedGateway } from '../../electron/app/supervisor';
import type { BatchesReport } from '../../electron/shared/batch';
import type { UpdateOffer } from '../../electron/shared/images';
import type { ServiceAdvisories } from '../../electron/shared/advisories';
import type { PushMessage } from '../../electron/shared/notify';
import { FakeTime, flushPromises } from '../support/fake-timers';
import { stoppedSnapshot } from '../support/snapshots';

const stopped = stoppedSnapshot;

const budget: Observation = {
  id: 'keys:budget:abc:80:none',
  severity: 'warning',
  source: 'keys',
  title: 'discord-bot used 80 % of its budget',
  message: 'discord-bot has spent $0.8000 of $1 (80 %) this period.',
};

const setup = (o: { sending: boolean; corrupt?: boolean }) => {
  const dir = mkdtempSync(join(tmpdir(), 'hagw-sup-'));
  if (o.corrupt) writeFileSync(join(dir, 'alerts.json'), '{"active": 12');
  const time = new FakeTime();
  const warnings: string[] = [];
  let observed: Observation[] = [];
  const certRuns: number[] = [];
  const updateRuns: number[] = [];
  let offers: UpdateOffer[] = [];
  let batches: BatchesReport = { batches: [], error: 'refused' };
  const pruneRuns: number[] = [];
  const advisoryRuns: number[] = [];
  const doctorAsks: (boolean | undefined)[] = [];
  let advisories: ServiceAdvisories[] = [];
  const gw = {
    batches: {
      observations: () => Promise.resolve([]),
      list: () => Promise.resolve(batches),
    },
    stack: {
      controller: {
        snapshot: () => stopped,
        onChange: () => toDisposable(() => undefined),
        onProgress: () => toDisposable(() => undefined),
        watch: () => toDisposable(() => undefined),
        refresh: () => Promise.resolve(stopped),
        up: () => Promise.resolve(stopped),
      },
      images: { pinLocal: () => Promise.resolve([]) },
    },
    gpu: {
      monitor: () => Promise.reject(new Error('no nvidia-smi')),
      loadAdvice: () => [],
      maintenance: { status: () => Promise.reject(new Error('no settings')) },
    },
    safety: {
      certs: () => (certRuns.push(time.now()), Promise.resolve({ sites: [] })),
      doctor: (o?: { askOsv?: boolean }) => (
        doctorAsks.push(o?.askOsv),
        Promise.resolve({ findings: [] })
      ),
      checkAdvisories: () => (advisoryRuns.push(time.now()), Promise.resolve(advisories)),
      checkUpdates: () => (updateRuns.push(time.now()), Promise.resolve(offers)),
      updates: {
        update: (services: string[], progress: (l: string) => void) => {
          progress(`${services[0] ?? 'all'}: pulling`);
          return Promise.resolve({ updates: [] });
        },
      },
      latest: () => ({
        certs: null,
        doctor: null,
        updates: updateRuns.length ? offers : null,
        advisories: advisoryRuns.length ? advisories : null,
      }),
    },
    keys: { watch: { observations: () => Promise.resolve(observed) } },
    models: {
      engineWatch: { observations: () => Promise.resolve([]) },
      spendLogs: {
        prune: () => (pruneRuns.push(time.now()), Promise.resolve({ deleted: 1000, more: true })),
      },
    },
    alerts: {
      center: new AlertCenter(
        join(dir, 'alerts.json'),
        () => time.now(),
        (l) => warnings.push(l),
      ),
    },
  } as unknown as SupervisedGateway;
  const pushed: string[] = [];
  const local: string[] = [];
  const stored = {
    id: 'webhook-1',
    name: 'webhook',
    send: (m: PushMessage) => (pushed.push(`${m.state}:${m.id}`), Promise.resolve()),
  };
  const router = new PushRouter({
    settings: () => Promise.resolve({ channels: [stored], quietHours: null }),
    clock: time,
    timers: time,
    warn: (l) => warnings.push(l),
  });
  router.addChannel({
    id: 'desktop',
    name: 'desktop',
    send: (m) => (local.push(`${m.state}:${m.id}`), Promise.resolve()),
  });
  const sup = new Supervisor({
    gw,
    clock: time,
    timers: time,
    warn: (l) => warnings.push(l),
    router,
    lease: {
      start: () => Promise.resolve(undefined as never),
      release: () => Promise.resolve(),
      held: () => o.sending,
      holder: () => (o.sending ? null : 'the tray app, pid 1'),
      onChange: () => toDisposable(() => undefined),
    },
    tickMs: 15_000,
  });
  const shown: PushMessage[] = [];
  sup.onTransition((m) => shown.push(m));
  const changed: number[] = [];
  sup.events.on('alerts.changed', (r) => changed.push(r.alerts.length));
  return {
    dir,
    sup,
    time,
    router,
    pushed,
    local,
    shown,
    changed,
    warnings,
    certRuns,
    updateRuns,
    pruneRuns,
    advisoryRuns,
    doctorAsks,
    advise: (x: ServiceAdvisories[]) => (advisories = x),
    offer: (x: UpdateOffer[]) => (offers = x),
    setBatches: (x: BatchesReport) => (batches = x),
    set: (x: Observation[]) => (observed = x),
  };
};

const tick = async (s: ReturnType<typeof setup>) => {
  await s.sup.tick();
  await s.router.idle();
};

test('the sender pushes one firing and, when the condition clears, one resolved', async () => {
  const s = setup({ sending: true });
  await s.sup.start();
  s.set([budget]);
  await tick(s);
  await tick(s);
  assert.deepEqual(s.pushed, [`firing:${budget.id}`]);
  s.set([]);
  await tick(s);
  await tick(s);
  assert.deepEqual(s.pushed, [`firing:${budget.id}`, `resolved:${budget.id}`]);
  assert.deepEqual(
    s.shown.map((m) => m.state),
    ['firing', 'resolved'],
  );
  assert.deepEqual(s.changed, [1, 0], 'the first tick, then each change');
  s.sup.dispose();
});

test('a supervisor that does not hold the lease shows the same transitions and pushes nothing', async () => {
  const s = setup({ sending: false });
  await s.sup.start();
  s.set([budget]);
  await tick(s);
  s.set([]);
  await tick(s);
  assert.deepEqual(s.pushed, []);
  assert.deepEqual(
    s.shown.map((m) => `${m.state}:${m.id}`),
    [`firing:${budget.id}`, `resolved:${budget.id}`],
  );
  assert.equal(existsSync(join(s.dir, 'alerts.json')), false, 'it never writes the alert state');
  s.sup.dispose();
});

test('the cadences: the alert tick every 15 s and certificates every 5 minutes, on the clock', async () => {
  const s = setup({ sending: true });
  await s.sup.start();
  s.set([budget]);
  assert.equal(s.certRuns.length, 1, 'certificates checked at start');
  s.time.advance(14_999);
  await flushPromises();
  assert.deepEqual(s.pushed, []);
  s.time.advance(1);
  await s.sup.tick();
  await s.router.idle();
  assert.deepEqual(s.pushed, [`firing:${budget.id}`]);
  s.time.advance(5 * 60_000);
  assert.equal(s.certRuns.length, 2);
  s.sup.dispose();
  s.time.advance(60 * 60_000);
  assert.equal(s.certRuns.length, 2, 'nothing runs after dispose');
  assert.equal(s.time.timerCount, 0);
});

test('updates: never at start, an hour later, then daily; what they find is one info alert', async () => {
  const s = setup({ sending: true });
  await s.sup.start();
  s.offer([
    {
      service: 'litellm',
      tag: 'ghcr.io/berriai/litellm:v1.80.11-stable.1',
      current: `sha256:${'a'.repeat(64)}`,
      available: `sha256:${'b'.repeat(64)}`,
    },
  ]);
  assert.deepEqual(s.updateRuns, [], 'no registry traffic at start');
  s.time.advance(60 * 60_000);
  assert.equal(s.updateRuns.length, 1);
  await flushPromises();
  const alerts = await s.sup.currentAlerts();
  assert.deepEqual(
    alerts.alerts.map((a) => [a.id, a.severity, a.title]),
    [['updates:available', 'info', 'Image updates available: litellm']],
  );
  assert.match(
    alerts.alerts[0]?.message ?? '',
    /hagw stack update takes a digest once it has been public for the wait, checks OpenAI compatibility/,
  );
  s.time.advance(24 * 60 * 60_000);
  assert.equal(s.updateRuns.length, 2);
  s.sup.dispose();
  s.time.advance(48 * 60 * 60_000);
  assert.equal(s.updateRuns.length, 2, 'nothing after dispose');
});

test("the dashboard's Update: progress on stack.progress, and the offers asked again after", async () => {
  const s = setup({ sending: true });
  await s.sup.start();
  const lines: string[] = [];
  s.sup.events.on('stack.progress', (l) => lines.push(l));
  assert.deepEqual(await s.sup.updateImages(['litellm']), { updates: [] });
  assert.deepEqual(lines, ['litellm: pulling']);
  assert.equal(s.updateRuns.length, 1, 'what was found is no longer offered');
  s.sup.dispose();
});

test('a corrupt alert-state file is moved aside with a warning, and the tick goes on', async () => {
  const s = setup({ sending: true, corrupt: true });
  await s.sup.start();
  s.set([budget]);
  await tick(s);
  assert.deepEqual(s.pushed, [`firing:${budget.id}`]);
  assert.ok(readdirSync(s.dir).some((f) => f.startsWith('alerts.json.bad-')));
  assert.equal(s.warnings.filter((w) => /not a valid alert state file/.test(w)).length, 1);
  s.sup.dispose();
});

test('not the sender: this process’s own channel (the desktop) still gets what changed, not the initial state', async () => {
  const s = setup({ sending: false });
  await s.sup.start();
  s.set([budget]);
  await tick(s); // the state at start: shown, not notified
  const other: Observation = { ...budget, id: 'keys:budget:def:80:none' };
  s.set([budget, other]);
  await tick(s);
  s.set([budget]);
  await tick(s);
  assert.deepEqual(s.pushed, [], 'no stored channel hears from a face that is not the sender');
  assert.deepEqual(s.local, [`firing:${other.id}`, `resolved:${other.id}`]);
  s.sup.dispose();
});

test('batch progress reaches the faces on the tick, once per change', async () => {
  const s = setup({ sending: true });
  const seen: BatchesReport[] = [];
  s.sup.events.on('batches.changed', (r) => seen.push(r));
  await s.sup.start();
  s.time.advance(15_000);
  await flushPromises();
  s.time.advance(15_000);
  await flushPromises();
  // The service was down both times: one event saying so, not two.
  assert.deepEqual(seen, [{ batches: [], error: 'refused' }]);
  s.setBatches({ batches: [], error: null });
  s.time.advance(15_000);
  await flushPromises();
  assert.equal(seen.length, 2);
  assert.equal(seen[1]!.error, null);
  s.sup.dispose();
});

test('spend logs past 30 days: pruned 10 minutes after the start, then daily, by the sender only', async () => {
  const s = setup({ sending: true });
  await s.sup.start();
  const t0 = s.time.now();
  assert.deepEqual(s.pruneRuns, []);
  s.time.advance(10 * 60_000);
  s.time.advance(24 * 60 * 60_000);
  assert.deepEqual(s.pruneRuns, [t0 + 10 * 60_000, t0 + 10 * 60_000 + 24 * 60 * 60_000]);
  await flushPromises();
  assert.ok(
    s.warnings.includes(
      'hagw: deleted 1000 spend-log rows older than 30 days (more left for the next run)',
    ),
    s.warnings.join('\n'),
  );
  s.sup.dispose();
  const other = setup({ sending: false });
  await other.sup.start();
  other.time.advance(25 * 60 * 60_000);
  assert.deepEqual(other.pruneRuns, [], 'a face that does not hold the lease never deletes');
  other.sup.dispose();
});

test('advisories: OSV asked daily by the sender only, first an hour after start; one alert per service with the ids', async () => {
  const s = setup({ sending: true });
  await s.sup.start();
  const t0 = s.time.now();
  assert.deepEqual(s.doctorAsks, [false], "the face's hourly doctor sends nothing to OSV");
  s.advise([
    {
      service: 'litellm',
      image: 'ghcr.io/berriai/litellm:v1.80.11-stable.1',
      package: { ecosystem: 'PyPI', name: 'litellm', version: '1.80.11' },
      status: 'checked',
      checkedAt: '2026-12-01T00:00:00.000Z',
      reason: null,
      advisories: [
        {
          id: 'GHSA-4xpc-pv4p-pm3w',
          aliases: ['CVE-2026-49468'],
          summary: 'Host header',
          severity: 'critical',
          fixed: '1.84.0',
        },
        { id: 'GHSA-low0-0000-0000', aliases: [], summary: 'minor', severity: 'low', fixed: null },
      ],
    },
  ]);
  assert.deepEqual(s.advisoryRuns, []);
  s.time.advance(60 * 60_000);
  s.time.advance(24 * 60 * 60_000);
  assert.deepEqual(s.advisoryRuns, [t0 + 60 * 60_000, t0 + 25 * 60 * 60_000]);
  await flushPromises();
  const alerts = (await s.sup.currentAlerts()).alerts.filter((a) => a.id.startsWith('advisories:'));
  assert.deepEqual(
    alerts.map((a) => [a.id, a.severity]),
    [['advisories:litellm:GHSA-4xpc-pv4p-pm3w', 'critical']],
  );
  assert.match(
    alerts[0]!.message,
    /GHSA-4xpc-pv4p-pm3w \(CVE-2026-49468\), critical.*Fixed from 1\.84\.0.*hagw stack update litellm/,
  );
  s.sup.dispose();
  const other = setup({ sending: false });
  await other.sup.start();
  other.time.advance(26 * 60 * 60_000);
  assert.deepEqual(other.advisoryRuns, [], 'a face that does not hold the lease asks nothing');
  other.sup.dispose();
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CurrentImage } from '../../electron/core/image-pins';
import { releaseNotesUrl } from '../../electron/core/image-update';
import { formatUpdates } from '../../electron/cli/commands/stack-command';
import { ImageUpdater } from '../../electron/app/image-updater';
import type { CompatCheck, CompatReport } from '../../electron/shared/compat';

const oldDigest = `sha256:${'a'.repeat(64)}`;
const newDigest = `sha256:${'b'.repeat(64)}`;
const repo = '127.0.0.1:5000/hagw/litellm';

const report = (fails: CompatCheck['id'][] = []): CompatReport => ({
  target: 'https://gateway.home.arpa/v1',
  ttftMs: 40,
  checks: (['models', 'chat', 'errors.auth', 'errors.budget'] as const).map((id) => ({
    id,
    status: fails.includes(id) ? 'fail' : 'pass',
    detail: fails.includes(id) ? `expected good ${id}, got bad` : 'ok',
    ms: 1,
  })),
});

/** A world of fakes: what was started with which override, what was pinned, what was recorded. */
const world = (o: {
  pulled?: string | Error;
  pinned?: boolean;
  compat?: (call: number) => CompatReport;
  healthy?: (env: Record<string, string> | undefined) => boolean;
  /** The fake clock's now; the new digest was built 2026-11-30T10:00Z. */
  now?: string;
  minAgeDays?: number;
}) => {
  const ups: (Record<string, string> | undefined)[] = [];
  const timeouts: (number | undefined)[] = [];
  const pins: string[] = [];
  const recorded: string[] = [];
  let compatCalls = 0;
  const img: CurrentImage = {
    service: 'litellm',
    variable: 'LITELLM_IMAGE',
    reference: o.pinned === false ? `${repo}:v1` : `${repo}@${oldDigest}`,
    pinned: o.pinned !== false,
    digest: o.pinned === false ? null : oldDigest,
    source: `${repo}:v1`,
  };
  const updater = new ImageUpdater({
    images: {
      list: () => Promise.resolve([img]),
      fallbackFor: () => Promise.resolve(`${repo}:v1`),
      fetchDigest: () =>
        o.pulled instanceof Error
          ? Promise.reject(o.pulled)
          : Promise.resolve({ digest: o.pulled ?? newDigest, created: '2026-11-30T10:00:00Z' }),
      createdAt: () => Promise.resolve('2026-10-01T10:00:00Z'),
      writePin: (variable, from, digest) => {
        pins.push(`${variable}=${from}@${digest}`);
        return Promise.resolve();
      },
    },
    stack: {
      up: (opts) => {
        ups.push(opts?.env ? { ...opts.env } : undefined);
        timeouts.push(opts?.timeoutMs);
        return (o.healthy ?? (() => true))(opts?.env)
          ? Promise.resolve({} as never)
          : Promise.reject(new Error('Service failed to start: litellm (exit 1)'));
      },
    },
    // A compat that throws is a gateway that could not be checked.
    compat: () => Promise.resolve(compatCalls++).then((n) => (o.compat ?? (() => report()))(n)),
    history: {
      record: (service, image) => {
        recorded.push(`${service} ${image ?? ''}`);
        return Promise.resolve();
      },
    },
    timeoutMs: 1000,
    now: () => Date.parse(o.now ?? '2026-12-20T00:00:00Z'),
    minAgeDays: () => Promise.resolve(o.minAgeDays ?? 7),
  });
  return { updater, ups, timeouts, pins, recorded, lines: [] as string[] };
};

test('a new digest that passes: started through the override, then pinned and recorded', async () => {
  const w = world({});
  const r = await w.updater.update([], (l) => w.lines.push(l));
  assert.equal(r.updates[0]?.outcome, 'updated');
  assert.deepEqual(w.ups, [{ LITELLM_IMAGE: `${repo}@${newDigest}` }]);
  assert.deepEqual(w.pins, [`LITELLM_IMAGE=${repo}:v1@${newDigest}`]);
  assert.deepEqual(w.recorded, [`litellm ${repo}@${newDigest}`]);
  assert.equal(r.updates[0]?.fromCreated, '2026-10-01T10:00:00Z');
  assert.equal(r.updates[0]?.toCreated, '2026-11-30T10:00:00Z');
});

test('a check that regresses: rolled back with a plain start, nothing pinned, the check named', async () => {
  const w = world({ compat: (n) => (n === 0 ? report() : report(['errors.auth'])) });
  const r = await w.updater.update(['litellm'], (l) => w.lines.push(l));
  const u = r.updates[0];
  assert.equal(u?.outcome, 'rolled-back');
  assert.deepEqual(w.ups, [{ LITELLM_IMAGE: `${repo}@${newDigest}` }, undefined]);
  assert.deepEqual(w.pins, []);
  assert.deepEqual(u?.failedChecks, [
    { id: 'errors.auth', detail: 'expected good errors.auth, got bad' },
  ]);
  assert.match(
    u?.message ?? '',
    /fails errors\.auth \(expected good errors\.auth, got bad\); rolled back/,
  );
});

test('a check that failed before too is reported, not held against the new image', async () => {
  const w = world({ compat: () => report(['errors.budget']) });
  const r = await w.updater.update([], (l) => w.lines.push(l));
  assert.equal(r.updates[0]?.outcome, 'updated');
  assert.deepEqual(r.updates[0]?.stillFailing, ['errors.budget']);
});

test('no result from before (gateway down): every failure counts', async () => {
  const w = world({
    compat: (n) => {
      if (n === 0) throw new Error('gateway down');
      return report(['errors.budget']);
    },
  });
  const r = await w.updater.update([], () => undefined);
  assert.equal(r.updates[0]?.outcome, 'rolled-back');
  assert.deepEqual(
    r.updates[0]?.failedChecks.map((c) => c.id),
    ['errors.budget'],
  );
});

test('unhealthy new image: rolled back without running compat on it', async () => {
  const w = world({ healthy: (env) => env === undefined });
  const r = await w.updater.update([], (l) => w.lines.push(l));
  assert.equal(r.updates[0]?.outcome, 'rolled-back');
  assert.match(r.updates[0]?.message ?? '', /did not become healthy \(Service failed to start/);
  assert.deepEqual(w.pins, []);
});

test('the old image unhealthy after the rollback too: failed, and it says so', async () => {
  const w = world({ healthy: () => false });
  const r = await w.updater.update([], () => undefined);
  assert.equal(r.updates[0]?.outcome, 'failed');
  assert.match(r.updates[0]?.message ?? '', /rolled back to .*, but it is not healthy either/);
});

test('same digest: up to date, nothing started; unreachable registry: nothing changes', async () => {
  const same = world({ pulled: oldDigest });
  assert.equal((await same.updater.update([], () => undefined)).updates[0]?.outcome, 'up-to-date');
  assert.deepEqual(same.ups, []);
  const down = world({ pulled: new Error('Get "http://127.0.0.1:5000/v2/": connection refused') });
  const r = await down.updater.update([], () => undefined);
  assert.equal(r.updates[0]?.outcome, 'failed');
  assert.match(
    r.updates[0]?.message ?? '',
    /could not pull .*connection refused.*nothing was changed/,
  );
  assert.deepEqual([down.ups, down.pins], [[], []]);
});

test('an unpinned or unknown service is refused with what to do', async () => {
  const w = world({ pinned: false });
  const r = await w.updater.update(['litellm', 'nope'], () => undefined);
  assert.deepEqual(
    r.updates.map((u) => [u.service, u.outcome]),
    [
      ['nope', 'failed'],
      ['litellm', 'failed'],
    ],
  );
  assert.match(r.updates[1]?.message ?? '', /hagw stack pin litellm/);
});

test('release notes for the bundled images, none for an unknown one or :latest', () => {
  assert.equal(
    releaseNotesUrl('vllm/vllm-openai:v0.12.0'),
    'https://github.com/vllm-project/vllm/releases/tag/v0.12.0',
  );
  assert.equal(
    releaseNotesUrl('ghcr.io/berriai/litellm:v1.80.11-stable.1'),
    'https://github.com/BerriAI/litellm/releases/tag/v1.80.11-stable.1',
  );
  assert.equal(
    releaseNotesUrl('caddy:2.10.2-alpine'),
    'https://github.com/caddyserver/caddy/releases/tag/v2.10.2',
  );
  assert.equal(releaseNotesUrl('docker.io/library/caddy:latest'), null);
  assert.equal(releaseNotesUrl('127.0.0.1:5000/hagw/litellm:v1'), null);
});

test('--timeout reaches both the new start and the rollback (vLLM loads weights for minutes)', async () => {
  const w = world({ compat: (n) => (n === 0 ? report() : report(['chat'])) });
  await w.updater.update([], () => undefined, { timeoutMs: 900_000 });
  assert.deepEqual(w.timeouts, [900_000, 900_000]);
});

test('the human view: outcome, both digests with build dates, release notes, the failed check', async () => {
  const w = world({ compat: (n) => (n === 0 ? report() : report(['errors.auth'])) });
  const text = formatUpdates(await w.updater.update([], () => undefined));
  assert.match(text, /^litellm: rolled-back — the new image fails errors\.auth/m);
  assert.match(
    text,
    /^ {2}127\.0\.0\.1:5000\/hagw\/litellm:v1: a{12} \(built 2026-10-01\) -> b{12} \(built 2026-11-30\)$/m,
  );
  assert.match(text, /^ {2}failed errors\.auth: expected good errors\.auth, got bad$/m);
});

test('young releases wait: a digest built under 7 days ago is held with the date it becomes eligible', async () => {
  // Built 2026-11-30T10:00Z; on the fake clock 3 days later.
  const w = world({ now: '2026-12-03T10:00:00Z' });
  const r = await w.updater.update([], (l) => w.lines.push(l));
  const u = r.updates[0];
  assert.equal(u?.outcome, 'held');
  assert.equal(u?.eligibleAt, '2026-12-07T10:00:00.000Z');
  assert.match(
    u?.message ?? '',
    /public for less than 7 days: left alone until 2026-12-07 \(--allow-young takes it now\)/,
  );
  assert.deepEqual([w.ups, w.pins], [[], []], 'nothing started, nothing pinned');
  // A second before the wait ends it is still held; at the end it is taken.
  assert.equal(
    (await world({ now: '2026-12-07T09:59:59Z' }).updater.update([], () => undefined)).updates[0]
      ?.outcome,
    'held',
  );
  assert.equal(
    (await world({ now: '2026-12-07T10:00:00Z' }).updater.update([], () => undefined)).updates[0]
      ?.outcome,
    'updated',
  );
  // The setting moves the wait; --allow-young takes it now and says why that is risky.
  assert.equal(
    (
      await world({ now: '2026-12-03T10:00:00Z', minAgeDays: 2 }).updater.update(
        [],
        () => undefined,
      )
    ).updates[0]?.outcome,
    'updated',
  );
  const y = world({ now: '2026-12-01T00:00:00Z' });
  const taken = await y.updater.update([], (l) => y.lines.push(l), { allowYoung: true });
  assert.equal(taken.updates[0]?.outcome, 'updated');
  assert.match(
    y.lines[0] ?? '',
    /^--allow-young: taking a release younger than the wait: a compromised publish/,
  );
});

// The advisory check against a loopback stand-in of OSV's query API that follows its documented
// format (test/fixtures/osv names the sources): an affected LiteLLM, a clean one, OSV down, slow,
// answering garbage or paging; what is sent is the package and version, nothing else.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { summarizeAdvisories } from '../../electron/core/osv-advisories';
import { OsvQueryAnswer } from '../../electron/shared/advisories';
import { checkAdvisories } from '../../electron/node/safety/advisory-check';
import { createOsvStandin, type OsvStandin } from '../standins/osv-standin';
import { jsonFixture } from '../support/fixtures';

let osv: OsvStandin;
let url: string;
before(async () => {
  osv = createOsvStandin();
  await new Promise<void>((r) => osv.server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(osv.server.address() as AddressInfo).port}`;
});
after(async () => {
  osv.server.closeAllConnections();
  await new Promise<void>((r) => osv.server.close(() => r()));
});

const old = {
  service: 'litellm',
  reference: 'ghcr.io/berriai/litellm@sha256:' + 'a'.repeat(64),
  source: 'ghcr.io/berriai/litellm:v1.80.11-stable.1',
};
const clean = { service: 'litellm', reference: 'ghcr.io/berriai/litellm:v1.101.0', source: null };
const deps = (dataDir: string, at = '2026-12-01T08:00:00Z', timeoutMs = 2000) => ({
  dataDir,
  osvUrl: url,
  now: () => new Date(at),
  warn: () => undefined,
  timeoutMs,
});

test('the recorded answers parse as OSV documents them, the sample included', () => {
  const sample = OsvQueryAnswer.parse(jsonFixture('osv/osv-v1-query-sample-200.json.txt'));
  const [a] = summarizeAdvisories(sample.vulns ?? [], {
    ecosystem: 'PyPI',
    name: 'mruby',
    version: '2.1.2',
  });
  assert.equal(a?.severity, 'high', "the sample's ecosystem_specific.severity");
  assert.equal(a?.fixed, null, 'a GIT range names no release');
});

test('an affected LiteLLM: id, aliases, severity, summary and the first fixed release; only the package is sent', async () => {
  osv.mode = 'ok';
  osv.queries.length = 0;
  const [r] = await checkAdvisories([old], deps(mkdtempSync(join(tmpdir(), 'hagw-osv-'))));
  assert.equal(r?.status, 'checked');
  assert.deepEqual(r?.package, { ecosystem: 'PyPI', name: 'litellm', version: '1.80.11' });
  assert.deepEqual(
    r?.advisories.map((a) => [a.id, a.aliases, a.severity, a.fixed]),
    [['GHSA-4xpc-pv4p-pm3w', ['CVE-2026-49468'], 'critical', '1.84.0']],
  );
  assert.match(r?.advisories[0]?.summary ?? '', /Host Header Injection/);
  assert.deepEqual(osv.queries, [
    { package: { name: 'litellm', ecosystem: 'PyPI' }, version: '1.80.11' },
  ]);
});

test('a version inside both ranges gets both, the CVSS-only record scored critical; a clean one none', async () => {
  osv.mode = 'ok';
  const mid = { ...clean, reference: 'ghcr.io/berriai/litellm:v1.82.0' };
  const [r] = await checkAdvisories([mid], deps(mkdtempSync(join(tmpdir(), 'hagw-osv-'))));
  assert.deepEqual(
    r?.advisories.map((a) => [a.id, a.severity, a.fixed]),
    [
      ['GHSA-4xpc-pv4p-pm3w', 'critical', '1.84.0'],
      ['GHSA-r75f-5x8p-qvmc', 'critical', '1.83.7'],
    ],
  );
  const [c] = await checkAdvisories([clean], deps(mkdtempSync(join(tmpdir(), 'hagw-osv-'))));
  assert.equal(c?.status, 'checked');
  assert.deepEqual(c?.advisories, []);
});

test('paged answers are followed to the end', async () => {
  osv.mode = 'paged';
  osv.queries.length = 0;
  const mid = { ...clean, reference: 'ghcr.io/berriai/litellm:v1.82.0' };
  const [r] = await checkAdvisories([mid], deps(mkdtempSync(join(tmpdir(), 'hagw-osv-'))));
  assert.equal(r?.advisories.length, 2);
  assert.equal((osv.queries[1] as { page_token?: string }).page_token, '1');
});

test('OSV down, answering garbage or too slow: unknown since the last answer, never "no advisories"', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hagw-osv-'));
  osv.mode = 'ok';
  await checkAdvisories([old], deps(dir, '2026-11-28T09:00:00Z'));
  for (const [mode, why] of [
    ['down', /HTTP 503/],
    ['garbage', /not JSON/],
    ['slow', /did not answer within 1 s/],
  ] as const) {
    osv.mode = mode;
    const [r] = await checkAdvisories([old], deps(dir, '2026-12-01T08:00:00Z', 1000));
    assert.equal(r?.status, 'unknown', mode);
    assert.match(r?.reason ?? '', why);
    assert.equal(r?.checkedAt, '2026-11-28T09:00:00.000Z', 'the last answer and its date');
    assert.equal(r?.advisories[0]?.id, 'GHSA-4xpc-pv4p-pm3w');
  }
  // Never answered at all: unknown with no date and nothing claimed.
  osv.mode = 'down';
  const [never] = await checkAdvisories([old], deps(mkdtempSync(join(tmpdir(), 'hagw-osv-'))));
  assert.deepEqual([never?.status, never?.checkedAt, never?.advisories], ['unknown', null, []]);
});

test('images with no known package or no release tag are named as not checked', async () => {
  osv.mode = 'ok';
  osv.queries.length = 0;
  const r = await checkAdvisories(
    [
      { service: 'postgres', reference: 'postgres:16', source: null },
      { service: 'litellm', reference: 'ghcr.io/berriai/litellm:main-latest', source: null },
      { service: 'prometheus', reference: 'prom/prometheus:v3.5.0', source: null },
    ],
    deps(mkdtempSync(join(tmpdir(), 'hagw-osv-'))),
  );
  assert.deepEqual(
    r.map((x) => [x.service, x.status]),
    [
      ['postgres', 'not-checked'],
      ['litellm', 'not-checked'],
      ['prometheus', 'checked'],
    ],
  );
  assert.match(r[0]?.reason ?? '', /no advisory source is known for postgres/);
  assert.match(r[1]?.reason ?? '', /"main-latest" is not a release: pin a release tag/);
  assert.deepEqual(osv.queries, [
    { package: { name: 'github.com/prometheus/prometheus', ecosystem: 'Go' }, version: '0.305.0' },
  ]);
});

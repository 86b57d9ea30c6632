import assert from 'node:assert/strict';
import { test } from 'node:test';
import { advisoryTarget, releaseOfTag } from '../../electron/core/advisory-package';
import { cvss3BaseScore } from '../../electron/core/cvss3';
import { advisoryFindings } from '../../electron/core/advisory-findings';
import { compareVersions } from '../../electron/core/osv-advisories';

test('release numbers from the tags the stack uses; anything else is no release', () => {
  assert.equal(releaseOfTag('v1.80.11-stable.1'), '1.80.11');
  assert.equal(releaseOfTag('2.10.2-alpine'), '2.10.2');
  assert.equal(releaseOfTag('v1.101.0'), '1.101.0');
  assert.equal(releaseOfTag('2025.11.1'), '2025.11.1');
  assert.equal(releaseOfTag('main-latest'), null);
  assert.equal(releaseOfTag('latest'), null);
  assert.equal(releaseOfTag('16'), null);
});

test('each bundled image maps to its package; Prometheus to its Go module numbering', () => {
  const pkg = (s: string, ref: string) => {
    const t = advisoryTarget(s, ref);
    return 'package' in t ? t.package : t.notChecked;
  };
  assert.deepEqual(pkg('vllm', 'vllm/vllm-openai:v0.26.0'), {
    ecosystem: 'PyPI',
    name: 'vllm',
    version: '0.26.0',
  });
  assert.deepEqual(pkg('ollama', 'docker.io/ollama/ollama:0.32.4'), {
    ecosystem: 'Go',
    name: 'github.com/ollama/ollama',
    version: '0.32.4',
  });
  assert.equal(
    (pkg('prometheus', 'prom/prometheus:v2.53.1') as { version: string }).version,
    '0.53.1',
  );
  assert.equal(
    (pkg('caddy', 'caddy:2.10.2-alpine') as { name: string }).name,
    'github.com/caddyserver/caddy/v2',
  );
  assert.match(pkg('redis', 'redis:7.4-alpine') as string, /no advisory source/);
});

test('CVSS v3 base scores as FIRST specifies them', () => {
  assert.equal(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'), 9.8);
  assert.equal(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H'), 9.9);
  assert.equal(cvss3BaseScore('CVSS:3.0/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N'), 1.8);
  assert.equal(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N'), 0);
  assert.equal(
    cvss3BaseScore('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N'),
    null,
  );
});

test('versions compare part by part', () => {
  assert.ok(compareVersions('1.84.0', '1.83.14') > 0);
  assert.ok(compareVersions('1.101.0', '1.84.0') > 0);
  assert.equal(compareVersions('1.84', '1.84.0'), 0);
});

test('doctor lines: critical and high are critical with the update command; unknown says since when', () => {
  const f = advisoryFindings([
    {
      service: 'litellm',
      image: 'ghcr.io/berriai/litellm:v1.80.11-stable.1',
      package: { ecosystem: 'PyPI', name: 'litellm', version: '1.80.11' },
      status: 'unknown',
      checkedAt: '2026-11-28T09:00:00.000Z',
      reason: 'OSV answered HTTP 503',
      advisories: [
        {
          id: 'GHSA-4xpc-pv4p-pm3w',
          aliases: ['CVE-2026-49468'],
          summary: 'Host header',
          severity: 'high',
          fixed: '1.84.0',
        },
      ],
    },
    {
      service: 'redis',
      image: 'redis:7.4-alpine',
      package: null,
      status: 'not-checked',
      advisories: [],
      checkedAt: null,
      reason: 'no advisory source is known for redis',
    },
  ]);
  assert.deepEqual(
    f.map((x) => [x.id, x.severity]),
    [
      ['advisory:litellm:GHSA-4xpc-pv4p-pm3w', 'critical'],
      ['advisories:unknown', 'warning'],
      ['advisories:not-checked', 'info'],
    ],
  );
  assert.match(
    f[0]!.message,
    /litellm 1\.80\.11, affected by GHSA-4xpc-pv4p-pm3w \(CVE-2026-49468\), high: Host header; fixed in 1\.84\.0 \(as of 2026-11-28\)/,
  );
  assert.match(f[0]!.fix, /hagw stack update litellm/);
  assert.match(
    f[1]!.message,
    /^Advisories unknown since 2026-11-28 for litellm: OSV answered HTTP 503/,
  );
});

test('never answered: says so plainly, one full stop, no advice about the stack', () => {
  const [f] = advisoryFindings([
    {
      service: 'litellm',
      image: 'ghcr.io/berriai/litellm:v1.101.0',
      package: { ecosystem: 'PyPI', name: 'litellm', version: '1.101.0' },
      status: 'unknown',
      checkedAt: null,
      reason: 'OSV at http://127.0.0.1:9 refused the connection.',
      advisories: [],
    },
  ]);
  assert.equal(
    f?.message,
    'Advisories unknown (OSV has not answered yet) for litellm: OSV at http://127.0.0.1:9 refused the connection.',
  );
});

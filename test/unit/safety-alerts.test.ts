import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyAlertState, evaluateAlerts } from '../../electron/core/alert-engine';
import { certObservations, doctorObservations } from '../../electron/core/safety-alerts';

const site = (status: 'ok' | 'renewal-failing' | 'expiring' | 'expired', notAfter: string) => ({
  sites: [
    {
      host: 'gw',
      port: 443,
      status,
      notAfter,
      daysLeft: 3,
      issuer: 'x',
      lastError: 'boom',
      since: notAfter,
    },
  ],
});

test('renewal failing is a warning; under 7 days and expired are critical; ok is nothing', () => {
  assert.deepEqual(
    certObservations(site('renewal-failing', 'A')).map((o) => o.severity),
    ['warning'],
  );
  assert.deepEqual(
    certObservations(site('expiring', 'A')).map((o) => o.severity),
    ['critical'],
  );
  assert.deepEqual(
    certObservations(site('expired', 'A')).map((o) => o.severity),
    ['critical'],
  );
  assert.deepEqual(certObservations(site('ok', 'A')), []);
});

test('a renewed certificate clears the alert, and a new failure on it alerts again', () => {
  const first = evaluateAlerts(
    emptyAlertState(),
    certObservations(site('renewal-failing', '2027-01-01T00:00:00Z')),
    0,
  );
  assert.equal(first.notify.length, 1);
  const renewed = evaluateAlerts(
    first.state,
    certObservations(site('ok', '2027-03-01T00:00:00Z')),
    1000,
  );
  assert.equal(renewed.resolved.length, 1);
  assert.equal(
    evaluateAlerts(
      renewed.state,
      certObservations(site('renewal-failing', '2027-03-01T00:00:00Z')),
      2000,
    ).notify.length,
    1,
  );
});

test('only critical doctor findings become alerts, with the fix in the message', () => {
  const obs = doctorObservations({
    findings: [
      {
        id: 'exposed:vllm:8000',
        severity: 'critical',
        service: 'vllm',
        message: 'vllm is public.',
        fix: 'Bind it to 127.0.0.1.',
      },
      { id: 'unpinned:vllm', severity: 'warning', service: 'vllm', message: 'tag', fix: 'pin' },
    ],
  });
  assert.deepEqual(
    obs.map((o) => [o.id, o.severity]),
    [['doctor:exposed:vllm:8000', 'critical']],
  );
  assert.match(obs[0]?.message ?? '', /Fix: Bind it to 127\.0\.0\.1\./);
});

test("the certificate probe's warnings are part of the doctor's report", async () => {
  const { certDoctorFindings } = await import('../../electron/core/safety-alerts');
  const f = certDoctorFindings(site('renewal-failing', 'A'));
  assert.deepEqual(
    f.map((x) => [x.id, x.severity, x.service]),
    [['certs:renewal-failing:gw', 'warning', 'caddy']],
  );
  assert.deepEqual(certDoctorFindings(site('ok', 'A')), []);
});

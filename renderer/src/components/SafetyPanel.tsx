import { useEffect, useState } from 'react';
import type { CertsReport } from '../../../electron/shared/certs';
import type { HagwBridge } from '../../../electron/shared/contract';
import type { DoctorReport } from '../../../electron/shared/doctor';

/** Certificates per site and the doctor's findings: the two things that break quietly. */
export const SafetyPanel = ({ bridge }: { bridge: HagwBridge }) => {
  const [certs, setCerts] = useState<CertsReport | null>(null);
  const [doctor, setDoctor] = useState<DoctorReport | null>(null);
  useEffect(() => {
    void bridge.invoke('certs.get').then((r) => r.ok && setCerts(r.value));
    void bridge.invoke('doctor.run').then((r) => r.ok && setDoctor(r.value));
  }, [bridge]);
  const serious = doctor?.findings.filter((f) => f.severity !== 'info') ?? [];
  return (
    <section aria-label="Safety" data-testid="safety-panel">
      <h2>Certificates</h2>
      {certs && certs.sites.length === 0 && (
        <p className="hint">No TLS sites found in the Caddyfile.</p>
      )}
      {certs && certs.sites.length > 0 && (
        <table data-testid="certs">
          <thead>
            <tr>
              <th>Site</th>
              <th>Status</th>
              <th>Expires</th>
              <th>Issuer</th>
            </tr>
          </thead>
          <tbody>
            {certs.sites.map((s) => (
              <tr key={`${s.host}:${s.port}`} className={s.status === 'ok' ? '' : 'bad'}>
                <td>{s.host}</td>
                <td>
                  {s.status}
                  {s.lastError ? ` — ${s.lastError}` : ''}
                </td>
                <td>{s.notAfter ? new Date(s.notAfter).toLocaleString() : '—'}</td>
                <td>{s.issuer ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Doctor</h2>
      {doctor === null && <p className="hint">Running the doctor…</p>}
      {doctor && (
        <div data-testid="doctor-result">
          {serious.length === 0 && <p className="hint">No findings: the stack looks safe.</p>}
          {serious.map((f) => (
            <p
              key={f.id}
              className={f.severity === 'critical' ? 'finding-error' : 'finding-warning'}
              data-testid="doctor-finding"
            >
              <strong>{f.severity}</strong> {f.message} <span className="hint">Fix: {f.fix}</span>
            </p>
          ))}
        </div>
      )}
    </section>
  );
};

import { useState } from 'react';
import type { HagwBridge } from '../../../electron/shared/contract';
import type { SetupReport } from '../../../electron/shared/setup';

/** First run: the same `hagw setup` — generated secrets, a model profile from the GPU's VRAM. */
export const SetupPanel = ({
  bridge,
  onDone,
  onClose,
}: {
  bridge: HagwBridge;
  onDone: () => void;
  onClose: () => void;
}) => {
  const [report, setReport] = useState<SetupReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    const r = await bridge.invoke('setup.run', false);
    setBusy(false);
    if (r.ok) {
      setReport(r.value);
      onDone();
    } else setError(r.error.message);
  };
  return (
    <section aria-label="First run" className="setup" data-testid="setup-panel">
      <h2>First run</h2>
      {!report && (
        <>
          <p>
            The stack has no settings yet. Setup generates its secrets (kept in the data directory,
            mode 0600, never shown here) and picks models that fit your GPU.
          </p>
          <button disabled={busy} onClick={() => void run()}>
            Set up the stack
          </button>
        </>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {report && (
        <div data-testid="setup-report">
          <p>
            Model profile <strong>{report.profile.name}</strong>: {report.profile.description}.
          </p>
          <p>
            Wrote {report.written.length} settings to {report.envFile}.
          </p>
          <ul>
            {report.findings.map((f, i) => (
              <li key={i} className={`finding-${f.severity}`}>
                {f.severity}: {f.message}
              </li>
            ))}
          </ul>
          <button onClick={onClose}>Close</button>
        </div>
      )}
    </section>
  );
};

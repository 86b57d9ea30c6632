import { useState } from 'react';
import { TableHead } from './TableHead';
import type { HagwBridge } from '../../../electron/shared/contract';
import type { TunnelStatus } from '../../../electron/shared/remote';
import { useReport } from '../use-report';

type Kind = 'tailscale' | 'cloudflare';

const label: Record<Kind, string> = { tailscale: 'Tailscale', cloudflare: 'Cloudflare Tunnel' };
const secretName: Record<Kind, string> = {
  tailscale: 'TS_AUTHKEY',
  cloudflare: 'CLOUDFLARE_TUNNEL_TOKEN',
};

/**
 * Remote access without a naked port: each tunnel's profile, container and whether its secret is
 * in the .env (never the secret). A tunnel whose secret is stored starts from here; the first
 * time, the secret goes in from a shell, so it never passes through this window.
 */
export const RemotePanel = ({ bridge }: { bridge: HagwBridge }) => {
  const { report, set: setReport, error, setError } = useReport(bridge, 'remote.get');
  const [busy, setBusy] = useState(false);
  const toggle = async (kind: Kind, on: boolean) => {
    setBusy(true);
    const r = on
      ? await bridge.invoke('remote.enable', kind)
      : await bridge.invoke('remote.disable', kind);
    setBusy(false);
    if (r.ok) {
      setReport(r.value);
      setError(null);
    } else setError(r.error);
  };
  const row = (kind: Kind, t: TunnelStatus) => (
    <tr key={kind} data-testid={`remote-${kind}`}>
      <td>{label[kind]}</td>
      <td>{t.enabled ? 'on' : 'off'}</td>
      <td>{t.state ?? '—'}</td>
      <td>{t.secretSet ? 'stored (0600)' : 'not set'}</td>
      <td>
        {t.enabled ? (
          <button
            type="button"
            className="small"
            disabled={busy}
            onClick={() => void toggle(kind, false)}
          >
            Turn off {label[kind]}
          </button>
        ) : t.secretSet ? (
          <button
            type="button"
            className="small"
            disabled={busy}
            onClick={() => void toggle(kind, true)}
          >
            Turn on {label[kind]}
          </button>
        ) : (
          <code>
            {secretName[kind]}=… hagw remote enable {kind}
          </code>
        )}
      </td>
    </tr>
  );
  return (
    <section aria-labelledby="remote-title" data-testid="remote-panel">
      <h2 id="remote-title">Remote access</h2>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      {report && (
        <>
          <table data-testid="remote">
            <TableHead columns={['Tunnel', 'Profile', 'Container', 'Secret']} actions />
            <tbody>
              {row('tailscale', report.tailscale)}
              {row('cloudflare', report.cloudflare)}
            </tbody>
          </table>
          {report.cloudflare.enabled && !report.cloudflare.accessApp && (
            <p className="finding-warning">
              No Cloudflare Access application recorded: put one in front of the hostname (README,
              Remote access), then <code>hagw remote enable cloudflare --access-app NAME</code>.
            </p>
          )}
          <p className="hint" data-testid="remote-lan">
            Both tunnels lead to Caddy only, and an app key is still required behind them. On the
            LAN, Caddy listens on{' '}
            {report.lanBind === '0.0.0.0' ? 'every interface' : report.lanBind} (
            <code>hagw setup --lan-ip ADDR</code>).
          </p>
        </>
      )}
    </section>
  );
};

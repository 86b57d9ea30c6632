import { useEffect, useState } from 'react';
import type { AppInfo, HagwBridge, StartAtLogin } from '../../../electron/shared/contract';

/**
 * Where this install keeps its state and what projects point at: the gateway URL to paste into
 * OPENAI_BASE_URL, the data directory (settings, alert state, key vault) and the stack's .env.
 */
export const SettingsPanel = ({ bridge }: { bridge: HagwBridge }) => {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [login, setLogin] = useState<StartAtLogin | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void bridge.invoke('app.info').then((r) => r.ok && setInfo(r.value));
    void bridge.invoke('settings.startAtLogin').then((r) => r.ok && setLogin(r.value));
  }, [bridge]);
  const toggle = async (open: boolean) => {
    const r = await bridge.invoke('settings.startAtLogin', open);
    if (r.ok) {
      setLogin(r.value);
      setError(null);
    } else setError(r.error.message);
  };
  if (!info) return null;
  return (
    <section aria-labelledby="install-title" data-testid="settings-panel">
      <h2 id="install-title">This install</h2>
      <dl className="facts">
        <dt>Gateway URL</dt>
        <dd className="mono" data-testid="gateway-url">
          {info.gatewayUrl}/v1
        </dd>
        <dt>Data directory</dt>
        <dd className="mono">{info.dataDir}</dd>
        <dt>Stack secrets (.env, mode 0600)</dt>
        <dd className="mono">{info.envFile}</dd>
        <dt>Compose files</dt>
        <dd className="mono">{info.composeFiles.join(', ')}</dd>
      </dl>
      {login && (
        <p>
          <label>
            <input
              type="checkbox"
              checked={login.startAtLogin}
              disabled={!login.supported}
              onChange={(e) => void toggle(e.target.checked)}
            />{' '}
            Start the tray app at login
          </label>{' '}
          {!login.supported && (
            <span className="hint">(set from the tray app's own window; this page is hagw ui)</span>
          )}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p className="hint">
        The gateway URL follows HAGW_GATEWAY_URL, else the site name in the .env (
        <code>hagw setup --public-name</code> for a public one).
      </p>
    </section>
  );
};

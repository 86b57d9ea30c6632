import { useEffect, useState } from 'react';
import type { AppInfo, HagwBridge } from '../../../electron/shared/contract';

/**
 * Where this install keeps its state and what projects point at: the gateway URL to paste into
 * OPENAI_BASE_URL, the data directory (settings, alert state, key vault) and the stack's .env.
 */
export const SettingsPanel = ({ bridge }: { bridge: HagwBridge }) => {
  const [info, setInfo] = useState<AppInfo | null>(null);
  useEffect(() => {
    void bridge.invoke('app.info').then((r) => r.ok && setInfo(r.value));
  }, [bridge]);
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
      <p className="hint">
        The gateway URL follows HAGW_GATEWAY_URL, else the site name in the .env (
        <code>hagw setup --public-name</code> for a public one).
      </p>
    </section>
  );
};

// The wake service's operator routes (127.0.0.1:4200/lifecycle, the master key), for the app.
import { GatewayError } from '../../core/gateway-error';
import { LifecycleSnapshot } from '../../shared/lifecycle';
import { httpRequest } from './http-json';

export interface WakerClient {
  snapshot(): Promise<LifecycleSnapshot>;
  sleep(models: readonly string[] | 'all'): Promise<LifecycleSnapshot>;
  resume(): Promise<LifecycleSnapshot>;
  wake(model: string): Promise<LifecycleSnapshot>;
  setModel(
    model: string,
    change: { idleMinutes?: number; pinned?: boolean },
  ): Promise<LifecycleSnapshot>;
  setMargin(percent: number): Promise<LifecycleSnapshot>;
}

export const createWakerClient = (o: {
  url: string;
  masterKey: () => Promise<string | null>;
}): WakerClient => {
  const service = `the wake service at ${o.url}`;
  const call = async (method: string, path: string, body?: unknown) => {
    const key = await o.masterKey();
    if (!key)
      throw new GatewayError(
        'NO_MASTER_KEY',
        'no LITELLM_MASTER_KEY in the stack .env; run "hagw setup"',
      );
    const r = await httpRequest(service, `${o.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs: 10_000,
      maxBytes: 1 << 20,
    });
    let parsed: unknown;
    try {
      parsed = JSON.parse(r.text);
    } catch {
      throw new GatewayError(
        'WAKER_GARBAGE',
        `${service} answered ${r.status} with something not JSON`,
      );
    }
    if (r.status === 200) {
      const s = LifecycleSnapshot.safeParse(parsed);
      if (s.success) return s.data;
      throw new GatewayError(
        'WAKER_GARBAGE',
        `${service} answered in a shape this hagw does not know`,
      );
    }
    const message =
      (parsed as { error?: { message?: unknown } }).error?.message ?? `answered ${r.status}`;
    const text = typeof message === 'string' ? message : `answered ${r.status}`;
    if (r.status === 400) throw new GatewayError('BAD_INPUT', text);
    if (r.status === 401)
      throw new GatewayError(
        'WAKER_AUTH',
        `${service} refused the master key; restart the stack after hagw setup`,
      );
    throw new GatewayError('WAKER_FAILED', `${service}: ${text}`);
  };
  return {
    snapshot: () => call('GET', '/lifecycle'),
    sleep: (models) =>
      call('POST', '/lifecycle/sleep', models === 'all' ? { all: true } : { models }),
    resume: () => call('POST', '/lifecycle/resume'),
    wake: (model) => call('POST', '/lifecycle/wake', { model }),
    setModel: (model, change) =>
      call('PUT', `/lifecycle/models/${encodeURIComponent(model)}`, change),
    setMargin: (percent) => call('PUT', '/lifecycle/settings', { marginPercent: percent }),
  };
};

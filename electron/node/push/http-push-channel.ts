import { GatewayError } from '../../core/gateway-error';
import { pushRequest } from '../../core/push-format';
import type { StoredChannel } from './channel-store';
import { httpRequest } from '../services/http-json';
import type { PushChannel } from './push-router';

/**
 * A stored channel as something the router can send to. The error names the channel by id and
 * host only: the URL's path and the token are secrets and never reach a message or a log line.
 */
export const httpPushChannel = (c: StoredChannel, timeoutMs = 10_000): PushChannel => ({
  id: c.id,
  name: c.name,
  send: async (m) => {
    const req = pushRequest(c.type, m, c.token);
    const r = await httpRequest(`push channel ${c.id} (${c.name})`, c.url, {
      method: 'POST',
      headers: req.headers,
      body: req.body,
      timeoutMs,
      maxBytes: 64 * 1024,
    });
    if (r.status < 200 || r.status > 299)
      throw new GatewayError(
        'PUSH_FAILED',
        `push channel ${c.id} (${c.name}) answered HTTP ${r.status}`,
      );
  },
});

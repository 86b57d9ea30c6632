import { GatewayError } from '../core/gateway-error';
import type { NotifyTestReport } from '../shared/notify';
import type { ChannelStore } from '../node/push/channel-store';
import { httpPushChannel } from '../node/push/http-push-channel';

/**
 * `hagw notify test [<id>]` and the dashboard's Test button: one message to each channel (or the
 * one named), once, no retries, so the answer says at once whether the channel works.
 */
export const testChannels = async (
  store: Pick<ChannelStore, 'read'>,
  id: string | undefined,
  now: () => Date = () => new Date(),
): Promise<NotifyTestReport> => {
  const { channels } = await store.read();
  if (channels.length === 0)
    throw new GatewayError(
      'BAD_INPUT',
      'no push channels yet; add one with "hagw notify add ntfy|webhook|discord <url>"',
    );
  const chosen = id === undefined ? channels : channels.filter((c) => c.id === id);
  if (chosen.length === 0)
    throw new GatewayError(
      'BAD_INPUT',
      `no push channel "${id}"; the ids are in "hagw notify list"`,
    );
  const at = now().toISOString();
  const results = await Promise.all(
    chosen.map(async (c) => {
      try {
        await httpPushChannel(c).send({
          id: 'notify:test',
          source: 'notify',
          severity: 'info',
          state: 'firing',
          title: 'Homelab AI Gateway: test message',
          message: `This channel (${c.id}) gets the gateway's alerts.`,
          at,
          actions: [],
        });
        return { id: c.id, ok: true, error: null };
      } catch (e) {
        return { id: c.id, ok: false, error: (e as Error).message };
      }
    }),
  );
  return { results };
};

import type { ContractHandlers } from '../shared/contract';
import type { App } from './create-app';
import { testChannels } from './notify-test';

type NotifyChannel = Extract<keyof ContractHandlers, `notify.${string}`>;

/** Push channels and quiet hours (channels.json, 0600): the Notifications view and `hagw notify`. */
export const notifyHandlers = (
  gw: Pick<App, 'alerts' | 'clock'>,
): Pick<ContractHandlers, NotifyChannel> => {
  // Read at each call: a face that never uses these channels need not have them wired.
  const channels = () => gw.alerts.channels;
  return {
    'notify.list': () => channels().report(),
    'notify.add': async (o) => {
      await channels().add({
        type: o.type,
        url: o.url,
        token: o.token !== '' ? o.token : undefined,
        name: o.name,
        // The window may confirm a LAN target; a token over plain http stays a CLI decision.
        allowPrivate: o.allowPrivate === true,
      });
      return channels().report();
    },
    'notify.remove': async (id) => {
      await channels().remove(id);
      return channels().report();
    },
    'notify.test': (id) => testChannels(channels(), id, () => new Date(gw.clock.now())),
    'notify.quiet': async (range) => {
      await channels().setQuietHours(range);
      return channels().report();
    },
  };
};

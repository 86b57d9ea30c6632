import type { ChannelStore } from '../node/push/channel-store';
import type { AlertCenter } from './alert-center';

/** The alert state (alerts.json) and where alerts are pushed (channels.json, 0600). */
export interface AlertsDomain {
  center: AlertCenter;
  channels: ChannelStore;
}

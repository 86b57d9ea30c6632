import { z } from 'zod';

/** What a push channel is; "desktop" is the app's own channel and is never stored. */
export const channelTypes = ['ntfy', 'webhook', 'discord'] as const;
export type ChannelType = (typeof channelTypes)[number];

/** A push channel as faces see it: the URL redacted to its origin, the token never. */
export const ChannelView = z.object({
  id: z.string(),
  type: z.enum(channelTypes),
  name: z.string(),
  /** The origin only (https://ntfy.sh/…): a topic or webhook path is a secret. */
  target: z.string(),
  hasToken: z.boolean(),
  createdAt: z.string(),
});
export type ChannelView = z.infer<typeof ChannelView>;

export const QuietHours = z.object({
  /** Local time, HH:MM; the range may cross midnight (22:00-07:00). */
  start: z.string(),
  end: z.string(),
});
export type QuietHours = z.infer<typeof QuietHours>;

/** `hagw notify list --json` and the dashboard's settings. */
export const NotifyReport = z.object({
  channels: z.array(ChannelView),
  quietHours: QuietHours.nullable(),
});
export type NotifyReport = z.infer<typeof NotifyReport>;

export const NotifyTestReport = z.object({
  results: z.array(z.object({ id: z.string(), ok: z.boolean(), error: z.string().nullable() })),
});
export type NotifyTestReport = z.infer<typeof NotifyTestReport>;

/**
 * One alert transition, as every channel receives it. This is the generic webhook's JSON body,
 * field for field, and one line of `hagw monitor --json`.
 */
export interface PushMessage {
  id: string;
  source: string;
  severity: 'info' | 'warning' | 'critical';
  state: 'firing' | 'resolved';
  title: string;
  message: string;
  /** ISO 8601, when the transition happened. */
  at: string;
  actions: { id: string; label: string }[];
}

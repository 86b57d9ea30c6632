// How one alert transition looks on each push channel. Pure: the sender does the HTTP.
import type { ChannelType, PushMessage } from '../shared/notify';

export interface PushRequest {
  headers: Record<string, string>;
  body: string;
}

/** UTF-8 bytes of a string, without Buffer or TextEncoder (core compiles with no host types). */
const utf8 = (s: string): number[] => {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else
      out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
};

const b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const base64 = (bytes: readonly number[]): string => {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | (b << 8) | c;
    out += b64[(n >> 18) & 63] ?? '';
    out += b64[(n >> 12) & 63] ?? '';
    out += i + 1 < bytes.length ? (b64[(n >> 6) & 63] ?? '') : '=';
    out += i + 2 < bytes.length ? (b64[n & 63] ?? '') : '=';
  }
  return out;
};

/**
 * A header value as ntfy reads it: plain when it is printable ASCII, else RFC 2047 base64
 * ("=?UTF-8?B?...?="), which ntfy decodes (docs.ntfy.sh/publish, "e-mail style headers"). Our
 * titles carry an em dash or an alias; HTTP stacks refuse or mangle non-ASCII header bytes.
 */
export const encodeHeaderValue = (v: string): string => {
  const flat = v.replace(/[\r\n]+/g, ' ');
  return /^[\x20-\x7e]*$/.test(flat) ? flat : `=?UTF-8?B?${base64(utf8(flat))}?=`;
};

/** ntfy priorities 1 (min) to 5 (max): a critical wakes the phone, a clearance does not. */
const ntfyPriority = (m: PushMessage): number =>
  m.state === 'resolved' ? 3 : m.severity === 'critical' ? 5 : m.severity === 'warning' ? 4 : 3;

/** ntfy shows a tag that names an emoji as that emoji in front of the title. */
const ntfyEmoji = (m: PushMessage): string =>
  m.state === 'resolved'
    ? 'white_check_mark'
    : m.severity === 'critical'
      ? 'rotating_light'
      : m.severity === 'warning'
        ? 'warning'
        : 'information_source';

const stateTitle = (m: PushMessage): string =>
  m.state === 'resolved' ? `Resolved: ${m.title}` : m.title;

/** ntfy: the body is the message; Title, Priority and Tags are headers (docs.ntfy.sh/publish). */
export const ntfyRequest = (m: PushMessage, token: string | null): PushRequest => ({
  headers: {
    'content-type': 'text/plain; charset=utf-8',
    Title: encodeHeaderValue(stateTitle(m)),
    Priority: String(ntfyPriority(m)),
    Tags: [ntfyEmoji(m), 'hagw', m.source].join(','),
    ...(token ? { Authorization: `Bearer ${token}` } : {}),
  },
  body: m.message,
});

const discordColour = (m: PushMessage): number =>
  m.state === 'resolved'
    ? 0x2e7d32
    : m.severity === 'critical'
      ? 0xc62828
      : m.severity === 'warning'
        ? 0xf9a825
        : 0x1565c0;

const clip = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/**
 * Discord's execute-webhook JSON: one embed (title at most 256 characters, description 4096).
 * allowed_mentions is empty: a key alias such as "@everyone" in an alert must not ping a server.
 */
export const discordRequest = (m: PushMessage): PushRequest => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    username: 'Homelab AI Gateway',
    allowed_mentions: { parse: [] },
    embeds: [
      {
        title: clip(stateTitle(m), 256),
        description: clip(m.message, 4096),
        color: discordColour(m),
        timestamp: m.at,
        footer: { text: clip(`${m.severity} · ${m.source} · ${m.id}`, 2048) },
      },
    ],
  }),
});

/** The transition with exactly the documented fields, in their order (and nothing else). */
export const webhookBody = (m: PushMessage): PushMessage => ({
  id: m.id,
  source: m.source,
  severity: m.severity,
  state: m.state,
  title: m.title,
  message: m.message,
  at: m.at,
  actions: m.actions,
});

/** The generic webhook: the transition itself, as JSON. */
export const webhookRequest = (m: PushMessage): PushRequest => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(webhookBody(m)),
});

export const pushRequest = (
  type: ChannelType,
  m: PushMessage,
  token: string | null,
): PushRequest =>
  type === 'ntfy'
    ? ntfyRequest(m, token)
    : type === 'discord'
      ? discordRequest(m)
      : webhookRequest(m);

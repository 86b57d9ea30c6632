import { isIP } from 'node:net';
import { isLoopback } from '../../core/compose-audit';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { GatewayError } from '../../core/gateway-error';
import { parseQuietHours } from '../../core/quiet-hours';
import {
  type ChannelType,
  channelTypes,
  type ChannelView,
  type NotifyReport,
  QuietHours,
} from '../../shared/notify';
import { writeFileAtomic, ensurePrivateDir } from '../storage/atomic-file';
import { withFileMutex } from '../storage/file-mutex';
import { readStateFile, type Warn } from '../storage/state-file';

const StoredChannel = z.object({
  id: z.string(),
  type: z.enum(channelTypes),
  name: z.string(),
  url: z.string(),
  token: z.string().nullable(),
  createdAt: z.string(),
});
export type StoredChannel = z.infer<typeof StoredChannel>;

const ChannelsFile = z.object({
  version: z.literal(1),
  channels: z.array(StoredChannel),
  quietHours: QuietHours.nullable(),
});
type ChannelsFile = z.infer<typeof ChannelsFile>;

const empty = (): ChannelsFile => ({ version: 1, channels: [], quietHours: null });

const accepted = `push channel types: ${channelTypes.join(', ')}`;

/** The origin alone: an ntfy topic or a webhook path is as good as a password. */
export const redactUrl = (url: string): string => {
  try {
    return `${new URL(url).origin}/…`;
  } catch {
    return '…';
  }
};

/** Discord's webhook hosts: a "discord" channel goes there and nowhere else. */
const discordHosts = ['discord.com', 'discordapp.com', 'canary.discord.com', 'ptb.discord.com'];

const maxUrlLength = 2048;

/** Loopback, private, link-local, CGNAT and unique-local addresses, and the LAN's own names. */
export const isPrivateTarget = (hostname: string): boolean => {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || /\.(local|lan|home\.arpa|internal|localdomain)$/.test(h)) return true;
  if (isIP(h) === 4) {
    const [a = 0, b = 0] = h.split('.').map(Number);
    return (
      a === 127 ||
      a === 10 ||
      a === 0 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  if (isIP(h) === 6)
    return (
      h === '::1' ||
      h === '::' ||
      /^f[cd]/.test(h) ||
      /^fe[89ab]/.test(h) ||
      h.startsWith('::ffff:')
    );
  return false;
};

/** Checks a new channel; every refusal is one line that says what is accepted. */
export const validateChannel = (
  type: string,
  url: string,
  token: string | undefined,
  o: { allowPrivate?: boolean; insecure?: boolean } = {},
): ChannelType => {
  if (!(channelTypes as readonly string[]).includes(type))
    throw new GatewayError('BAD_INPUT', `unknown channel type "${type}"; ${accepted}`);
  if (url.length > maxUrlLength)
    throw new GatewayError('BAD_INPUT', `the ${type} URL is over ${maxUrlLength} characters`);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new GatewayError(
      'BAD_INPUT',
      `the ${type} URL is not a URL; give an http:// or https:// URL`,
    );
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    throw new GatewayError(
      'BAD_INPUT',
      `the ${type} URL must be http:// or https://, not ${u.protocol}`,
    );
  if (u.username || u.password)
    throw new GatewayError('BAD_INPUT', 'put credentials in --token, not in the URL');
  if (type === 'ntfy' && u.pathname.replace(/\/+$/, '').split('/').filter(Boolean).length !== 1)
    throw new GatewayError(
      'BAD_INPUT',
      'an ntfy URL is the server and one topic: https://ntfy.sh/<topic>',
    );
  if (
    type === 'discord' &&
    (u.protocol !== 'https:' ||
      !discordHosts.includes(u.hostname) ||
      !/^\/api\/webhooks\/\d+\/[\w-]+\/?$/.test(u.pathname))
  )
    throw new GatewayError(
      'BAD_INPUT',
      'a Discord URL is a channel webhook: https://discord.com/api/webhooks/<id>/<token>',
    );
  if (token !== undefined && (type !== 'ntfy' || !/^[\x21-\x7e]{1,512}$/.test(token)))
    throw new GatewayError(
      'BAD_INPUT',
      type !== 'ntfy'
        ? '--token is for ntfy (an access token, tk_...); a webhook URL carries its own secret'
        : 'the ntfy token must be printable ASCII without spaces',
    );
  if (isPrivateTarget(u.hostname) && !o.allowPrivate)
    throw new GatewayError(
      'BAD_INPUT',
      `${u.hostname} is a private address: alerts would go to a machine on your own network, which is fine in a homelab; confirm it is meant (allow private targets; hagw notify add --allow-private)`,
    );
  if (
    token !== undefined &&
    u.protocol === 'http:' &&
    !isLoopback(u.hostname.replace(/^\[|\]$/g, '').toLowerCase()) &&
    !o.insecure
  )
    throw new GatewayError(
      'BAD_INPUT',
      `the token would cross the network in clear text (plain http:// to ${u.hostname}); use https://, or accept that (hagw notify add --insecure)`,
    );
  return type as ChannelType;
};

/**
 * channels.json in the data directory (0600): the push channels, whose URLs and tokens are secrets,
 * and the quiet hours. Written atomically under a mutex, like settings.json; read every time, so
 * the tray sees a channel `hagw notify add` just added.
 */
export class ChannelStore {
  readonly path: string;
  private readonly lock: string;

  constructor(
    private readonly dataDir: string,
    private readonly now: () => Date,
    private readonly warn: Warn,
  ) {
    this.path = join(dataDir, 'channels.json');
    this.lock = join(dataDir, '.channels.lock');
  }

  async read(): Promise<ChannelsFile> {
    return (
      (await readStateFile(this.path, ChannelsFile, 'push channel file', {
        warn: this.warn,
        now: this.now,
      })) ?? empty()
    );
  }

  async report(): Promise<NotifyReport> {
    const f = await this.read();
    return { channels: f.channels.map(toView), quietHours: f.quietHours };
  }

  async add(o: {
    type: string;
    url: string;
    token?: string;
    name?: string;
    allowPrivate?: boolean;
    insecure?: boolean;
  }): Promise<ChannelView> {
    const type = validateChannel(o.type, o.url, o.token, o);
    const name = (o.name ?? '').trim() || new URL(o.url).hostname;
    if (name.length > 64)
      throw new GatewayError('BAD_INPUT', 'a channel name is 64 characters at most');
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f-\u009f]/.test(name))
      throw new GatewayError(
        'BAD_INPUT',
        'a channel name may not hold control characters (a newline, an escape); use plain text',
      );
    const channel: StoredChannel = {
      id: `${type}-${randomBytes(3).toString('hex')}`,
      type,
      name,
      url: o.url,
      token: o.token ?? null,
      createdAt: this.now().toISOString(),
    };
    await this.update((f) => ({ ...f, channels: [...f.channels, channel] }));
    return toView(channel);
  }

  async remove(id: string): Promise<void> {
    await this.update((f) => {
      if (!f.channels.some((c) => c.id === id))
        throw new GatewayError(
          'BAD_INPUT',
          `no push channel "${id}"; the ids are in "hagw notify list"`,
        );
      return { ...f, channels: f.channels.filter((c) => c.id !== id) };
    });
  }

  async setQuietHours(range: string | null): Promise<QuietHours | null> {
    const q = range === null || range === 'off' ? null : parseQuietHours(range);
    if (q && 'error' in q) throw new GatewayError('BAD_INPUT', q.error);
    await this.update((f) => ({ ...f, quietHours: q }));
    return q;
  }

  private async update(change: (f: ChannelsFile) => ChannelsFile): Promise<void> {
    await ensurePrivateDir(this.dataDir);
    await withFileMutex(this.lock, async () => {
      const next = change(await this.read());
      await writeFileAtomic(this.path, `${JSON.stringify(next, null, 2)}\n`, 0o600);
    });
  }
}

const toView = (c: StoredChannel): ChannelView => ({
  id: c.id,
  type: c.type,
  name: c.name,
  target: redactUrl(c.url),
  hasToken: c.token !== null,
  createdAt: c.createdAt,
});

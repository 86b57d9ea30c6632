import { channelCall } from '../../app/channel-call';
import { notifyHandlers } from '../../app/notify-handlers';
import type { App } from '../../app/create-app';
import type { NotifyReport } from '../../shared/notify';
import { type CliIo, CliExit, printJson, table } from '../cli-output';

const usageLine =
  'usage: hagw notify add ntfy|webhook|discord <url> [--token T] [--name N] [--allow-private] [--insecure] | list | remove <id> | test [<id>] | quiet HH:MM-HH:MM|off';

const formatReport = (r: NotifyReport): string =>
  [
    r.channels.length === 0
      ? 'No push channels; add one with "hagw notify add ntfy https://ntfy.sh/<topic>".'
      : table([
          ['ID', 'TYPE', 'NAME', 'TARGET', 'TOKEN'],
          ...r.channels.map((c) => [c.id, c.type, c.name, c.target, c.hasToken ? 'yes' : 'no']),
        ]),
    `Quiet hours: ${r.quietHours ? `${r.quietHours.start}-${r.quietHours.end} (criticals still go out)` : 'off'}`,
  ].join('\n');

/**
 * `hagw notify ...`: the push channels the supervisor sends alerts to. URLs and tokens are
 * secrets: they are stored 0600 and shown redacted to their origin, here and in --json.
 */
export const notifyCommand = async (
  gw: Pick<App, 'alerts' | 'clock'>,
  io: CliIo,
  a: {
    action: string | undefined;
    args: string[];
    token: string | undefined;
    name: string | undefined;
    allowPrivate?: boolean;
    insecure?: boolean;
    json: boolean;
  },
): Promise<number> => {
  const show = (r: NotifyReport) => (a.json ? printJson(io, r) : io.out(formatReport(r)));
  // The Notifications view's channels. Adding stays the store's own call here: a token over plain
  // http (--insecure) is a decision only a shell may take, and the CLI prints the new channel.
  const call = channelCall(notifyHandlers(gw));
  switch (a.action) {
    case 'list':
    case undefined:
      show(await call('notify.list'));
      return 0;
    case 'add': {
      const [type, url, ...extra] = a.args;
      if (!type || !url || extra.length > 0) throw new CliExit(2, usageLine);
      const c = await gw.alerts.channels.add({
        type,
        url,
        token: a.token,
        name: a.name,
        allowPrivate: a.allowPrivate ?? false,
        insecure: a.insecure ?? false,
      });
      if (a.json) printJson(io, c);
      else
        io.out(`Added ${c.id} (${c.type}, ${c.target}); try it with "hagw notify test ${c.id}".`);
      return 0;
    }
    case 'remove': {
      const [id, ...extra] = a.args;
      if (!id || extra.length > 0) throw new CliExit(2, usageLine);
      const after = await call('notify.remove', id);
      if (!a.json) io.out(`Removed ${id}.`);
      else printJson(io, after);
      return 0;
    }
    case 'test': {
      if (a.args.length > 1) throw new CliExit(2, usageLine);
      const r = await call('notify.test', a.args[0]);
      if (a.json) printJson(io, r);
      else
        io.out(
          r.results.map((x) => `${x.id}: ${x.ok ? 'delivered' : `failed: ${x.error}`}`).join('\n'),
        );
      return r.results.every((x) => x.ok) ? 0 : 1;
    }
    case 'quiet': {
      const [range, ...extra] = a.args;
      if (!range || extra.length > 0) throw new CliExit(2, usageLine);
      show(await call('notify.quiet', range === 'off' ? null : range));
      return 0;
    }
    default:
      throw new CliExit(2, usageLine);
  }
};

import type { TunnelKind } from '../../core/remote-access';
import type { RemoteService } from '../../app/remote-service';
import type { RemoteReport, TunnelStatus } from '../../shared/remote';
import { type CliIo, CliExit, printJson } from '../cli-output';

const usageLine =
  'usage: hagw remote status | enable tailscale | enable cloudflare [--access-app NAME] | disable [tailscale|cloudflare] [--json]';

const line = (name: string, t: TunnelStatus, extra = '') =>
  `${name.padEnd(11)} ${t.enabled ? 'enabled' : 'off'}${t.enabled ? `, container ${t.state ?? 'not created'}` : ''}${t.secretSet ? ', secret set (.env, 0600)' : ''}${extra}`;

const format = (r: RemoteReport): string =>
  [
    line('tailscale', r.tailscale),
    line(
      'cloudflare',
      r.cloudflare,
      r.cloudflare.enabled
        ? r.cloudflare.accessApp
          ? `, Access application "${r.cloudflare.accessApp}"`
          : ', NO Access policy recorded (see the README, then --access-app NAME)'
        : '',
    ),
    `LAN: Caddy listens on ${r.lanBind === '0.0.0.0' ? 'every interface' : r.lanBind} (hagw setup --lan-ip ADDR)`,
  ].join('\n');

const kindOf = (v: string | undefined): TunnelKind | undefined => {
  if (v === undefined) return undefined;
  if (v === 'tailscale' || v === 'cloudflare') return v;
  throw new CliExit(2, `No tunnel "${v}"; tailscale or cloudflare.`);
};

/** `hagw remote`: reach the gateway away from home through a tunnel to Caddy, never a naked port. */
export const remoteCommand = async (
  remote: RemoteService,
  io: CliIo,
  a: {
    action: string | undefined;
    kind: string | undefined;
    extra: readonly string[];
    accessApp: string | undefined;
    json: boolean;
  },
): Promise<number> => {
  if (a.extra.length > 0) throw new CliExit(2, usageLine);
  let r: RemoteReport;
  switch (a.action) {
    case undefined:
    case 'status':
      if (a.kind !== undefined) throw new CliExit(2, usageLine);
      r = await remote.status();
      break;
    case 'enable': {
      const kind = kindOf(a.kind);
      if (!kind) throw new CliExit(2, usageLine);
      r = await remote.enable(kind, a.accessApp !== undefined ? { accessApp: a.accessApp } : {});
      break;
    }
    case 'disable':
      r = await remote.disable(kindOf(a.kind));
      break;
    default:
      throw new CliExit(2, usageLine);
  }
  if (a.json) printJson(io, r);
  else io.out(format(r));
  return 0;
};

import type { App } from '../../app/create-app';
import { type CliIo, printJson, table } from '../cli-output';

/** `hagw certs [--json]`: the certificate each site serves, and whether renewal works. */
export const certsCommand = async (
  gw: Pick<App, 'safety'>,
  io: CliIo,
  o: { json: boolean },
): Promise<number> => {
  const { sites } = await gw.safety.certs();
  if (o.json) printJson(io, { sites });
  else if (sites.length === 0) io.out('No TLS sites found in the Caddyfile.');
  else {
    io.out(
      table([
        ['SITE', 'STATUS', 'EXPIRES', 'DAYS LEFT', 'ISSUER'],
        ...sites.map((s) => [
          `${s.host}:${s.port}`,
          s.status,
          s.notAfter ?? '—',
          s.daysLeft === null ? '—' : String(s.daysLeft),
          s.issuer ?? '—',
        ]),
      ]),
    );
    for (const s of sites.filter((x) => x.lastError)) io.out(`${s.host}: ${s.lastError ?? ''}`);
  }
  return 0;
};

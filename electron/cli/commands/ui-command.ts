import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createContractHandlers } from '../../app/contract-handlers';
import { createSupervisor } from '../../app/create-supervisor';
import type { App } from '../../app/create-app';
import type { Clock, Timers } from '../../core/ports';
import { type CliIo, CliExit } from '../cli-output';
import { untilSignal } from '../until-signal';
import { startUiServer } from '../ui-server';

/** `hagw ui`: the supervisor behind the loopback bridge, serving the built renderer until Ctrl-C. */
export const uiCommand = async (
  gw: App,
  io: CliIo,
  o: { port: number; clock: Clock; timers: Timers },
): Promise<number> => {
  const staticDir = join(gw.config.appRoot, 'dist', 'renderer');
  if (!existsSync(join(staticDir, 'index.html'))) {
    throw new CliExit(
      1,
      `The dashboard is not built (${staticDir} is missing); run "npm run build" first.`,
    );
  }
  const sup = createSupervisor(gw, { what: 'hagw ui', ...o, warn: (l) => io.err(l) });
  try {
    await sup.start();
    const server = await startUiServer({
      port: o.port,
      staticDir,
      handlers: createContractHandlers(gw, sup),
      events: sup.events,
    });
    try {
      io.out(`Dashboard: ${server.url}`);
      io.out(
        'Loopback only. For a headless host: ssh -L <port>:127.0.0.1:<port> <host>, then open the URL. Ctrl-C stops.',
      );
      await untilSignal();
    } finally {
      server.dispose();
    }
  } finally {
    sup.dispose();
  }
  return 0;
};

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DisposableStore } from '../../core/disposable';
import { createContractHandlers } from '../../node/contract-handlers';
import type { GpuReport } from '../../shared/gpu';
import type { StackSnapshot } from '../../shared/stack';
import type { Gateway } from '../../node/gateway';
import { type CliIo, CliExit } from '../cli-output';
import { startUiServer } from '../ui-server';

/** `hagw ui`: serves the built renderer and the bridge until Ctrl-C. */
export const uiCommand = async (gw: Gateway, io: CliIo, o: { port: number }): Promise<number> => {
  const staticDir = join(gw.config.appRoot, 'dist', 'renderer');
  if (!existsSync(join(staticDir, 'index.html'))) {
    throw new CliExit(
      1,
      `The dashboard is not built (${staticDir} is missing); run "npm run build" first.`,
    );
  }
  const watch = gw.stack.watch();
  const server = await startUiServer({
    port: o.port,
    staticDir,
    handlers: createContractHandlers(gw),
    subscribe: (event, fn) => {
      if (event === 'stack.changed') return gw.stack.onChange(fn as (s: StackSnapshot) => void);
      if (event === 'stack.progress') return gw.stack.onProgress(fn as (line: string) => void);
      // The GPU monitor starts on first use; forward its reports once it runs.
      const store = new DisposableStore();
      void gw.gpu().then((m) => store.add(m.onReport(fn as (r: GpuReport) => void)));
      return store;
    },
  });
  await gw.stack.refresh();
  io.out(`Dashboard: ${server.url}`);
  io.out(
    'Loopback only. For a headless host: ssh -L <port>:127.0.0.1:<port> <host>, then open the URL. Ctrl-C stops.',
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  server.dispose();
  watch.dispose();
  return 0;
};

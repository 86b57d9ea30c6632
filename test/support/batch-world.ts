import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './fixtures';
import { freePort } from './free-port';
import type { VllmStandinOptions } from '../standins/vllm-standin';
import { type RunningStandins, startStandins } from './standins';

/** A child process and what it printed, started with a deadline on a line it must print. */
export interface Child {
  child: ChildProcess;
  output: () => string;
  /** SIGKILL: a crash, nothing flushed. */
  kill: () => Promise<void>;
  /** SIGTERM and wait. */
  stop: () => Promise<number | null>;
}

export const startChild = async (
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  what: string,
): Promise<Child> => {
  const child = spawn(file, args, { env, cwd: repoRoot });
  let out = '';
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${what} did not start within 30 s:\n${out}`)),
      30_000,
    );
    const on = (c: Buffer) => {
      out += c.toString();
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', on);
    child.stderr?.on('data', on);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}) before it was ready:\n${out}`));
    });
  });
  return {
    child,
    output: () => out,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
};

/** `hagw batch serve` from the TypeScript source, as its own process. */
export const batchServeArgs = (port: number): string[] => [
  '--import',
  'tsx',
  join(repoRoot, 'electron', 'cli', 'main.ts'),
  'batch',
  'serve',
  '--port',
  String(port),
];

/** Debian's redis-server on a loopback port, append-only file on, data in `dir`. */
export const startRedis = async (dir: string, port: number): Promise<Child> =>
  startChild(
    'redis-server',
    [
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'always',
      '--save',
      '',
      '--protected-mode',
      'yes',
    ],
    { PATH: process.env.PATH },
    /Ready to accept connections/,
    'redis-server',
  );

export interface BatchWorld {
  standins: RunningStandins;
  batchUrl: string;
  redisUrl: string;
  env: NodeJS.ProcessEnv;
  service: () => Child;
  redis: () => Child;
  /** Start (again) `hagw batch serve`; kills nothing. */
  startService: () => Promise<void>;
  startRedisAgain: () => Promise<void>;
  /** A LiteLLM key for an app, made with the master key. */
  key: (alias: string, body?: Record<string, unknown>) => Promise<string>;
  close: () => Promise<void>;
}

/**
 * The batch service as it runs outside compose: `hagw batch serve` from the TypeScript source as
 * its own process, a real redis-server, and the LiteLLM and vLLM stand-ins in this process.
 */
export const startBatchWorld = async (
  o: { serviceEnv?: NodeJS.ProcessEnv; vllm?: Partial<VllmStandinOptions> } = {},
): Promise<BatchWorld> => {
  const dir = mkdtempSync(join(tmpdir(), 'hagw-batch-'));
  const standins = await startStandins({}, { vllm: o.vllm });
  const [redisPort, batchPort] = [await freePort(), await freePort()];
  let redis = await startRedis(dir, redisPort);
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    HAGW_DATA_DIR: join(dir, 'data'),
    HAGW_REDIS_URL: redisUrl,
    HAGW_LITELLM_URL: standins.litellmUrl,
    HAGW_LITELLM_MASTER_KEY: standins.masterKey,
    HAGW_VLLM_URL: standins.vllmUrl,
    HAGW_BATCH_URL: `http://127.0.0.1:${batchPort}`,
    HAGW_BATCH_SECRET: 'test-batch-secret-0123456789',
    // A killed worker's line is taken again after 2 s instead of 30 s.
    HAGW_BATCH_LOCK_MS: '2000',
    ...o.serviceEnv,
  };
  let service: Child | null = null;
  const startService = async () => {
    service = await startChild(
      process.execPath,
      batchServeArgs(batchPort),
      env,
      /serving \/v1\/files/,
      'hagw batch serve',
    );
  };
  await startService();
  return {
    standins,
    batchUrl: `http://127.0.0.1:${batchPort}`,
    redisUrl,
    env,
    service: () => service!,
    redis: () => redis,
    startService,
    startRedisAgain: async () => {
      redis = await startRedis(dir, redisPort);
    },
    key: async (alias, body = {}) => {
      const r = await fetch(`${standins.litellmUrl}/key/generate`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${standins.masterKey}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ key_alias: alias, ...body }),
      });
      const j = (await r.json()) as { key: string };
      if (r.status !== 200) throw new Error(`key/generate ${r.status}: ${JSON.stringify(j)}`);
      return j.key;
    },
    close: async () => {
      await service?.stop().catch(() => undefined);
      await redis.stop().catch(() => undefined);
      await standins.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

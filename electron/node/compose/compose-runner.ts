import { access, constants } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { GatewayError } from '../../core/gateway-error';
import type { ComposeCommandResult, ComposeControl, ProcessRunner } from '../../core/ports';

export interface ComposeTool {
  version: 'v2' | 'v1';
  /** The executable and the argv that precedes compose's own arguments. */
  file: string;
  prefix: string[];
}

/**
 * A desktop launch does not inherit the login shell's PATH (Harbor's app gets this complaint), so
 * look in the usual install places as well, and say where we looked when nothing is found.
 */
export const composeSearchDirs = (env: NodeJS.ProcessEnv = process.env): string[] => {
  const home = homedir();
  const fromPath = (env.PATH ?? '').split(delimiter).filter((d) => d !== '');
  const usual = [
    '/usr/bin',
    '/usr/local/bin',
    join(home, '.docker', 'cli-plugins'),
    '/usr/libexec/docker/cli-plugins',
    '/usr/lib/docker/cli-plugins',
    '/usr/local/lib/docker/cli-plugins',
    '/opt/homebrew/bin',
    '/Applications/Docker.app/Contents/Resources/bin',
  ];
  return [...new Set([...fromPath, ...usual])];
};

const executable = async (path: string): Promise<boolean> => {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

const firstIn = async (dirs: readonly string[], name: string): Promise<string[]> => {
  const found: string[] = [];
  for (const d of dirs) if (await executable(join(d, name))) found.push(join(d, name));
  return found;
};

/** `docker compose` (v2) first, then a standalone v2 plugin binary, then `docker-compose` (v1). */
export const findCompose = async (
  runner: ProcessRunner,
  dirs: readonly string[] = composeSearchDirs(),
  env: NodeJS.ProcessEnv = process.env,
): Promise<ComposeTool> => {
  for (const docker of await firstIn(dirs, 'docker')) {
    const r = await runner.run(docker, ['compose', 'version', '--short'], {
      timeoutMs: 10_000,
      env,
    });
    if (r.code === 0) return { version: 'v2', file: docker, prefix: ['compose'] };
  }
  for (const standalone of await firstIn(dirs, 'docker-compose')) {
    const r = await runner.run(standalone, ['version', '--short'], { timeoutMs: 10_000, env });
    if (r.code !== 0) continue;
    return { version: /^v?2\./.test(r.stdout.trim()) ? 'v2' : 'v1', file: standalone, prefix: [] };
  }
  throw new GatewayError(
    'COMPOSE_NOT_FOUND',
    `Neither "docker compose" (v2) nor "docker-compose" (v1) was found (looked in ${dirs.join(', ')}); install Docker Compose, e.g. "apt install docker-compose".`,
  );
};

export interface ComposeTarget {
  project: string;
  files: readonly string[];
  /** The stack's .env in the data directory; passed only when it exists. */
  envFile: string | null;
  env: NodeJS.ProcessEnv;
}

/** Both compose versions take the same global flags; v1 wants them before the subcommand. */
export const composeArgs = (
  tool: ComposeTool,
  t: ComposeTarget,
  sub: readonly string[],
): string[] => [
  ...tool.prefix,
  '-p',
  t.project,
  ...t.files.flatMap((f) => ['-f', f]),
  ...(t.envFile ? ['--env-file', t.envFile] : []),
  ...sub,
];

export class ComposeRunner implements ComposeControl {
  private tool: Promise<ComposeTool> | null = null;

  constructor(
    private readonly runner: ProcessRunner,
    private readonly target: () => Promise<ComposeTarget>,
    private readonly locate: () => Promise<ComposeTool> = () => findCompose(runner),
    private readonly timeoutMs = 30 * 60_000,
  ) {}

  up(
    onProgress?: (line: string) => void,
    service?: string,
    env?: Readonly<Record<string, string>>,
  ): Promise<ComposeCommandResult> {
    // --remove-orphans only for the whole project: one service must not remove the others' leftovers.
    return this.exec(
      service ? ['up', '-d', service] : ['up', '-d', '--remove-orphans'],
      onProgress,
      env,
    );
  }

  down(onProgress?: (line: string) => void): Promise<ComposeCommandResult> {
    return this.exec(['down', '--remove-orphans'], onProgress);
  }

  restart(
    service: string | undefined,
    onProgress?: (line: string) => void,
  ): Promise<ComposeCommandResult> {
    return this.exec(service ? ['restart', service] : ['restart'], onProgress);
  }

  async version(): Promise<ComposeTool> {
    this.tool ??= this.locate();
    return this.tool;
  }

  /** Runs any compose subcommand (pull, config, ps) against the configured project. */
  async exec(
    sub: readonly string[],
    onProgress?: (line: string) => void,
    env: Readonly<Record<string, string>> = {},
  ): Promise<ComposeCommandResult & { stdout: string }> {
    const tool = await this.version();
    const t = await this.target();
    // Compose gives the process environment precedence over --env-file: the override wins.
    const r = await this.runner.run(tool.file, composeArgs(tool, t, sub), {
      env: { ...t.env, ...env },
      timeoutMs: this.timeoutMs,
      onOutput: onProgress
        ? (chunk) =>
            chunk
              .split(/\r?\n/)
              .filter((l) => l.trim() !== '')
              .forEach(onProgress)
        : undefined,
    });
    return {
      code: r.timedOut ? null : r.code,
      stderr: cleanComposeError(r.stderr),
      stdout: r.stdout,
    };
  }
}

/**
 * compose v1 prints progress ("Creating x ... done") and, on a crash, a Python traceback on stderr.
 * Keep the lines a person needs: ERROR lines and the final exception message, not the traceback.
 */
export const cleanComposeError = (stderr: string): string => {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '');
  const isError = (l: string) =>
    /^(ERROR|Error|error)[: ]/.test(l) ||
    /is invalid because|yaml|Missing mandatory value/i.test(l);
  const first = lines.findIndex(isError);
  if (first >= 0) {
    // "... is invalid because:" puts the reasons on the lines after it: keep them, not the traceback.
    const reasons = lines
      .slice(first + 1)
      .filter((l) => !/^\s|^Traceback|^\w+Error: /.test(l) || isError(l));
    return [lines[first]!, ...reasons]
      .slice(0, 5)
      .join(' ')
      .replace(/^ERROR:\s*/, '');
  }
  const tail = lines.filter((l) => !/^\s|^Traceback|\.\.\. (done|error)$/.test(l));
  return tail.slice(-2).join(' ');
};

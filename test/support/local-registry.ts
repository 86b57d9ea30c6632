// Debian's docker-registry on 127.0.0.1: the only registry the integration tests ever pull from.
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Dockerode from 'dockerode';

export interface LocalRegistry {
  host: string;
  /** Tag a local image as repo:tag, push it, drop the local tag: the registry is the only copy. */
  publish(local: string, repo: string, tag: string): Promise<void>;
  /** The digest the registry itself serves for repo:tag (Docker-Content-Digest). */
  digest(repo: string, tag: string): Promise<string>;
  stop(): void;
}

const stream = (docker: Dockerode, s: NodeJS.ReadableStream) =>
  new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(s, (err: Error | null, events: { error?: string }[]) => {
      const failed =
        err ?? (events.find((e) => e.error) ? new Error(events.find((e) => e.error)?.error) : null);
      if (failed) reject(failed);
      else resolve();
    }),
  );

export const startRegistry = async (
  docker: Dockerode,
  work: string,
  host = '127.0.0.1:5000',
): Promise<LocalRegistry> => {
  writeFileSync(
    join(work, 'registry.yml'),
    `version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: ${join(work, 'registry')}\nhttp:\n  addr: ${host}\n`,
  );
  const child: ChildProcess = spawn('docker-registry', ['serve', join(work, 'registry.yml')], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 50; i++) {
    if (
      await fetch(`http://${host}/v2/`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    host,
    publish: async (local, repo, tag) => {
      await docker.getImage(local).tag({ repo, tag });
      await stream(docker, await docker.getImage(`${repo}:${tag}`).push({ tag }));
      await docker.getImage(`${repo}:${tag}`).remove();
    },
    digest: async (repo, tag) => {
      const path = repo.slice(host.length + 1);
      const r = await fetch(`http://${host}/v2/${path}/manifests/${tag}`, {
        method: 'HEAD',
        headers: { accept: 'application/vnd.docker.distribution.manifest.v2+json' },
      });
      return r.headers.get('docker-content-digest') ?? '';
    },
    stop: () => child.kill(),
  };
};

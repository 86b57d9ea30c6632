import { z } from 'zod';
import { readFileIfExists, writeFileAtomic } from './atomic-file';

/** A key a failed create left in LiteLLM: known by its token, or only by its alias. */
export type PendingCleanup = { token: string } | { alias: string };

const File = z.object({
  jobs: z.array(z.union([z.object({ token: z.string() }), z.object({ alias: z.string() })])),
});

const same = (a: PendingCleanup, b: PendingCleanup) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Clean-ups that could not run (LiteLLM unreachable right after a failed create), kept in the
 * data directory so the next command finishes them. Holds token hashes and aliases, no raw key.
 */
export class PendingCleanups {
  constructor(private readonly path: string) {}

  async list(): Promise<PendingCleanup[]> {
    const text = await readFileIfExists(this.path);
    if (text === null) return [];
    try {
      return File.parse(JSON.parse(text)).jobs;
    } catch {
      return [];
    }
  }

  async add(job: PendingCleanup): Promise<void> {
    const jobs = await this.list();
    if (!jobs.some((j) => same(j, job))) await this.write([...jobs, job]);
  }

  async remove(job: PendingCleanup): Promise<void> {
    await this.write((await this.list()).filter((j) => !same(j, job)));
  }

  private async write(jobs: PendingCleanup[]): Promise<void> {
    await writeFileAtomic(this.path, JSON.stringify({ jobs }), 0o600);
  }
}

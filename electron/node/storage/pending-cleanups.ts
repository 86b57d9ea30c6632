import { z } from 'zod';
import { writeFileAtomic } from './atomic-file';
import { readStateFile, stderrWarn, type Warn } from './state-file';

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
  constructor(
    private readonly path: string,
    private readonly warn: Warn = stderrWarn,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * A file cut short or of the wrong shape is moved aside with one warning line (the keys it named
   * may still be live in LiteLLM), never read as "nothing pending".
   */
  async list(): Promise<PendingCleanup[]> {
    const f = await readStateFile(this.path, File, 'pending key clean-up file', {
      warn: (line) =>
        this.warn(
          `${line} Keys it named may still be live: check "hagw keys list" and delete strays.`,
        ),
      now: this.now,
    });
    return f?.jobs ?? [];
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

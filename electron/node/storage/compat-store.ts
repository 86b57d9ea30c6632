import { join } from 'node:path';
import { CompatHistory, type CompatReport } from '../../shared/compat';
import { writeFileAtomic, ensurePrivateDir } from './atomic-file';
import { withFileMutex } from './file-mutex';
import { readStateFile, type Warn } from './state-file';

/**
 * The last compatibility result per service (compat.json in the data directory): what the
 * dashboard's Compatibility panel shows, and what an update compares its new image against.
 */
export class CompatStore {
  private readonly path: string;

  constructor(
    private readonly dataDir: string,
    private readonly now: () => Date,
    private readonly warn: Warn,
  ) {
    this.path = join(dataDir, 'compat.json');
  }

  async list(): Promise<CompatHistory['results']> {
    return (await this.read())?.results ?? [];
  }

  async record(service: string, image: string | null, report: CompatReport): Promise<void> {
    await ensurePrivateDir(this.dataDir);
    await withFileMutex(join(this.dataDir, '.compat.lock'), async () => {
      const rest = ((await this.read())?.results ?? []).filter((r) => r.service !== service);
      const results = [...rest, { service, image, at: this.now().toISOString(), report }].sort(
        (a, b) => a.service.localeCompare(b.service),
      );
      await writeFileAtomic(this.path, `${JSON.stringify({ results }, null, 2)}\n`, 0o600);
    });
  }

  private read(): Promise<CompatHistory | null> {
    return readStateFile(this.path, CompatHistory, 'compatibility history', {
      warn: this.warn,
      now: this.now,
    });
  }
}

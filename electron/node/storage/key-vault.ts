import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic, ensurePrivateDir } from './atomic-file';
import { readStateFile, stderrWarn, type Warn } from './state-file';
import { withFileMutex } from './file-mutex';

interface VaultEntry {
  alias: string | null;
  key: string;
  createdAt: string;
}

const VaultSchema = z.object({
  version: z.literal(1),
  keys: z.record(
    z.string(),
    z.object({ alias: z.string().nullable(), key: z.string(), createdAt: z.string() }),
  ),
});

interface VaultFile {
  version: 1;
  keys: Record<string, VaultEntry>;
}

/**
 * The raw `sk-` keys, by LiteLLM token hash: LiteLLM keeps only the sha256, so "Copy key" later
 * needs them here. keys.json in the data directory, mode 0600, written atomically under a mutex
 * (the app and a CLI may write at once). Nothing here ever logs a key.
 */
export class KeyVault {
  private readonly path: string;
  private readonly lock: string;

  constructor(
    private readonly dataDir: string,
    private readonly warn: Warn = stderrWarn,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.path = join(dataDir, 'keys.json');
    this.lock = join(dataDir, '.keys.lock');
  }

  async get(tokenHash: string): Promise<VaultEntry | null> {
    return (await this.read()).keys[tokenHash] ?? null;
  }

  async has(): Promise<Set<string>> {
    return new Set(Object.keys((await this.read()).keys));
  }

  async put(tokenHash: string, entry: VaultEntry): Promise<void> {
    await this.change((v) => ({ ...v, keys: { ...v.keys, [tokenHash]: entry } }));
  }

  async remove(tokenHash: string): Promise<void> {
    await this.change((v) => {
      const { [tokenHash]: _gone, ...rest } = v.keys;
      return { ...v, keys: rest };
    });
  }

  private async read(): Promise<VaultFile> {
    // A damaged vault is moved aside (its raw keys stay on disk for the user), never rewritten.
    const v = await readStateFile(this.path, VaultSchema, 'key vault', {
      warn: this.warn,
      now: this.now,
    });
    return { version: 1, keys: v?.keys ?? {} };
  }

  private async change(fn: (v: VaultFile) => VaultFile): Promise<void> {
    await ensurePrivateDir(this.dataDir);
    await withFileMutex(this.lock, async () =>
      writeFileAtomic(this.path, `${JSON.stringify(fn(await this.read()), null, 2)}\n`, 0o600),
    );
  }
}

import { copyFile, mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { Settings, settingsVersion } from '../shared/settings';
import { readFileIfExists, writeFileAtomic } from './atomic-file';
import { withFileMutex } from './file-mutex';

/**
 * settings.json in the data directory: read validated, written atomically under a mutex, so
 * `hagw maintenance cleaned` over SSH and the tray never corrupt or undo each other. A file that
 * does not parse is moved aside (settings.json.corrupt-<time>), never overwritten in place.
 */
export class SettingsFile {
  readonly path: string;
  private readonly lock: string;

  constructor(
    private readonly dataDir: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.path = join(dataDir, 'settings.json');
    this.lock = join(dataDir, '.settings.lock');
  }

  async read(): Promise<Settings> {
    const text = await readFileIfExists(this.path);
    if (text === null) return { version: settingsVersion };
    try {
      const parsed = Settings.parse(JSON.parse(text));
      return parsed;
    } catch {
      const aside = `${this.path}.corrupt-${this.now().toISOString().replace(/[:.]/g, '-')}`;
      await rename(this.path, aside).catch(() => undefined);
      return { version: settingsVersion };
    }
  }

  /** Read, change, write, as one step against other processes. */
  async update(change: (s: Settings) => Settings): Promise<Settings> {
    await mkdir(this.dataDir, { recursive: true, mode: 0o700 });
    return withFileMutex(this.lock, async () => {
      const before = await this.read();
      if (before.version < settingsVersion) {
        // A migration rewrites the file: keep the old one.
        await copyFile(this.path, `${this.path}.v${before.version}.bak`).catch(() => undefined);
      }
      const next = { ...change(before), version: settingsVersion };
      await writeFileAtomic(this.path, `${JSON.stringify(next, null, 2)}\n`, 0o600);
      return next;
    });
  }
}

import { copyFile } from 'node:fs/promises';
import { GatewayError } from '../../core/gateway-error';
import { join } from 'node:path';
import { Settings, settingsVersion } from '../../shared/settings';
import { writeFileAtomic, ensurePrivateDir } from './atomic-file';
import { toErrorInfo } from '../../core/gateway-error';
import { readStateFile, stderrWarn, type Warn } from './state-file';
import { withFileMutex } from './file-mutex';

/**
 * settings.json in the data directory: read validated, written atomically under a mutex, so
 * `hagw maintenance cleaned` over SSH and the tray never corrupt or undo each other. A file that
 * does not parse or has the wrong shape is moved aside (settings.json.bad-<time>) with a warning,
 * never overwritten in place; one from a newer version is refused.
 */
export class SettingsFile {
  readonly path: string;
  private readonly lock: string;

  constructor(
    private readonly dataDir: string,
    private readonly now: () => Date = () => new Date(),
    private readonly warn: Warn = stderrWarn,
  ) {
    this.path = join(dataDir, 'settings.json');
    this.lock = join(dataDir, '.settings.lock');
  }

  async read(): Promise<Settings> {
    const s = await readStateFile(this.path, Settings, 'settings file', {
      warn: this.warn,
      now: this.now,
    });
    if (s === null) return { version: settingsVersion };
    // A newer hagw's file is refused, never downgraded by rewriting it in this version's shape.
    if (s.version > settingsVersion)
      throw new GatewayError(
        'STATE_NEWER',
        `${this.path} was written by a newer hagw (settings version ${s.version}, this one knows ${settingsVersion}); update hagw, or move the file aside to start afresh.`,
      );
    return s;
  }

  /** Read, change, write, as one step against other processes. */
  async update(change: (s: Settings) => Settings): Promise<Settings> {
    await ensurePrivateDir(this.dataDir);
    return withFileMutex(this.lock, async () => {
      const before = await this.read();
      if (before.version < settingsVersion) {
        // A migration rewrites the file: keep the old one.
        await copyFile(this.path, `${this.path}.v${before.version}.bak`).catch((e: unknown) =>
          this.warn(
            `hagw: could not keep settings.json v${before.version} as a backup before migrating it: ${toErrorInfo(e).message}`,
          ),
        );
      }
      const next = { ...change(before), version: settingsVersion };
      await writeFileAtomic(this.path, `${JSON.stringify(next, null, 2)}\n`, 0o600);
      return next;
    });
  }
}

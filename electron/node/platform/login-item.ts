import { mkdir, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { readFileIfExists, writeFileAtomic } from '../storage/atomic-file';

/** How the tray app starts at login: Electron's own API where it has one, an XDG entry on Linux. */
export interface LoginItem {
  set(open: boolean): Promise<void>;
  get(): Promise<boolean>;
}

/** ~/.config/autostart (XDG_CONFIG_HOME respected), where desktop sessions look at login. */
export const autostartDir = (env: NodeJS.ProcessEnv = process.env): string =>
  join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'autostart');

const quote = (arg: string) =>
  // Desktop Entry spec: an argument with a space or a quote is double-quoted, with \\ \" \` \$ escaped.
  /[\s"'\\`$]/.test(arg) ? `"${arg.replace(/([\\"`$])/g, '\\$1')}"` : arg;

/** The autostart entry's text: the executable (the AppImage itself when run from one). */
export const desktopEntry = (exec: readonly string[]): string =>
  [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Homelab AI Gateway',
    'Comment=Tray app for the self-hosted OpenAI-compatible gateway',
    `Exec=${exec.map(quote).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');

/**
 * Electron's setLoginItemSettings does nothing on Linux, so there the tray app writes (or removes)
 * an XDG autostart entry itself. Atomic like every other file it writes.
 */
export class XdgLoginItem implements LoginItem {
  readonly file: string;

  constructor(
    private readonly exec: readonly string[],
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.file = join(autostartDir(env), 'homelab-ai-gateway.desktop');
  }

  async set(open: boolean): Promise<void> {
    if (!open) {
      await rm(this.file, { force: true });
      return;
    }
    await mkdir(join(this.file, '..'), { recursive: true });
    await writeFileAtomic(this.file, desktopEntry(this.exec), 0o644);
  }

  async get(): Promise<boolean> {
    return (await readFileIfExists(this.file)) !== null;
  }
}

import {
  markCleaned,
  type MaintenanceSettings,
  reminderState,
  snooze,
  type Snooze,
} from '../core/cleaning-reminder';
import {
  addWindow,
  dustSuspected,
  dustTrend,
  emptyDust,
  type SteadyWindow,
  withBaseline,
} from '../core/dust-tracker';
import { localDate } from '../core/calendar-date';
import type { Clock } from '../core/ports';
import type { MaintenanceReport, Settings } from '../shared/settings';
import type { SettingsFile } from '../node/storage/settings-file';

/** The cleaning reminder and the dust trend, persisted in settings.json. */
export class MaintenanceService {
  constructor(
    private readonly settings: SettingsFile,
    private readonly clock: Clock,
  ) {}

  private now(): number {
    return this.clock.now();
  }

  /** The person's local date now: what "today" means for a cleaning. */
  today(): string {
    return localDate(this.now());
  }

  /** The first run counts as a cleaning: nobody is nagged on day one. */
  private maintenanceOf(s: Settings): MaintenanceSettings {
    return s.maintenance ?? { lastCleaned: this.today(), snoozedUntil: null };
  }

  /**
   * Records the first run as the reference cleaning date, once (setup and the supervisor call it).
   * Reads never write: until then, status() counts today as the reference without saving it.
   */
  async ensureReference(): Promise<void> {
    if ((await this.settings.read()).maintenance) return;
    await this.settings.update((x) => ({ ...x, maintenance: this.maintenanceOf(x) }));
  }

  async status(): Promise<MaintenanceReport> {
    const s = await this.settings.read();
    const m = this.maintenanceOf(s);
    const r = reminderState(m, this.now());
    const dust = s.dust ?? emptyDust();
    const cards = [...new Set([...dust.days, ...dust.today].map((d) => d.busId))].sort();
    return {
      lastCleaned: r.lastCleaned,
      recorded: s.maintenance !== undefined,
      nextDue: r.nextDue,
      due: r.due,
      snoozedUntil: r.snoozedUntil,
      trend: cards.map((bus) => {
        const t = dustTrend(dust, bus, this.today());
        return { ...t, dustSuspected: dustSuspected(t) };
      }),
      // The chart's points: closed days since the cleaning (the day in progress is not one yet).
      days: dust.days
        .filter((d) => d.date >= r.lastCleaned)
        .map((d) => ({ date: d.date, busId: d.busId, r: d.r }))
        .sort((a, b) => a.date.localeCompare(b.date)),
    };
  }

  async cleaned(date: string): Promise<MaintenanceReport> {
    await this.settings.update((s) => ({
      ...s,
      maintenance: markCleaned(this.maintenanceOf(s), date),
      // A new baseline forms from the days after this cleaning.
      dust: { ...(s.dust ?? emptyDust()), baselines: [] },
    }));
    return this.status();
  }

  async snooze(how: Snooze): Promise<MaintenanceReport> {
    await this.settings.update((s) => ({
      ...s,
      maintenance: snooze(this.maintenanceOf(s), how, this.now()),
    }));
    return this.status();
  }

  async recordWindow(busId: string, w: SteadyWindow): Promise<void> {
    await this.settings.update((s) => {
      const m = this.maintenanceOf(s);
      const dust = withBaseline(addWindow(s.dust ?? emptyDust(), busId, w), busId, m.lastCleaned);
      return { ...s, maintenance: m, dust };
    });
  }
}

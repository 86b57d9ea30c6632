import type { Clock } from '../core/ports';
import { certDoctorFindings } from '../core/safety-alerts';
import type { ServiceAdvisories } from '../shared/advisories';
import type { CertsReport } from '../shared/certs';
import type { DoctorReport } from '../shared/doctor';
import type { UpdateOffer } from '../shared/images';
import type { ImagePinner } from '../node/docker/image-pinner';
import { checkAdvisories } from '../node/safety/advisory-check';
import { checkCerts, type CertMonitorDeps } from '../node/safety/cert-monitor';
import { composeEnvFile, runDoctor, type DoctorDeps } from '../node/safety/doctor-runner';
import { defaultOsvUrl } from '../node/safety/osv-client';
import { availableUpdates } from '../node/safety/update-check';
import type { CompatStore } from '../node/storage/compat-store';
import type { Warn } from '../node/storage/state-file';
import type { ImageUpdater } from './image-updater';

export interface SafetyLatest {
  certs: CertsReport | null;
  doctor: DoctorReport | null;
  updates: UpdateOffer[] | null;
  advisories: ServiceAdvisories[] | null;
}

/** Certificates, the doctor, advisories, image updates and compatibility: what keeps the door safe. */
export interface SafetyDomain {
  /** Runs the certificate check (and remembers the result for the alerts). */
  certs(): Promise<CertsReport>;
  /**
   * Runs the doctor on the configured compose files (and remembers the result). askOsv false: the
   * advisories as OSV last answered (the supervisor's hourly run sends nothing).
   */
  doctor(o?: { askOsv?: boolean }): Promise<DoctorReport>;
  /**
   * `hagw doctor --compose FILE`: other compose files audited as they are, without the
   * certificate probe; nothing remembered. A file that cannot be read is critical.
   */
  auditFiles(files: readonly string[], envFile?: string): Promise<DoctorReport>;
  /** The last answer of each check, for the alerts (null: not run yet). */
  latest(): SafetyLatest;
  /** Asks OSV about every pinned image (unless settings turn it off) and remembers the answer. */
  checkAdvisories(): Promise<ServiceAdvisories[]>;
  /** Asks the registries which pinned images have a newer digest (and remembers the answer). */
  checkUpdates(): Promise<UpdateOffer[]>;
  /** The last compatibility result per service (compat.json). */
  compat: CompatStore;
  /** `hagw stack update`: pull, start, check with hagw compat, pin or roll back. */
  updates: ImageUpdater;
}

export interface SafetyDomainDeps {
  doctor: Omit<DoctorDeps, 'askOsv' | 'now'>;
  certs: Omit<CertMonitorDeps, 'warn' | 'now'>;
  composeFiles: () => Promise<string[]>;
  images: ImagePinner;
  compat: CompatStore;
  updates: ImageUpdater;
  /** The young-release wait, read afresh each time: the update and the daily offer agree on it. */
  minAgeDays: () => Promise<number>;
  /** OSV's address (HAGW_OSV_URL), or the public one. */
  osvUrl?: string;
  clock: Clock;
  warn: Warn;
}

/** Each check remembers its last answer here, so the alerts read state instead of re-running it. */
export const createSafetyDomain = (d: SafetyDomainDeps): SafetyDomain => {
  const latest: SafetyLatest = { certs: null, doctor: null, updates: null, advisories: null };
  const now = () => d.clock.now();
  const { config, settings } = d.doctor;
  return {
    compat: d.compat,
    updates: d.updates,
    latest: () => ({ ...latest }),
    certs: async () => {
      const { sites } = await checkCerts({ ...d.certs, warn: d.warn, now });
      latest.certs = { sites };
      return latest.certs;
    },
    doctor: async (o = {}) => {
      const [findings, certs] = await Promise.all([
        d.composeFiles().then((files) => runDoctor({ ...d.doctor, askOsv: o.askOsv, now }, files)),
        // The certificate probe's warnings belong in the doctor's report too; a probe that
        // cannot run is already a finding of the doctor's own (the Caddyfile, the port).
        checkCerts({ ...d.certs, now }).catch(() => null),
      ]);
      latest.doctor = { findings: [...findings, ...certDoctorFindings(certs)] };
      return latest.doctor;
    },
    auditFiles: async (files, envFile) => ({
      findings: await runDoctor(
        { ...d.doctor, now },
        files,
        composeEnvFile(files, envFile),
        'critical',
      ),
    }),
    checkAdvisories: async () => {
      if ((await settings.read()).advisoryCheck === false) return (latest.advisories = []);
      latest.advisories = await checkAdvisories(await d.images.list(), {
        dataDir: config.dataDir,
        osvUrl: d.osvUrl || defaultOsvUrl,
        now: () => new Date(now()),
        warn: d.warn,
      });
      return latest.advisories;
    },
    checkUpdates: async () => {
      latest.updates = await availableUpdates(d.images, {
        dataDir: config.dataDir,
        now: () => new Date(now()),
        warn: d.warn,
        minAgeDays: d.minAgeDays,
      });
      return latest.updates;
    },
  };
};

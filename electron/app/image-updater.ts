import { parseImageRef, pullTarget, type CurrentImage } from '../core/image-pins';
import { describeChecks, regressions, releaseNotesUrl } from '../core/image-update';
import { toErrorInfo } from '../core/gateway-error';
import type { StackController } from '../core/stack-controller';
import type { CompatReport } from '../shared/compat';
import type { ImageUpdate, UpdateReport } from '../shared/images';
import type { CompatStore } from '../node/storage/compat-store';
import { releaseAge, youngReleaseRisk } from '../core/release-age';
import type { ImagePinner } from '../node/docker/image-pinner';

export interface ImageUpdaterDeps {
  images: Pick<ImagePinner, 'list' | 'fetchDigest' | 'createdAt' | 'writePin' | 'fallbackFor'>;
  stack: Pick<StackController, 'up'>;
  /** The compatibility check of the gateway as it runs now. */
  compat: () => Promise<CompatReport>;
  history: Pick<CompatStore, 'record'>;
  /** How long a started image may take to become healthy (vLLM loads its weights first). */
  timeoutMs: number;
  now: () => number;
  /** Days a digest must have been public before it is taken (settings.json minImageAgeDays). */
  minAgeDays: () => Promise<number>;
}

type Progress = (line: string) => void;

const blank = (
  img: Pick<CurrentImage, 'service' | 'source' | 'digest'>,
): Omit<ImageUpdate, 'outcome' | 'message'> => ({
  service: img.service,
  tag: img.source,
  fromDigest: img.digest,
  toDigest: null,
  fromCreated: null,
  toCreated: null,
  releaseNotes: img.source ? releaseNotesUrl(img.source) : null,
  failedChecks: [],
  stillFailing: [],
});

/**
 * `hagw stack update` and the dashboard's Update: pull the pin's tag, start the new digest without
 * writing it (a compose-time override), wait until healthy, run `hagw compat`, and only then pin
 * it. Unhealthy or a check that regressed: the .env still names the old digest, so starting the
 * service again is the rollback; it is confirmed healthy before the update reports.
 */
export class ImageUpdater {
  constructor(private readonly d: ImageUpdaterDeps) {}

  async update(
    services: readonly string[],
    onProgress: Progress,
    o: { timeoutMs?: number; allowYoung?: boolean } = {},
  ): Promise<UpdateReport> {
    const timeoutMs = o.timeoutMs ?? this.d.timeoutMs;
    const minDays = await this.d.minAgeDays();
    if (o.allowYoung) onProgress(`--allow-young: ${youngReleaseRisk}`);
    const all = await this.d.images.list();
    const unknown = services.filter((s) => !all.some((i) => i.service === s));
    const chosen =
      services.length === 0
        ? all.filter((i) => i.pinned)
        : all.filter((i) => services.includes(i.service));
    const updates: ImageUpdate[] = unknown.map((service) => ({
      ...blank({ service, digest: null, source: null }),
      outcome: 'failed' as const,
      message: `no service "${service}" in the compose file`,
    }));
    for (const img of chosen)
      updates.push(
        await this.one(
          img,
          (l) => onProgress(`${img.service}: ${l}`),
          timeoutMs,
          o.allowYoung ? 0 : minDays,
        ),
      );
    return { updates };
  }

  private async one(
    img: CurrentImage,
    progress: Progress,
    timeoutMs: number,
    minDays: number,
  ): Promise<ImageUpdate> {
    const base = blank(img);
    const failed = (message: string): ImageUpdate => ({ ...base, outcome: 'failed', message });
    if (!img.variable)
      return failed('its image is written into the compose file; make it ${..._IMAGE:-...} first');
    if (!img.pinned || !img.digest)
      return failed(
        `not pinned: "hagw stack pin ${img.service}" first (an update needs a digest to roll back to)`,
      );
    const tag = pullTarget(
      img,
      (await this.d.images.fallbackFor(img.service)) ?? img.reference,
      true,
    );
    if (!tag) return failed('nothing to pull');
    let pulled: { digest: string; created: string | null };
    try {
      pulled = await this.d.images.fetchDigest(tag, progress);
    } catch (e) {
      return failed(`could not pull ${tag} (${toErrorInfo(e).message}); nothing was changed`);
    }
    const { repo } = parseImageRef(img.reference);
    const info = {
      ...base,
      tag,
      releaseNotes: releaseNotesUrl(tag),
      toDigest: pulled.digest,
      toCreated: pulled.created,
      fromCreated: await this.d.images.createdAt(`${repo}@${img.digest}`),
    };
    if (pulled.digest === img.digest)
      return { ...info, outcome: 'up-to-date', message: `${tag} is still ${img.digest}` };

    const age = releaseAge(pulled.created, this.d.now(), minDays);
    if (!age.eligible)
      return {
        ...info,
        outcome: 'held',
        eligibleAt: age.eligibleAt,
        message: age.eligibleAt
          ? `${tag} moved to a digest built ${pulled.created?.slice(0, 10)}, public for less than ${minDays} days: left alone until ${age.eligibleAt.slice(0, 10)} (--allow-young takes it now)`
          : `${tag} moved to a digest whose build date is unknown: left alone (--allow-young takes it anyway)`,
      };
    progress(
      `${img.digest.slice(0, 19)} -> ${pulled.digest.slice(0, 19)}; checking the running one first`,
    );
    const before = await this.d.compat().catch(() => null);
    const candidate = `${repo}@${pulled.digest}`;
    const verdict = await this.tryCandidate(img, candidate, before, progress, timeoutMs);
    if (verdict.ok) {
      await this.d.images.writePin(img.variable, tag, pulled.digest);
      await this.d.history.record(img.service, candidate, verdict.report);
      return {
        ...info,
        outcome: 'updated',
        stillFailing: verdict.stillFailing,
        message: `now runs ${candidate}, pinned`,
      };
    }
    if (verdict.report) await this.d.history.record(img.service, candidate, verdict.report);
    progress(`rolling back to ${img.digest.slice(0, 19)}`);
    try {
      // The .env was never changed: a plain start brings the old digest back.
      await this.d.stack.up({ service: img.service, wait: true, timeoutMs });
    } catch (e) {
      return {
        ...info,
        outcome: 'failed',
        failedChecks: verdict.failedChecks,
        message: `${verdict.why}; rolled back to ${img.reference}, but it is not healthy either: ${toErrorInfo(e).message}`,
      };
    }
    return {
      ...info,
      outcome: 'rolled-back',
      failedChecks: verdict.failedChecks,
      message: `${verdict.why}; rolled back, ${img.reference} is serving again`,
    };
  }

  private async tryCandidate(
    img: CurrentImage,
    candidate: string,
    before: CompatReport | null,
    progress: Progress,
    timeoutMs: number,
  ): Promise<
    | { ok: true; report: CompatReport; stillFailing: string[] }
    | {
        ok: false;
        report: CompatReport | null;
        why: string;
        failedChecks: ImageUpdate['failedChecks'];
      }
  > {
    try {
      await this.d.stack.up({
        service: img.service,
        wait: true,
        timeoutMs,
        env: { [img.variable ?? '']: candidate },
      });
    } catch (e) {
      return {
        ok: false,
        report: null,
        why: `the new image did not become healthy (${toErrorInfo(e).message})`,
        failedChecks: [],
      };
    }
    progress('healthy; running hagw compat');
    let report: CompatReport;
    try {
      report = await this.d.compat();
    } catch (e) {
      return {
        ok: false,
        report: null,
        why: `hagw compat could not run (${toErrorInfo(e).message})`,
        failedChecks: [],
      };
    }
    const worse = regressions(before, report);
    if (worse.length > 0)
      return {
        ok: false,
        report,
        why: `the new image fails ${describeChecks(worse)}`,
        failedChecks: worse.map((c) => ({ id: c.id, detail: c.detail })),
      };
    return {
      ok: true,
      report,
      stillFailing: report.checks.filter((c) => c.status === 'fail').map((c) => c.id),
    };
  }
}

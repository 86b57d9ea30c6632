// The doctor's lines for what OSV said of the pinned images: one per advisory, one for the
// services OSV could not be asked about this time, one for the images that are not checked.
import type { ServiceAdvisories } from '../shared/advisories';
import type { DoctorFinding } from './doctor-rules';

const findingSeverity = {
  critical: 'critical',
  high: 'critical',
  moderate: 'warning',
  low: 'info',
  unknown: 'info',
} as const;

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : 'never');
const since = (iso: string | null) =>
  iso ? `since ${iso.slice(0, 10)}` : '(OSV has not answered yet)';

export const advisoryFindings = (services: readonly ServiceAdvisories[]): DoctorFinding[] => {
  const out: DoctorFinding[] = [];
  for (const s of services)
    for (const a of s.advisories)
      out.push({
        id: `advisory:${s.service}:${a.id}`,
        severity: findingSeverity[a.severity],
        service: s.service,
        message: `${s.service} runs ${s.package?.name ?? s.image} ${s.package?.version ?? ''}, affected by ${a.id}${a.aliases.length > 0 ? ` (${a.aliases.join(', ')})` : ''}, ${a.severity}: ${a.summary || 'no summary published'}${a.fixed ? `; fixed in ${a.fixed}` : '; no fixed release yet'}${s.status === 'unknown' ? ` (as of ${day(s.checkedAt)})` : ''}.`,
        fix: a.fixed
          ? `Point ${s.service}'s image at a release from ${a.fixed} on (its _IMAGE_SOURCE tag in the stack's .env), then run "hagw stack update ${s.service}".`
          : `No release fixes it yet: keep ${s.service} off the network beyond loopback, watch the advisory, and run "hagw stack update ${s.service}" when one does.`,
      });
  const unknown = services.filter((s) => s.status === 'unknown');
  if (unknown.length > 0)
    out.push({
      id: 'advisories:unknown',
      severity: 'warning',
      service: null,
      message: `Advisories unknown ${since(unknown.map((s) => s.checkedAt).sort()[0] ?? null)} for ${unknown.map((s) => s.service).join(', ')}: ${(unknown[0]?.reason ?? 'OSV did not answer').replace(/\.+$/, '')}.`,
      fix: 'Check that this machine reaches OSV (HAGW_OSV_URL, default https://api.osv.dev) and run hagw doctor again; the last known answers are shown meanwhile.',
    });
  const notChecked = services.filter((s) => s.status === 'not-checked');
  if (notChecked.length > 0)
    out.push({
      id: 'advisories:not-checked',
      severity: 'info',
      service: null,
      message: `Not checked against advisories: ${notChecked.map((s) => `${s.service} (${s.image}: ${s.reason})`).join('; ')}.`,
      fix: notChecked.some((s) => /pin a release tag/.test(s.reason ?? ''))
        ? "Use a release tag (not latest or main-*) in the stack's .env for those images, then hagw stack pin."
        : 'Nothing to do: no advisory database covers these images by package and version.',
    });
  return out;
};

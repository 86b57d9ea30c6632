import { z } from 'zod';

// OSV's answer to POST /v1/query, as documented in google/osv.dev docs/api/post-v1-query.md and
// the OSV schema (ossf/osv-schema): only the fields the product reads are checked, the rest pass.
const Event = z.record(z.string(), z.string());
export const OsvVuln = z.looseObject({
  id: z.string().min(1),
  summary: z.string().optional(),
  details: z.string().optional(),
  aliases: z.array(z.string()).optional(),
  severity: z.array(z.looseObject({ type: z.string(), score: z.string() })).optional(),
  affected: z
    .array(
      z.looseObject({
        package: z.looseObject({ name: z.string(), ecosystem: z.string() }).partial().optional(),
        ranges: z.array(z.looseObject({ type: z.string(), events: z.array(Event) })).optional(),
        ecosystem_specific: z.record(z.string(), z.unknown()).optional(),
        database_specific: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .optional(),
  database_specific: z.record(z.string(), z.unknown()).optional(),
});
export type OsvVuln = z.infer<typeof OsvVuln>;

export const OsvQueryAnswer = z.looseObject({
  vulns: z.array(OsvVuln).optional(),
  next_page_token: z.string().optional(),
});

export const AdvisorySeverity = z.enum(['critical', 'high', 'moderate', 'low', 'unknown']);
export type AdvisorySeverity = z.infer<typeof AdvisorySeverity>;

export const Advisory = z.object({
  id: z.string(),
  aliases: z.array(z.string()),
  summary: z.string(),
  severity: AdvisorySeverity,
  /** The first release that fixes it, after the version running; null when none is published. */
  fixed: z.string().nullable(),
});
export type Advisory = z.infer<typeof Advisory>;

/** One service's image against OSV, as the doctor and the daily check report it. */
export const ServiceAdvisories = z.object({
  service: z.string(),
  image: z.string(),
  package: z.object({ ecosystem: z.string(), name: z.string(), version: z.string() }).nullable(),
  status: z.enum(['checked', 'unknown', 'not-checked']),
  advisories: z.array(Advisory),
  /** When OSV last answered for this package and version (ISO); null: never. */
  checkedAt: z.string().nullable(),
  /** Why it is unknown or not checked. */
  reason: z.string().nullable(),
});
export type ServiceAdvisories = z.infer<typeof ServiceAdvisories>;

/** advisories.json in the data directory: the last answer per package and version. */
export const AdvisoryCache = z.object({
  version: z.literal(1),
  packages: z.record(
    z.string(),
    z.object({ checkedAt: z.string(), advisories: z.array(Advisory) }),
  ),
});
export type AdvisoryCache = z.infer<typeof AdvisoryCache>;

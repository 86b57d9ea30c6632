// Guard: every image of a service that will start must already be on the test dockerd. Compose
// pulls what is missing, and a pull would reach for a registry on the internet: refuse instead.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const [file, profilesCsv = ''] = process.argv.slice(2);
const active = new Set(profilesCsv.split(',').filter(Boolean));
const doc = parse(readFileSync(file, 'utf8'));
const missing = [];
for (const [name, svc] of Object.entries(doc.services ?? {})) {
  const profiles = svc.profiles ?? [];
  if (profiles.length > 0 && !profiles.some((p) => active.has(p))) continue;
  try {
    execFileSync('docker', ['image', 'inspect', svc.image], { stdio: 'ignore' });
  } catch {
    missing.push(`${name} (${svc.image})`);
  }
}
if (missing.length > 0) {
  console.error(
    `[setup] refusing to start: images not built locally, compose would pull them: ${missing.join(', ')}`,
  );
  process.exit(1);
}

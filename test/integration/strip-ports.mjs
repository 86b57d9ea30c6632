// Post-processes the merged test compose file (docker-compose 1.29 cannot delete keys in an override):
// - drops `ports:` and `networks:` where network_mode is host (1.29 refuses the combination, and
//   published ports mean nothing on the host network);
// - drops `version:` (`config` prints 3.9, the other files have none, and 1.29 refuses to mix them);
// - gives left-out services ONLY the "not-buildable-here" profile: profile lists merge, and a
//   service that also carried "gpu" would otherwise start and try to pull from the internet.
import { readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';

const leftOut = 'not-buildable-here';
const [from, to] = process.argv.slice(2);
const doc = parse(readFileSync(from, 'utf8'));
delete doc.version;
for (const svc of Object.values(doc.services ?? {})) {
  if (svc.network_mode === 'host') {
    delete svc.ports;
    delete svc.networks;
  }
  if (Array.isArray(svc.profiles) && svc.profiles.includes(leftOut)) svc.profiles = [leftOut];
}
// YAML 1.1, the dialect docker-compose 1.29 (PyYAML) reads: a 1.2 writer leaves `yes` unquoted,
// which 1.29 then reads as true (redis's `--appendonly yes` became a boolean).
writeFileSync(to, stringify(doc, { version: '1.1' }), { mode: 0o600 });

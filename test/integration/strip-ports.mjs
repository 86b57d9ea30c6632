// Post-processes the merged test compose file (docker-compose 1.29 cannot delete keys in an override):
// - drops `ports:` and `networks:` where network_mode is host (1.29 refuses the combination, and
//   published ports mean nothing on the host network);
// - drops `version:` (`config` prints 3.9, the other files have none, and 1.29 refuses to mix them);
// - gives left-out services ONLY the "not-buildable-here" profile: profile lists merge, and a
//   service that also carried "gpu" would otherwise start and try to pull from the internet.
//
// With --base BASE OVERRIDE OUT it is the pass before the merge instead: `networks:` comes out of
// the base file for each service the override puts on the host network, because 1.29's `config`
// refuses network_mode next to networks before anything could strip the merged result.
import { readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';

if (process.argv[2] === '--base') {
  const [base, override, out] = process.argv.slice(3);
  const doc = parse(readFileSync(base, 'utf8'));
  const over = parse(readFileSync(override, 'utf8'));
  for (const [name, svc] of Object.entries(over.services ?? {}))
    if (svc?.network_mode === 'host' && doc.services?.[name]) delete doc.services[name].networks;
  writeFileSync(out, stringify(doc, { version: '1.1' }), { mode: 0o600 });
  process.exit(0);
}

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

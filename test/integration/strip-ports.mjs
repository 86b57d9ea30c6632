// docker-compose 1.29 refuses network_mode: host next to `ports:`, and an override cannot delete a
// key. Host networking makes published ports meaningless, so drop them from the merged file.
import { readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';

const [from, to] = process.argv.slice(2);
const doc = parse(readFileSync(from, 'utf8'));
for (const svc of Object.values(doc.services ?? {})) {
  if (svc.network_mode === 'host') {
    delete svc.ports;
    delete svc.networks;
  }
}
writeFileSync(to, stringify(doc), { mode: 0o600 });

// `npm run package`: stages a self-contained app folder (dist/, compose/, resources/, production
// node_modules) in out/homelab-ai-gateway, copies in the Electron binary and flips its fuses
// (scripts/electron-fuses.mjs: RunAsNode, EnableNodeOptionsEnvironmentVariable and
// EnableNodeCliInspectArguments off). Where the binary could not be fetched (these build machines)
// it says so in one line and stages the rest. compose/ stays outside any asar: compose reads it.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fuseConfig, setFuses } from './electron-fuses.mjs';

const out = 'out/homelab-ai-gateway';
if (!existsSync('dist/main/main.mjs')) {
  console.error('package: run "npm run build" first (dist/ is missing).');
  process.exit(1);
}
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const dir of ['dist', 'compose', 'resources', 'bin'])
  cpSync(dir, `${out}/${dir}`, { recursive: true });
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
delete pkg.devDependencies;
pkg.scripts = { start: 'electron .' };
writeFileSync(`${out}/package.json`, `${JSON.stringify(pkg, null, 2)}\n`);
cpSync('package-lock.json', `${out}/package-lock.json`);
execFileSync('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--ignore-scripts'], {
  cwd: out,
  stdio: 'inherit',
});
const electronDist = 'node_modules/electron/dist';
const binary = `${electronDist}/electron`;
if (existsSync(binary)) {
  cpSync(electronDist, `${out}/electron`, { recursive: true });
  const wire = await setFuses(`${out}/electron/electron`);
  console.log(`fuses set in ${out}/electron/electron: ${JSON.stringify(wire)}`);
} else {
  const off = Object.keys(fuseConfig).filter((k) => fuseConfig[k] === false);
  console.log(
    `package: no Electron binary at ${binary} (npm could not fetch it here), so no fuses to flip; staged ${out} and checked the fuse configuration (${off.length} fuses off). Run "npm run package" where the binary installs.`,
  );
}

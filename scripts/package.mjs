// `npm run package`: electron-builder with electron-builder.yml (AppImage and deb; compose/ outside
// the asar; the fuses through electron-builder's own electronFuses). Where npm could not fetch the
// Electron binary (these build machines) it says so in one line and checks the configuration with
// electron-builder's own validation instead, so a broken configuration still fails here.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { builderConfigFile, checkBuilderConfig } from './builder-config.mjs';

const electronBinary = 'node_modules/electron/dist/electron';

if (!existsSync('dist/main/main.mjs')) {
  console.error('package: run "npm run build" first (dist/ is missing).');
  process.exit(1);
}

if (!existsSync(electronBinary)) {
  try {
    const c = await checkBuilderConfig();
    const off = Object.entries(c.electronFuses ?? {}).filter(([, v]) => v === false);
    console.log(
      `package: no Electron binary at ${electronBinary} (npm could not fetch it here), so nothing to package; ${builderConfigFile} is valid for electron-builder (${c.linux.target.join(' and ')}, ${off.length} fuses off). Run "npm run package" where the binary installs.`,
    );
    process.exit(0);
  } catch (e) {
    console.error(
      `package: ${builderConfigFile} is not valid: ${e instanceof Error ? e.message : String(e)}`,
    );
    process.exit(1);
  }
}

execFileSync(
  'npx',
  ['electron-builder', '--linux', '--config', builderConfigFile, '--publish', 'never'],
  { stdio: 'inherit' },
);

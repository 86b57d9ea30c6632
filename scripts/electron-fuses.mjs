// The Electron fuses the app ships with (Electron security checklist, "fuses"): flipped in the
// packaged binary itself, so `ELECTRON_RUN_AS_NODE=1 app`, NODE_OPTIONS and --inspect cannot turn
// the tray app into a general-purpose Node runtime with the user's Docker access.
import { FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire } from '@electron/fuses';

export const fuseConfig = {
  version: FuseVersion.V1,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

/** Flips the fuses in an Electron binary in place and returns the wire read back from it. */
export const setFuses = async (electronBinary) => {
  await flipFuses(electronBinary, fuseConfig);
  return getCurrentFuseWire(electronBinary);
};

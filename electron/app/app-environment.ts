// What a face needs of this host to open the application: its configuration from the
// environment, the system's clock and timers, and the XDG login item. The faces reach platform
// adapters through this list only (the layer rule refuses electron/node in a face), so what a
// face may touch directly is decided here, in one place.
export { type AppConfig, resolveConfig } from '../node/platform/app-config';
export { systemClock, systemTimers } from '../node/platform/system-clock';
export { type LoginItem, XdgLoginItem } from '../node/platform/login-item';

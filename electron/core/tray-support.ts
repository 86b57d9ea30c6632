/**
 * GNOME Shell draws no tray icons unless an AppIndicator extension is on (Ubuntu ships one; plain
 * GNOME, Fedora and Debian do not). There the tray app would be invisible, so it opens its window
 * and says how to get the icon. Other desktops (KDE, XFCE, Cinnamon, macOS, Windows) have a tray.
 */
export const trayHint = (
  platform: string,
  currentDesktop: string | undefined,
  enabledExtensions: readonly string[] | null,
): string | null => {
  if (platform !== 'linux') return null;
  const desktops = (currentDesktop ?? '').split(':').map((d) => d.toLowerCase());
  if (!desktops.includes('gnome')) return null;
  // Unknown (gnome-extensions missing or failing): no claim either way.
  if (enabledExtensions === null) return null;
  if (enabledExtensions.some((e) => /appindicator/i.test(e))) return null;
  return 'GNOME shows no tray icons without the AppIndicator extension: install gnome-shell-extension-appindicator (apt or dnf), then log out and in, or turn it on in the Extensions app. Until then this window is the app; closing it keeps the stack running.';
};

import type { MenuItemConstructorOptions } from 'electron';
import type { TrayAction, TrayMenuModel } from '../core/tray-menu';

/** Translates the core's tray model into Electron's menu template; no decisions are made here. */
export const toMenuTemplate = (
  model: Pick<TrayMenuModel, 'items'>,
  run: (action: TrayAction, args: readonly string[]) => void,
): MenuItemConstructorOptions[] =>
  model.items.map((item): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'label':
        return { label: item.label, enabled: false };
      case 'action':
        return {
          label: item.label,
          enabled: item.enabled,
          click: () => run(item.action, item.args ?? []),
        };
      case 'submenu':
        // Electron draws the ▸ itself for a submenu.
        return { label: item.label, submenu: toMenuTemplate(item, run) };
    }
  });

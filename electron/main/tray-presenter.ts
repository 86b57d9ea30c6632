import type { MenuItemConstructorOptions } from 'electron';
import type { TrayAction, TrayMenuModel } from '../core/tray-menu';

/** Translates the core's tray model into Electron's menu template; no decisions are made here. */
export const toMenuTemplate = (
  model: TrayMenuModel,
  run: (action: TrayAction) => void,
): MenuItemConstructorOptions[] =>
  model.items.map((item): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'label':
        return { label: item.label, enabled: false };
      case 'action':
        return { label: item.label, enabled: item.enabled, click: () => run(item.action) };
    }
  });

// The tray icon: the relay connection state at a glance, from onRelayStatus, with a menu to
// bring the window back or quit.
import { Menu, nativeImage, Tray } from 'electron';
import type { DesktopApi, RelayStatus } from '../protocol/desktop-api.js';
import { trayIconPng } from './tray-icon.js';
import { type TrayTone, trayStatus } from './tray-status.js';

export interface StatusTrayOptions {
  show: () => void;
  quit: () => void;
}

function icon(tone: TrayTone) {
  // Drawn at 32 px and marked 2x, so it is 16 points on every display density.
  return nativeImage.createFromBuffer(trayIconPng(tone, 32), { scaleFactor: 2 });
}

export function createStatusTray(api: DesktopApi, { show, quit }: StatusTrayOptions): { destroy(): void } {
  const tray = new Tray(icon('unpaired'));
  let tone: TrayTone | null = null;
  const render = (status: RelayStatus) => {
    const { tone: next, text } = trayStatus(status);
    if (next !== tone) tray.setImage(icon(next));
    tone = next;
    tray.setToolTip(`Porthole — ${text}`);
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: text, enabled: false },
        { type: 'separator' },
        { label: 'Show Porthole', click: show },
        { label: 'Quit Porthole', click: quit },
      ]),
    );
  };
  const unsubscribe = api.on('onRelayStatus', render);
  void api.invoke('relay.status', {}).then(render, () => {});
  tray.on('click', show);
  return {
    destroy() {
      unsubscribe();
      tray.destroy();
    },
  };
}

// What the tray says about the relay connection: a tone for the icon and a line of text.
import type { RelayStatus } from '../protocol/desktop-api.js';

export type TrayTone = 'connected' | 'connecting' | 'disconnected' | 'unpaired';

export interface TrayStatus {
  tone: TrayTone;
  /** One line for the tooltip and the menu's first item. */
  text: string;
}

function relayName(status: RelayStatus): string {
  if (status.embedded) return 'the built-in relay';
  if (!status.relayUrl) return 'the relay';
  try {
    return new URL(status.relayUrl).host;
  } catch {
    return status.relayUrl;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function trayStatus(status: RelayStatus): TrayStatus {
  const relay = relayName(status);
  switch (status.state) {
    case 'connected':
      return {
        tone: 'connected',
        text:
          status.backlog > 0
            ? `Connected to ${relay}, receiving ${plural(status.backlog, 'waiting event')}`
            : `Connected to ${relay}`,
      };
    case 'connecting':
      return { tone: 'connecting', text: `Connecting to ${relay}…` };
    case 'disconnected':
      return {
        tone: 'disconnected',
        text: `Disconnected from ${relay}${status.lastError ? `: ${status.lastError}` : ''}`,
      };
    case 'unpaired':
      return { tone: 'unpaired', text: 'Not paired with a relay' };
  }
}

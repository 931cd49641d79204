// Smaller pieces of the shell: its command line, where its files are, and the tray's
// connection state (text and a PNG icon drawn in code).
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { userDataDir } from '../../cli/data-dirs.js';
import { appRoot, electronSqliteBinding, outsideAsar, preloadPath, rendererDir } from '../../main/app-location.js';
import { parseLaunchOptions } from '../../main/launch-options.js';
import { crc32, trayIconPng } from '../../main/tray-icon.js';
import { trayStatus } from '../../main/tray-status.js';
import type { RelayStatus } from '../../protocol/desktop-api.js';
import { RELAY_DEFAULTS } from '../../relay-server/relay-config.js';

describe('parseLaunchOptions', () => {
  it('defaults to the CLI data dir and the fixed relay port', () => {
    expect(parseLaunchOptions(['/usr/bin/electron', '.'], {})).toEqual({
      dataDir: userDataDir({}),
      relayPort: RELAY_DEFAULTS.port,
    });
    expect(parseLaunchOptions(['electron', '.'], { PORTHOLE_HOME: '/tmp/ph' }).dataDir).toBe(path.resolve('/tmp/ph'));
  });

  it('reads --data-dir and --relay-port in either form, among Chromium switches', () => {
    expect(parseLaunchOptions(['electron', '.', '--inspect=0', '--data-dir=/tmp/a', '--relay-port', '0'], {})).toEqual({
      dataDir: path.resolve('/tmp/a'),
      relayPort: 0,
    });
    expect(parseLaunchOptions(['porthole', '--data-dir', 'rel', '--relay-port=9000'], {}).dataDir).toBe(
      path.resolve('rel'),
    );
  });

  it('refuses a relay port that is not one', () => {
    for (const port of ['http', '-1', '70000', '80.5', '']) {
      expect(() => parseLaunchOptions(['x', `--relay-port=${port}`], {})).toThrow(/--relay-port/);
    }
  });
});

describe('app location', () => {
  it('finds the renderer, preload and Electron sqlite build from the bundle directory', () => {
    const bundle = path.join(path.sep, 'src', 'porthole', 'dist', 'main');
    expect(appRoot(bundle)).toBe(path.join(path.sep, 'src', 'porthole'));
    expect(rendererDir(bundle)).toBe(path.join(path.sep, 'src', 'porthole', 'dist', 'renderer'));
    expect(preloadPath(bundle)).toBe(path.join(bundle, 'preload.cjs'));
    expect(electronSqliteBinding(bundle)).toBe(
      path.join(path.sep, 'src', 'porthole', 'dist', 'electron-native', 'better_sqlite3.node'),
    );
  });

  it('loads native code from beside the asar archive when packaged', () => {
    const packaged = '/opt/Porthole/resources/app.asar/dist/main';
    expect(electronSqliteBinding(packaged)).toBe(
      '/opt/Porthole/resources/app.asar.unpacked/dist/electron-native/better_sqlite3.node',
    );
    expect(outsideAsar('C:\\Porthole\\resources\\app.asar\\dist\\x.node')).toBe(
      'C:\\Porthole\\resources\\app.asar.unpacked\\dist\\x.node',
    );
    expect(outsideAsar('/home/me/app.asarx/y')).toBe('/home/me/app.asarx/y');
  });
});

const status = (patch: Partial<RelayStatus>): RelayStatus => ({
  state: 'connected',
  relayUrl: 'https://relay.example.com:8443',
  embedded: false,
  cursor: 0,
  backlog: 0,
  lastError: null,
  connectedAt: null,
  ...patch,
});

describe('trayStatus', () => {
  it('describes each connection state', () => {
    expect(trayStatus(status({}))).toEqual({ tone: 'connected', text: 'Connected to relay.example.com:8443' });
    expect(trayStatus(status({ embedded: true, relayUrl: 'http://127.0.0.1:8787' })).text).toBe(
      'Connected to the built-in relay',
    );
    expect(trayStatus(status({ backlog: 1 })).text).toBe(
      'Connected to relay.example.com:8443, receiving 1 waiting event',
    );
    expect(trayStatus(status({ backlog: 250 })).text).toMatch(/250 waiting events$/);
    expect(trayStatus(status({ state: 'connecting' }))).toEqual({
      tone: 'connecting',
      text: 'Connecting to relay.example.com:8443…',
    });
    expect(trayStatus(status({ state: 'disconnected', lastError: 'ECONNREFUSED' }))).toEqual({
      tone: 'disconnected',
      text: 'Disconnected from relay.example.com:8443: ECONNREFUSED',
    });
    expect(trayStatus(status({ state: 'unpaired', relayUrl: null }))).toEqual({
      tone: 'unpaired',
      text: 'Not paired with a relay',
    });
  });
});

describe('trayIconPng', () => {
  function chunks(png: Buffer) {
    const found: Array<{ type: string; data: Buffer }> = [];
    for (let at = 8; at < png.length; ) {
      const length = png.readUInt32BE(at);
      const type = png.subarray(at + 4, at + 8).toString('ascii');
      const data = png.subarray(at + 8, at + 8 + length);
      expect(png.readUInt32BE(at + 8 + length)).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
      found.push({ type, data });
      at += 12 + length;
    }
    return found;
  }

  it('is a valid RGBA PNG of the asked size, different per state', () => {
    const png = trayIconPng('connected', 32);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const parts = chunks(png);
    expect(parts.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    const header = parts[0]!.data;
    expect([header.readUInt32BE(0), header.readUInt32BE(4), header[8], header[9]]).toEqual([32, 32, 8, 6]);
    expect(inflateSync(parts[1]!.data).length).toBe(32 * (32 * 4 + 1));
    expect(trayIconPng('disconnected', 32).equals(png)).toBe(false);
  });

  it('computes the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});

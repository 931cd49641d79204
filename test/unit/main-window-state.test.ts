// The window reopens at its last size and place, and back on screen when that display is gone;
// the file survives garbage and is written atomically, readable only by the user.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_WINDOW_STATE,
  fitToDisplays,
  MIN_WINDOW_SIZE,
  parseWindowState,
  readWindowState,
  WINDOW_STATE_FILE,
  writeWindowState,
} from '../../main/window-state.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const laptop = { x: 0, y: 0, width: 1440, height: 875 };
const monitor = { x: 1440, y: -200, width: 2560, height: 1415 };

describe('window state', () => {
  const temps: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of temps.splice(0)) cleanup();
  });

  it('round-trips through the data dir with mode 0600', () => {
    const { dir, cleanup } = makeTempDir();
    temps.push(cleanup);
    const dataDir = path.join(dir, 'data');
    expect(readWindowState(dataDir)).toEqual(DEFAULT_WINDOW_STATE);
    writeWindowState(dataDir, { x: 1500, y: -100, width: 1600, height: 1000, maximized: true });
    expect(readWindowState(dataDir)).toEqual({ x: 1500, y: -100, width: 1600, height: 1000, maximized: true });
    const file = path.join(dataDir, WINDOW_STATE_FILE);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dataDir)).toEqual([WINDOW_STATE_FILE]);
  });

  it('falls back to defaults for unreadable or implausible values, field by field', () => {
    expect(parseWindowState('{not json')).toEqual(DEFAULT_WINDOW_STATE);
    expect(parseWindowState('null')).toEqual(DEFAULT_WINDOW_STATE);
    expect(parseWindowState('[1,2]')).toMatchObject({ width: DEFAULT_WINDOW_STATE.width });
    expect(parseWindowState(JSON.stringify({ width: 10, height: 1e9, x: 5, maximized: 'yes' }))).toEqual(
      DEFAULT_WINDOW_STATE,
    );
    expect(parseWindowState(JSON.stringify({ width: 900.5, height: 700, x: 10, y: 20 }))).toEqual({
      width: DEFAULT_WINDOW_STATE.width,
      height: 700,
      x: 10,
      y: 20,
      maximized: false,
    });
  });

  it('keeps a position that is on a display, shrinking the window to fit it', () => {
    const onMonitor = { x: 2000, y: 0, width: 3000, height: 1000, maximized: false };
    expect(fitToDisplays(onMonitor, [laptop, monitor])).toEqual({ ...onMonitor, width: 2560 });
  });

  it('drops a position whose display is gone, so the OS centres the window on the primary', () => {
    const state = { x: 2000, y: 0, width: 1800, height: 1200, maximized: true };
    expect(fitToDisplays(state, [laptop])).toEqual({ width: 1440, height: 875, maximized: true });
    const barelyVisible = { x: 1400, y: 860, width: 800, height: 600, maximized: false };
    expect(fitToDisplays(barelyVisible, [laptop])).not.toHaveProperty('x');
  });

  it('never goes below the minimum size, and leaves the state alone without displays', () => {
    const tiny = { x: 0, y: 0, width: 300, height: 200 };
    const fitted = fitToDisplays({ ...DEFAULT_WINDOW_STATE, x: 0, y: 0 }, [tiny]);
    expect(fitted.width).toBe(MIN_WINDOW_SIZE.width);
    expect(fitted.height).toBe(MIN_WINDOW_SIZE.height);
    expect(fitToDisplays(DEFAULT_WINDOW_STATE, [])).toEqual(DEFAULT_WINDOW_STATE);
  });
});

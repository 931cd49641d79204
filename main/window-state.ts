// The main window's size, position and maximized state, kept in a small JSON file in the data
// dir so the window reopens where the user left it, and moved back on screen when the
// display it was on is gone.
import fs from 'node:fs';
import path from 'node:path';

export interface WindowState {
  /** Absent: let the OS place (centre) the window. */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 820, maximized: false };
export const MIN_WINDOW_SIZE = { width: 720, height: 480 };
const MAX_COORDINATE = 100_000;
/** How much of the window (from its top-left, where the title bar is) must lie on a display. */
const MIN_VISIBLE = { width: 120, height: 40 };

export const WINDOW_STATE_FILE = 'window-state.json';

function isInteger(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** Whatever is in the file, a usable state: unreadable or implausible values fall back to the default. */
export function parseWindowState(text: string | null): WindowState {
  if (text === null) return { ...DEFAULT_WINDOW_STATE };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ...DEFAULT_WINDOW_STATE };
  }
  if (typeof raw !== 'object' || raw === null) return { ...DEFAULT_WINDOW_STATE };
  const r = raw as Record<string, unknown>;
  const state: WindowState = {
    width: isInteger(r['width'], MIN_WINDOW_SIZE.width, MAX_COORDINATE) ? r['width'] : DEFAULT_WINDOW_STATE.width,
    height: isInteger(r['height'], MIN_WINDOW_SIZE.height, MAX_COORDINATE) ? r['height'] : DEFAULT_WINDOW_STATE.height,
    maximized: r['maximized'] === true,
  };
  if (isInteger(r['x'], -MAX_COORDINATE, MAX_COORDINATE) && isInteger(r['y'], -MAX_COORDINATE, MAX_COORDINATE)) {
    state.x = r['x'];
    state.y = r['y'];
  }
  return state;
}

function overlap(a: Area, b: Area): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * Keeps the saved position only when the window's top-left corner is on one of the displays'
 * work areas, and shrinks it to fit that display (or the primary, the first area, if it moves).
 */
export function fitToDisplays(state: WindowState, workAreas: Area[]): WindowState {
  const primary = workAreas[0];
  if (!primary) return state;
  const fitSize = (area: Area) => ({
    width: Math.max(MIN_WINDOW_SIZE.width, Math.min(state.width, area.width)),
    height: Math.max(MIN_WINDOW_SIZE.height, Math.min(state.height, area.height)),
  });
  if (state.x !== undefined && state.y !== undefined) {
    const corner = { x: state.x, y: state.y, width: MIN_VISIBLE.width, height: MIN_VISIBLE.height };
    const home = workAreas.find((area) => {
      const o = overlap(corner, area);
      return o.width >= MIN_VISIBLE.width && o.height >= MIN_VISIBLE.height;
    });
    if (home) return { ...state, ...fitSize(home) };
  }
  return { width: fitSize(primary).width, height: fitSize(primary).height, maximized: state.maximized };
}

export function readWindowState(dataDir: string): WindowState {
  try {
    return parseWindowState(fs.readFileSync(path.join(dataDir, WINDOW_STATE_FILE), 'utf8'));
  } catch {
    return parseWindowState(null);
  }
}

export function writeWindowState(dataDir: string, state: WindowState): void {
  const file = path.join(dataDir, WINDOW_STATE_FILE);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(state)}\n`, { mode: 0o600 });
  fs.renameSync(temp, file);
}

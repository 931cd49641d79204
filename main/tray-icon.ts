// The tray icon drawn in code, so there is no image asset to ship per state: a porthole ring
// with a dot coloured by the connection state, encoded as a PNG that nativeImage can read.
import { deflateSync } from 'node:zlib';
import type { TrayTone } from './tray-status.js';

const TONE_COLOURS: Record<TrayTone, [number, number, number]> = {
  connected: [46, 160, 67],
  connecting: [219, 161, 27],
  disconnected: [207, 34, 46],
  unpaired: [140, 149, 159],
};
const RING: [number, number, number] = [88, 96, 105];

/** RGBA pixels of the icon at `size`×`size`, anti-aliased at the edges by coverage. */
export function trayIconPixels(tone: TrayTone, size: number): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  const centre = size / 2;
  const outer = size * 0.47;
  const inner = size * 0.34;
  const dot = size * 0.24;
  const colour = TONE_COLOURS[tone];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x + 0.5 - centre, y + 0.5 - centre);
      const ring = Math.max(0, Math.min(1, outer - d + 0.5)) * Math.max(0, Math.min(1, d - inner + 0.5));
      const fill = Math.max(0, Math.min(1, dot - d + 0.5));
      const [r, g, b] = fill > 0 ? colour : RING;
      const alpha = Math.max(ring, fill);
      pixels.set([r, g, b, Math.round(alpha * 255)], (y * size + x) * 4);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A minimal PNG: 8-bit RGBA, no interlace, every row with filter 0. */
export function encodePng(width: number, height: number, rgba: Buffer): Buffer {
  if (rgba.length !== width * height * 4) throw new Error('pixel buffer does not match the size');
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export function trayIconPng(tone: TrayTone, size = 32): Buffer {
  return encodePng(size, size, trayIconPixels(tone, size));
}

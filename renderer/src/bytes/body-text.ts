// The renderer's name for the shared helper (protocol/export/body-text.ts), kept so callers stay short.
export { bytesAsText } from '../../../protocol/export/body-text.js';

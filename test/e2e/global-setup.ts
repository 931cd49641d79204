// Builds the renderer before the e2e run when its sources changed, so the engine serves the current UI.
// @ts-expect-error: a plain JS build script without type declarations
import { buildRendererIfStale } from '../../scripts/build-renderer.js';

export default function globalSetup() {
  buildRendererIfStale();
}

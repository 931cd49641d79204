// Where the app's files are, from the directory of the running bundle (dist/main): the root
// is the checkout in development and resources/app.asar when packaged.
import path from 'node:path';

export function appRoot(bundleDir: string): string {
  return path.resolve(bundleDir, '..', '..');
}

export function rendererDir(bundleDir: string): string {
  return path.join(appRoot(bundleDir), 'dist', 'renderer');
}

export function preloadPath(bundleDir: string): string {
  return path.join(bundleDir, 'preload.cjs');
}

/** Native code cannot be loaded from inside the asar archive; electron-builder unpacks it beside. */
export function outsideAsar(file: string): string {
  return file.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

/** better-sqlite3 built for Electron's ABI, kept apart from node_modules' build for Node (see README). */
export function electronSqliteBinding(bundleDir: string): string {
  return outsideAsar(path.join(appRoot(bundleDir), 'dist', 'electron-native', 'better_sqlite3.node'));
}

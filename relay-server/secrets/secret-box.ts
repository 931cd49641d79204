// The relay's SecretBox: the shared AES-256-GCM codec (protocol/crypto) under the master key.
// Signing secrets are stored with sealDoorConfig(relay.secretBox, config, `endpoint:${id}:door`)
// and read back with openDoorConfig(relay.secretBox, text, sameLabel).
import fs from 'node:fs';
import { SecretBox } from '../../protocol/crypto/secret-box.js';
import { keyCheckPath, readKeyCheck, writeKeyCheck } from './key-check.js';
import { loadMasterKey, MASTER_KEY_ENV, type MasterKey, MasterKeyError, masterKeyPath } from './master-key.js';

export { openDoorConfig, sealDoorConfig } from '../../protocol/crypto/door-config-secrets.js';
export { SecretBox, SecretBoxError } from '../../protocol/crypto/secret-box.js';

export interface RelaySecrets {
  box: SecretBox;
  source: MasterKey['source'];
  /** The key file, when the key came from one. */
  file: string | null;
}

/**
 * Loads (or at first start creates) the master key and checks it is the one that sealed this
 * data dir's secrets. Throws MasterKeyError with a message meant for the operator.
 */
export async function openRelaySecrets(dataDir: string, fromEnv?: string): Promise<RelaySecrets> {
  const recorded = readKeyCheck(dataDir);
  const usingEnv = fromEnv !== undefined && fromEnv.trim() !== '';
  const keyFile = masterKeyPath(dataDir);
  const startOver = `If that key is lost, remove ${keyCheckPath(dataDir)} to start with a new one; every endpoint's signing secrets must then be set again.`;
  if (recorded && !usingEnv && !fs.existsSync(keyFile)) {
    // Making a new key here would leave every sealed secret unreadable.
    throw new MasterKeyError(
      `refusing to start: ${keyFile} is missing, but this relay's secrets were sealed under master key ${recorded}. ` +
        `Restore master.key from your backup, or set ${MASTER_KEY_ENV}. ${startOver}`,
    );
  }
  const master = loadMasterKey(dataDir, fromEnv);
  const box = await SecretBox.create(master.key, 'the master key');
  master.key.fill(0);
  if (recorded && recorded !== box.keyId) {
    const from = usingEnv ? MASTER_KEY_ENV : keyFile;
    throw new MasterKeyError(
      `refusing to start: the master key in ${from} (key id ${box.keyId}) differs from the one that sealed ` +
        `this relay's secrets (key id ${recorded}). Start with the original key. ${startOver}`,
    );
  }
  if (!recorded) writeKeyCheck(dataDir, box.keyId);
  return { box, source: master.source, file: master.file };
}

// The engine's SecretBox: the AES-256-GCM codec shared with the relay (protocol/crypto, on
// Web Crypto, since app/ may not import relay-server/) under the engine's store key. Door
// configs are stored with sealDoorConfig(box, config, `endpoint:${id}:door`) and read back
// with openDoorConfig(box, text, sameLabel).
import { SecretBox } from '../../protocol/crypto/secret-box.js';
import { loadEngineKey } from './engine-key.js';
import type { SecretStore } from './secret-store.js';

export { openDoorConfig, sealDoorConfig } from '../../protocol/crypto/door-config-secrets.js';
export { SecretBox, SecretBoxError } from '../../protocol/crypto/secret-box.js';

/** Loads the store key from `secrets` (creating it on first open) and imports it. */
export async function openEngineSecretBox(secrets: SecretStore): Promise<SecretBox> {
  const { key } = loadEngineKey(secrets);
  const box = await SecretBox.create(key, "the engine's store key");
  key.fill(0);
  return box;
}

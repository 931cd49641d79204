// Rule secrets: made here (whsec_ + base64 of 32 random bytes, the Standard Webhooks form),
// stored sealed with the engine's store key like door secrets, opened once per change.
import { randomBytes } from 'node:crypto';
import type { SecretBox } from '../../protocol/crypto/secret-box.js';

export function newAlertSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** Binds a sealed secret to its rule: copied onto another row, it does not open. */
const label = (ruleId: string) => `alert:${ruleId}:secret`;

export class AlertSecrets {
  /** `${ruleId}\n${sealed}` → the secret. */
  private readonly opened = new Map<string, string>();

  constructor(private readonly box: SecretBox) {}

  async seal(ruleId: string, secret: string): Promise<string> {
    const sealed = await this.box.seal(secret, label(ruleId));
    this.opened.set(`${ruleId}\n${sealed}`, secret);
    return sealed;
  }

  async open(ruleId: string, sealed: string): Promise<string> {
    const key = `${ruleId}\n${sealed}`;
    const hit = this.opened.get(key);
    if (hit !== undefined) return hit;
    const secret = await this.box.open(sealed, label(ruleId));
    this.opened.set(key, secret);
    return secret;
  }

  forget(ruleId: string) {
    for (const key of this.opened.keys()) if (key.startsWith(`${ruleId}\n`)) this.opened.delete(key);
  }
}

// DoorVault: door configs sealed for a store and opened after a read, with a cache that
// never serves a config to a row it was not sealed for; the guard that keeps unsealed
// secrets out of a store; and a door config's signature problems, named by scheme.
import crypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { assertDoorSealed, DEFAULT_DOOR_TEXT, DoorVault, doorLabel } from '../../protocol/crypto/door-vault.js';
import { SecretBox, SecretBoxError } from '../../protocol/crypto/secret-box.js';
import { describeDoorConfigProblems } from '../../protocol/door-config-problems.js';
import { DEFAULT_DOOR_CONFIG, type DoorConfig } from '../../protocol/endpoint-door.js';

const box = () => SecretBox.create(crypto.randomBytes(32), 'the test key');
const door = (...secrets: string[]): DoorConfig => ({
  ...DEFAULT_DOOR_CONFIG,
  signature: { check: { scheme: 'github', secrets }, onFail: 'reject' },
});

describe('DoorVault', () => {
  it('seals only the secrets, opens them back, and decrypts once per stored text', async () => {
    const b = await box();
    const vault = new DoorVault(b);
    const config = door('gh-secret-1', 'gh-secret-0');
    const sealed = await vault.seal('ep_1', config);
    expect(sealed).not.toContain('gh-secret');
    expect(JSON.parse(sealed).signature.check.scheme).toBe('github');
    expect(() => assertDoorSealed(sealed, 'ep_1')).not.toThrow();

    // A fresh vault (a restart) decrypts; the same vault again does not.
    const fresh = new DoorVault(b);
    const openJson = vi.spyOn(b, 'openJson');
    expect(await fresh.open('ep_1', sealed)).toEqual(config);
    expect(await fresh.open('ep_1', sealed)).toEqual(config);
    expect(openJson).toHaveBeenCalledTimes(1);
    // What it sealed it already knows.
    expect(await vault.open('ep_1', sealed)).toEqual(config);
    expect(openJson).toHaveBeenCalledTimes(1);
  });

  it('never serves a cached config to another row: the label binds it', async () => {
    const vault = new DoorVault(await box());
    const sealed = await vault.seal('ep_a', door('bound-secret'));
    await vault.open('ep_a', sealed);
    await expect(vault.open('ep_b', sealed)).rejects.toMatchObject({ code: 'tampered' });
    await expect(vault.open('ep_b', sealed)).rejects.toBeInstanceOf(SecretBoxError);
    expect(doorLabel('ep_a')).toBe('endpoint:ep_a:door');
  });

  it('keeps the stored text for an unchanged config and seals a changed one afresh', async () => {
    const vault = new DoorVault(await box());
    const sealed = await vault.seal('ep_1', door('s1'));
    expect(await vault.seal('ep_1', door('s1'), sealed)).toBe(sealed);
    const changed = await vault.seal('ep_1', door('s2'), sealed);
    expect(changed).not.toBe(sealed);
    expect(await vault.open('ep_1', changed)).toEqual(door('s2'));
    // Unreadable current text is simply replaced.
    expect(await vault.seal('ep_1', door('s1'), 'not json')).not.toBe('not json');
  });

  it('reads the default from an empty column, and the default config seals with nothing to hide', async () => {
    const vault = new DoorVault(await box());
    expect(await vault.open('ep_1', DEFAULT_DOOR_TEXT)).toEqual(DEFAULT_DOOR_CONFIG);
    const sealed = await vault.seal('ep_1', DEFAULT_DOOR_CONFIG);
    expect(JSON.parse(sealed)).toEqual(DEFAULT_DOOR_CONFIG);
    expect(await new DoorVault(await box()).open('ep_1', sealed)).toEqual(DEFAULT_DOOR_CONFIG);
  });

  it('is bounded, and shares frozen copies without freezing the caller’s object', async () => {
    const b = await box();
    const vault = new DoorVault(b, 2);
    const configs = [door('a'), door('b'), door('c')];
    const sealed = await Promise.all(configs.map((c, i) => vault.seal(`ep_${i}`, c)));
    expect(Object.isFrozen(configs[0])).toBe(false);
    const openJson = vi.spyOn(b, 'openJson');
    await vault.open('ep_2', sealed[2]!);
    expect(openJson).toHaveBeenCalledTimes(0);
    const first = await vault.open('ep_0', sealed[0]!);
    expect(openJson).toHaveBeenCalledTimes(1);
    expect(first).toEqual(configs[0]);
    expect(Object.isFrozen(first.signature!.check.secrets)).toBe(true);
  });
});

describe('assertDoorSealed', () => {
  it('refuses a stored config whose secrets are in clear', () => {
    expect(() => assertDoorSealed(JSON.stringify(door('plain')), 'ep_1')).toThrow(/unsealed signing secrets/);
    expect(() =>
      assertDoorSealed(JSON.stringify({ ...door(), signature: { check: { secrets: { sealed: 'plain' } } } }), 'ep_1'),
    ).toThrow(/unsealed/);
    expect(() => assertDoorSealed('{', 'ep_1')).toThrow(/not stored JSON/);
    expect(() => assertDoorSealed(DEFAULT_DOOR_TEXT, 'ep_1')).not.toThrow();
    expect(() => assertDoorSealed(JSON.stringify(DEFAULT_DOOR_CONFIG), 'ep_1')).not.toThrow();
  });
});

describe('door config problems', () => {
  it('names signature problems by scheme, errors apart from warnings', () => {
    expect(describeDoorConfigProblems(DEFAULT_DOOR_CONFIG)).toEqual({ errors: [], warnings: [] });
    const problems = describeDoorConfigProblems({
      ...DEFAULT_DOOR_CONFIG,
      signature: { check: { scheme: 'basic', secrets: ['no-colon'] }, onFail: 'reject' },
      schema: { schema: { type: 'object' }, onFail: 'flag' },
    });
    expect(problems.errors).toEqual(['signature (basic): secret #1 is not user:password']);
    const stripe = describeDoorConfigProblems({
      ...DEFAULT_DOOR_CONFIG,
      signature: { check: { scheme: 'stripe', secrets: ['sk_not_a_webhook_secret'] }, onFail: 'flag' },
    });
    expect(stripe.errors).toEqual([]);
    expect(stripe.warnings).toEqual(['signature (stripe): secret #1 does not start with whsec_ as Stripe secrets do']);
  });
});

// Signature: a provider preset (or none), its secrets, reject or flag, tolerance and options.
import { presets } from '../../../../protocol/signatures/presets.js';
import { SIGNATURE_SCHEMES, type SignatureScheme } from '../../../../protocol/signatures/signature-check.js';
import type { DoorDraft, SchemeChoice } from './door-draft.js';
import { OnFailSelect } from './OnFailSelect.js';
import { SchemeOptions } from './SchemeOptions.js';
import { SecretsList } from './SecretsList.js';

interface SignatureSectionProps {
  draft: DoorDraft;
  onChange(patch: Partial<DoorDraft>): void;
}

/** A preset brings its own options (headers, algorithm); the secrets typed so far stay. */
function presetOptions(scheme: SchemeChoice): Record<string, string> {
  if (scheme === 'none') return {};
  return Object.fromEntries(Object.entries(presets[scheme].defaults).map(([k, v]) => [k, String(v)]));
}

export function SignatureSection({ draft, onChange }: SignatureSectionProps) {
  const preset = draft.scheme === 'none' ? null : presets[draft.scheme];
  return (
    <section className="door-section" aria-label="Signature">
      <h3>Signature</h3>
      <label className="door-field">
        Provider
        <select
          data-testid="door-preset"
          value={draft.scheme}
          onChange={(e) => {
            const scheme = e.target.value as SchemeChoice;
            onChange({ scheme, options: presetOptions(scheme), toleranceSeconds: '' });
          }}
        >
          <option value="none">None (no signature check)</option>
          {SIGNATURE_SCHEMES.map((s: SignatureScheme) => (
            <option key={s} value={s}>
              {presets[s].label}
            </option>
          ))}
        </select>
      </label>
      {preset ? (
        <>
          <p className="muted" data-testid="door-preset-info">
            Reads {preset.headers.join(', ')}
            {preset.toleranceSeconds !== null ? `; timestamps within ${preset.toleranceSeconds} s` : ''}.
            {preset.docsUrl ? (
              <>
                {' '}
                <a href={preset.docsUrl} target="_blank" rel="noreferrer">
                  Provider docs
                </a>
              </>
            ) : null}
          </p>
          <SecretsList
            secrets={draft.secrets}
            label={preset.secretLabel}
            hint={preset.secretHint}
            onChange={(secrets) => onChange({ secrets })}
          />
          <OnFailSelect
            label="When it fails"
            testId="door-signature-onfail"
            value={draft.signatureOnFail}
            onChange={(signatureOnFail) => onChange({ signatureOnFail })}
          />
          {preset.toleranceSeconds !== null ? (
            <label className="door-field">
              Tolerance (seconds)
              <input
                data-testid="door-tolerance"
                inputMode="numeric"
                placeholder={String(preset.toleranceSeconds)}
                value={draft.toleranceSeconds}
                onChange={(e) => onChange({ toleranceSeconds: e.target.value })}
              />
            </label>
          ) : null}
          <SchemeOptions scheme={draft.scheme} options={draft.options} onChange={(options) => onChange({ options })} />
        </>
      ) : null}
    </section>
  );
}

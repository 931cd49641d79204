// The options a scheme has beyond its secrets: generic HMAC's whole recipe, an API key's
// header and prefix, JWT's algorithm and claims, GitHub's legacy sha1 header.
import type { SchemeChoice } from './door-draft.js';

interface OptionSpec {
  key: string;
  label: string;
  /** A fixed set of values; otherwise free text. */
  choices?: string[];
}

const OPTIONS: Partial<Record<SchemeChoice, OptionSpec[]>> = {
  github: [{ key: 'algorithm', label: 'Header', choices: ['sha256', 'sha1'] }],
  hmac: [
    { key: 'algorithm', label: 'Algorithm', choices: ['sha256', 'sha512', 'sha1'] },
    { key: 'encoding', label: 'Encoding', choices: ['hex', 'base64'] },
    { key: 'header', label: 'Signature header' },
    { key: 'prefix', label: 'Prefix (stripped)' },
    { key: 'template', label: 'Signed content ({body} {timestamp} {id} {url} {method} {header:Name})' },
    { key: 'timestampHeader', label: 'Timestamp header' },
    { key: 'timestampUnit', label: 'Timestamp unit', choices: ['', 'seconds', 'milliseconds'] },
    { key: 'idHeader', label: 'Id header' },
    { key: 'secretEncoding', label: 'Secret encoding', choices: ['', 'utf8', 'base64', 'hex'] },
  ],
  'api-key': [
    { key: 'header', label: 'Header' },
    { key: 'prefix', label: 'Prefix' },
  ],
  jwt: [
    { key: 'algorithm', label: 'Algorithm', choices: ['HS256', 'RS256'] },
    { key: 'header', label: 'Header' },
    { key: 'prefix', label: 'Prefix' },
    { key: 'issuer', label: 'Issuer (iss)' },
    { key: 'audience', label: 'Audience (aud)' },
    { key: 'requireExp', label: 'Require exp', choices: ['', 'true', 'false'] },
  ],
};

interface SchemeOptionsProps {
  scheme: SchemeChoice;
  options: Record<string, string>;
  onChange(options: Record<string, string>): void;
}

export function SchemeOptions({ scheme, options, onChange }: SchemeOptionsProps) {
  const specs = OPTIONS[scheme];
  if (!specs) return null;
  const set = (key: string, value: string) => onChange({ ...options, [key]: value });
  return (
    <div className="door-scheme-options" data-testid="door-scheme-options">
      {specs.map((spec) =>
        spec.choices ? (
          <label className="door-field" key={spec.key}>
            {spec.label}
            <select
              data-testid={`door-option-${spec.key}`}
              value={options[spec.key] ?? ''}
              onChange={(e) => set(spec.key, e.target.value)}
            >
              {spec.choices.map((c) => (
                <option key={c} value={c}>
                  {c === '' ? '(default)' : c}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <label className="door-field" key={spec.key}>
            {spec.label}
            <input
              data-testid={`door-option-${spec.key}`}
              spellCheck={false}
              value={options[spec.key] ?? ''}
              onChange={(e) => set(spec.key, e.target.value)}
            />
          </label>
        ),
      )}
    </div>
  );
}

// What the relay's door found on this event: the signature verdict with its explanation
// (what was read, what was signed, which secret gave what) and the payload schema's errors.
// The explanation is for the owner only; the sender was told nothing beyond the status.
import type { DoorFindings } from '../../../protocol/endpoint-door.js';
import type { SignatureExplanation } from '../../../protocol/signatures/signature-check.js';
import { KeyValueRows } from './KeyValueRows.js';

type SignatureFinding = NonNullable<DoorFindings['signature']>;
type SchemaFinding = NonNullable<DoorFindings['schema']>;

const REASONS: Record<string, string> = {
  missing_header: 'the signature header is missing',
  malformed: 'the signature header could not be read',
  timestamp_out_of_tolerance: 'the timestamp is outside the tolerance',
  mismatch: 'no secret gives the received signature',
  claim_mismatch: "the token's claims do not match",
  algorithm_not_allowed: 'the token uses an algorithm that is not allowed',
  config_error: "the endpoint's signature settings cannot be used",
};

export function DoorFindingsView({ findings }: { findings: DoorFindings | null }) {
  if (!findings || (!findings.signature && !findings.schema && !findings.filter)) return null;
  return (
    <section className="door-findings" data-testid="door-findings" aria-label="Door checks">
      {findings.signature ? <SignatureVerdict finding={findings.signature} /> : null}
      {findings.schema ? <SchemaVerdict finding={findings.schema} /> : null}
      {findings.filter ? <FilterVerdict finding={findings.filter} /> : null}
    </section>
  );
}

function SignatureVerdict({ finding }: { finding: SignatureFinding }) {
  if (finding.ok) {
    return (
      <p className="verdict ok" data-testid="signature-verdict" data-verdict="verified">
        ✓ Signature verified ({finding.scheme})
      </p>
    );
  }
  const reason = finding.reason ? (REASONS[finding.reason] ?? finding.reason) : 'it failed';
  return (
    <details className="verdict-details" open>
      <summary className="verdict bad" data-testid="signature-verdict" data-verdict="failed">
        ✗ Signature not verified ({finding.scheme}): {reason}
      </summary>
      {finding.explanation ? <Explanation explanation={finding.explanation} /> : null}
    </details>
  );
}

function Explanation({ explanation: x }: { explanation: SignatureExplanation }) {
  const rows: [string, string][] = [];
  for (const h of x.headersRead) {
    const more = h.occurrences > 1 ? ` (sent ${h.occurrences} times; the first was used)` : '';
    rows.push([`Header ${h.name}`, h.value === null ? '(absent)' : `${h.value}${more}`]);
  }
  if (x.timestamp) {
    const t = x.timestamp;
    const skew =
      t.skewSeconds === null
        ? 'unreadable'
        : `${Math.abs(t.skewSeconds)} s ${t.skewSeconds >= 0 ? 'old' : 'in the future'}`;
    rows.push([
      `Timestamp (${t.source})`,
      `${t.value}: ${skew}, tolerance ${t.toleranceSeconds} s${t.withinTolerance ? '' : ' — outside'}`,
    ]);
  }
  for (const [i, value] of x.received.entries()) rows.push([`Received signature ${i + 1}`, value]);
  for (const s of x.secretsTried) {
    const expected = s.expected === null ? '(not shown: it would reveal the secret)' : s.expected;
    rows.push([`Secret ${s.index + 1} (${s.fingerprint}…)`, `${s.matched ? 'matched' : 'expected'} ${expected}`]);
  }
  return (
    <div className="signature-explanation" data-testid="signature-explanation">
      <p>{x.summary}</p>
      <KeyValueRows pairs={rows} />
      {x.signedContent ? (
        <div className="signed-content">
          <p className="muted">
            Signed content ({x.signedContent.byteLength} bytes
            {x.signedContent.truncated ? ', shown cut' : ''}; SHA-256 {x.signedContent.sha256}):
          </p>
          <pre data-testid="signed-content">{x.signedContent.text}</pre>
        </div>
      ) : null}
      {x.notes.length > 0 ? (
        <ul className="notes">
          {x.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function SchemaVerdict({ finding }: { finding: SchemaFinding }) {
  if (finding.ok) {
    return (
      <p className="verdict ok" data-testid="schema-verdict" data-verdict="valid">
        ✓ Matches the payload schema
      </p>
    );
  }
  return (
    <details className="verdict-details" open>
      <summary className="verdict bad" data-testid="schema-verdict" data-verdict="invalid">
        ✗ Does not match the payload schema ({finding.errors.length} error{finding.errors.length === 1 ? '' : 's'})
      </summary>
      <KeyValueRows pairs={finding.errors.map((e) => [e.path || '(body)', e.message] as [string, string])} />
    </details>
  );
}

function FilterVerdict({ finding }: { finding: NonNullable<DoorFindings['filter']> }) {
  return (
    <p
      className={`verdict ${finding.ok ? 'ok' : 'bad'}`}
      data-testid="filter-verdict"
      data-verdict={finding.ok ? 'matched' : 'missed'}
    >
      {finding.ok ? '✓ Matches' : '✗ Does not match'} the endpoint's filter <code>{finding.expression}</code>
    </p>
  );
}

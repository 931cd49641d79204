// Reject or only flag: the same choice for every check that offers it.
import type { OnFail } from '../../../../protocol/endpoint-door.js';

interface OnFailSelectProps {
  value: OnFail;
  onChange(value: OnFail): void;
  testId: string;
  label: string;
}

export function OnFailSelect({ value, onChange, testId, label }: OnFailSelectProps) {
  return (
    <label className="door-field">
      {label}
      <select data-testid={testId} value={value} onChange={(e) => onChange(e.target.value as OnFail)}>
        <option value="reject">Reject the request</option>
        <option value="flag">Store it, flagged</option>
      </select>
    </label>
  );
}

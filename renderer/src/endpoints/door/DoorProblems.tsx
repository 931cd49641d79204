// The draft's problems, errors first; shown while editing, so nothing surprising comes back
// from the engine or relay on save.
interface DoorProblemsProps {
  errors: string[];
  warnings: string[];
}

export function DoorProblems({ errors, warnings }: DoorProblemsProps) {
  if (errors.length === 0 && warnings.length === 0) return null;
  return (
    <ul className="door-problems" data-testid="door-problems">
      {errors.map((p) => (
        <li key={`e${p}`} className="error">
          {p}
        </li>
      ))}
      {warnings.map((p) => (
        <li key={`w${p}`} className="muted">
          {p}
        </li>
      ))}
    </ul>
  );
}

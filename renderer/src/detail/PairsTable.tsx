// Decoded name/value pairs: a query string or a form body.
export function PairsTable({ pairs, title, testId }: { pairs: [string, string][]; title: string; testId?: string }) {
  return (
    <section className="kv-section" data-testid={testId}>
      <h3>{title}</h3>
      <table className="kv">
        <tbody>
          {pairs.map(([name, value], i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: pairs may repeat a name; their position is their identity.
            <tr key={i}>
              <th scope="row">{name}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

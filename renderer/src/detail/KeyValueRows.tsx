// The rows of a name/value table: header lines, query or form pairs. Names may repeat, so a
// row's position is its identity.
export function KeyValueRows({ pairs }: { pairs: readonly (readonly [string, string])[] }) {
  return (
    <table className="kv">
      <tbody>
        {pairs.map(([name, value], i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: names may repeat; their position is their identity.
          <tr key={i}>
            <th scope="row">{name}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

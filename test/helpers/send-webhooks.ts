// Posts numbered JSON webhooks to an endpoint URL and checks each was accepted.
export async function sendNumbered(url: string, count: number, options: { from?: number; concurrency?: number } = {}) {
  const from = options.from ?? 0;
  const ids: string[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ n: from + i }),
      });
      const body = (await res.json()) as { id: string };
      if (res.status !== 200) throw new Error(`webhook ${from + i} got ${res.status}: ${JSON.stringify(body)}`);
      ids[i] = body.id;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 1 }, worker));
  return ids;
}

export const bodyNumber = (base64: string): number =>
  (JSON.parse(Buffer.from(base64, 'base64').toString()) as { n: number }).n;

// Headers that frame a message or belong to one connection (RFC 9110 §7.6.1 and the de-facto
// Proxy-Connection): whoever writes the message sets them, so they are never copied from
// another message or taken from configuration. Lower case.
export const FRAMING_HEADERS: ReadonlySet<string> = new Set([
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'proxy-connection',
]);

// Turns a device's `response` message into what the held sender gets. The local service's
// status, headers and body pass through, except what would break the relay's own framing:
// hop-by-hop and length headers are dropped (the relay sets content-length itself), as are
// lines node:http cannot send. A status below 200 or a body over 1 MiB cannot be sent.
import { PASSTHROUGH_LIMITS, type ResponseMessage } from '../../protocol/relay-stream.js';
import { isSendableHeader, type RenderedResponse } from '../door/static-response.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The response to send, or why it cannot be sent. */
export function passthroughResponse(message: ResponseMessage): RenderedResponse | string {
  if (message.status < 200) return `status ${message.status} is not a final response`;
  if (message.body.length % 4 !== 0 || !BASE64.test(message.body)) return 'body is not base64';
  const body = Buffer.from(message.body, 'base64');
  if (body.length > PASSTHROUGH_LIMITS.maxBodyBytes) return `body exceeds ${PASSTHROUGH_LIMITS.maxBodyBytes} bytes`;
  const headers = message.headers.filter(([name, value]) => isSendableHeader(name, value));
  return { status: message.status, headers: headers.map(([n, v]) => [n, v]), body };
}

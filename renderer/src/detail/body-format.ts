// How a body is shown: pretty JSON and XML, forms as pairs, text as is, binary as hex.
// Reformatting only moves whitespace: numbers and strings keep their exact characters
// (JSON.parse would round 12345678901234567890).
import { bytesAsText } from '../bytes/body-text.js';

export type BodyKind = 'json' | 'xml' | 'form' | 'text' | 'binary' | 'empty';

export interface FormattedBody {
  kind: BodyKind;
  /** What the viewer shows: pretty text, or a hex dump for binary. */
  pretty: string;
  /** The body as text when it is text, else null. */
  raw: string | null;
  /** Monaco's language id for `pretty`. */
  language: 'json' | 'xml' | 'plaintext';
  /** Decoded pairs of a form body. */
  form: [string, string][] | null;
  /** True when the hex dump stops before the end of the body. */
  truncated: boolean;
}

/** A hex dump of 25 MB would be 100 MB of text; the viewer shows the start. */
export const MAX_HEX_BYTES = 256 * 1024;

export function formatBody(bytes: Uint8Array, contentType: string | null): FormattedBody {
  const base = { form: null, truncated: false };
  if (bytes.length === 0) return { ...base, kind: 'empty', pretty: '', raw: '', language: 'plaintext' };
  const raw = bytesAsText(bytes);
  if (raw === null) {
    return {
      ...base,
      kind: 'binary',
      pretty: hexDump(bytes.subarray(0, MAX_HEX_BYTES)),
      raw: null,
      language: 'plaintext',
      truncated: bytes.length > MAX_HEX_BYTES,
    };
  }
  const type = (contentType ?? '').toLowerCase();
  const trimmed = raw.trimStart();
  if (type.includes('json') || ((trimmed.startsWith('{') || trimmed.startsWith('[')) && !type.includes('xml'))) {
    const pretty = prettyJson(raw);
    if (pretty !== null) return { ...base, kind: 'json', pretty, raw, language: 'json' };
  }
  if (type.includes('xml') || trimmed.startsWith('<?xml') || (trimmed.startsWith('<') && type === '')) {
    const pretty = prettyXml(raw);
    if (pretty !== null) return { ...base, kind: 'xml', pretty, raw, language: 'xml' };
  }
  if (type.startsWith('application/x-www-form-urlencoded')) {
    return { ...base, kind: 'form', pretty: raw, raw, language: 'plaintext', form: formPairs(raw) };
  }
  return { ...base, kind: 'text', pretty: raw, raw, language: 'plaintext' };
}

/** Re-indents valid JSON by two spaces, character-exact inside tokens; null if not JSON. */
export function prettyJson(text: string): string | null {
  try {
    JSON.parse(text);
  } catch {
    return null;
  }
  let out = '';
  let depth = 0;
  let inString = false;
  const newline = () => `\n${'  '.repeat(depth)}`;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      out += ch;
      if (ch === '\\') out += text[++i] ?? '';
      else if (ch === '"') inString = false;
      continue;
    }
    switch (ch) {
      case '"':
        inString = true;
        out += ch;
        break;
      case '{':
      case '[': {
        // Empty containers stay on one line.
        let j = i + 1;
        while (j < text.length && /\s/.test(text[j]!)) j++;
        if (text[j] === (ch === '{' ? '}' : ']')) {
          out += ch + text[j];
          i = j;
          break;
        }
        depth++;
        out += ch + newline();
        break;
      }
      case '}':
      case ']':
        depth--;
        out += newline() + ch;
        break;
      case ',':
        out += `,${newline()}`;
        break;
      case ':':
        out += ': ';
        break;
      case ' ':
      case '\t':
      case '\n':
      case '\r':
        break;
      default:
        out += ch;
    }
  }
  return out;
}

/** Puts each tag on its own line, indented by nesting; text stays beside its tag. Null if unbalanced. */
export function prettyXml(text: string): string | null {
  const tokens = text.match(/<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<[^>]+>|[^<]+/g);
  if (!tokens) return null;
  const lines: string[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!token.startsWith('<')) {
      const content = token.trim();
      if (content) lines.push('  '.repeat(depth) + content);
      continue;
    }
    if (token.startsWith('</')) {
      depth--;
      if (depth < 0) return null;
      lines.push('  '.repeat(depth) + token);
      continue;
    }
    const selfContained = token.startsWith('<?') || token.startsWith('<!') || token.endsWith('/>');
    // <a>text</a> on one line.
    const text = tokens[i + 1];
    const close = tokens[i + 2];
    if (!selfContained && text && !text.startsWith('<') && close?.startsWith('</')) {
      lines.push(`${'  '.repeat(depth)}${token}${text.trim()}${close}`);
      i += 2;
      continue;
    }
    lines.push('  '.repeat(depth) + token);
    if (!selfContained) depth++;
  }
  return depth === 0 ? lines.join('\n') : null;
}

export function formPairs(text: string): [string, string][] {
  return [...new URLSearchParams(text)];
}

/** Offset, 16 bytes in hex, and their printable ASCII, per line. */
export function hexDump(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += 16) {
    const row = bytes.subarray(offset, offset + 16);
    let hex = '';
    let ascii = '';
    for (let i = 0; i < 16; i++) {
      const b = row[i];
      hex += b === undefined ? '   ' : `${b.toString(16).padStart(2, '0')} `;
      if (i === 7) hex += ' ';
      if (b !== undefined) ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
    }
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${hex} |${ascii}|`);
  }
  return lines.join('\n');
}

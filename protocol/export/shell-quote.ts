// Shell quoting. `shellQuote` is for a command pasted into bash or zsh: plain words bare,
// printable text in '...', and text with control characters in $'...' with escapes so the
// command survives copy and paste. `posixQuote` is for a script file run by any POSIX sh,
// which has no $'...': there single quotes hold every byte but NUL, control characters too.
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this finds.
const CONTROL = /[\x00-\x1f\x7f]/;

export function shellQuote(text: string): string {
  if (SAFE.test(text)) return text;
  if (!CONTROL.test(text)) return `'${text.replaceAll("'", "'\\''")}'`;
  let out = "$'";
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}'`;
}

export function posixQuote(text: string): string {
  if (text.includes('\0')) throw new Error('a shell word cannot hold a NUL character');
  if (SAFE.test(text)) return text;
  return `'${text.replaceAll("'", "'\\''")}'`;
}

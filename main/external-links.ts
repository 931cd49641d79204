// Links the renderer wants opened (a target's docs, an endpoint's URL) go to the user's
// browser only when they are plain http(s) URLs; anything else (file:, javascript:, custom
// schemes that launch other apps) is dropped.
const MAX_URL_LENGTH = 2048;

function hasWhitespaceOrControl(text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code <= 0x20 || code === 0x7f || /\s/u.test(char)) return true;
  }
  return false;
}

/** The URL to hand to shell.openExternal, or null when it must not leave the app. */
export function externalLinkUrl(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_URL_LENGTH) return null;
  // The URL parser silently strips whitespace and control characters; refuse them instead.
  if (hasWhitespaceOrControl(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  // user:pass@ in a link is a classic way to disguise the real host.
  if (url.username || url.password) return null;
  if (!url.hostname) return null;
  return url.href;
}

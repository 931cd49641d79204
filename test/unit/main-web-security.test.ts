// The shell's URL decisions: which links may go to the user's browser, which files the app
// scheme serves, what the renderer may load, and which permissions it gets.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_INDEX_URL, appFilePath, contentTypeFor, isAppIndexUrl, isAppUrl } from '../../main/app-url.js';
import { APP_CONTENT_SECURITY_POLICY } from '../../main/content-security-policy.js';
import { externalLinkUrl } from '../../main/external-links.js';
import { isAllowedRequest, isPermissionAllowed } from '../../main/request-policy.js';

describe('externalLinkUrl', () => {
  it('lets plain http(s) links through, normalized', () => {
    expect(externalLinkUrl('https://docs.stripe.com/webhooks')).toBe('https://docs.stripe.com/webhooks');
    expect(externalLinkUrl('http://localhost:3000/hooks?x=1#y')).toBe('http://localhost:3000/hooks?x=1#y');
    expect(externalLinkUrl('HTTPS://Example.COM')).toBe('https://example.com/');
  });

  it('refuses other schemes, credentials, whitespace, control characters and junk', () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'smb://server/share',
      'ms-settings:',
      'vscode://file/etc/passwd',
      'porthole-app://ui/index.html',
      'https://user:pass@evil.example/',
      'https://trusted.example@evil.example/',
      ' https://example.com',
      'https://exa\nmple.com',
      'https://example.com/\u0000',
      'https://',
      'not a url',
      '',
      `https://example.com/${'a'.repeat(3000)}`,
      undefined,
      42,
    ]) {
      expect(externalLinkUrl(url), String(url)).toBeNull();
    }
  });
});

describe('the app scheme', () => {
  const root = path.resolve('/opt/porthole/dist/renderer');

  it('knows its own pages', () => {
    expect(isAppIndexUrl(APP_INDEX_URL)).toBe(true);
    expect(isAppIndexUrl(`${APP_INDEX_URL}?x=1#/events`)).toBe(true);
    expect(isAppIndexUrl('porthole-app://ui/assets/index.js')).toBe(false);
    expect(isAppUrl('porthole-app://ui/assets/index.js')).toBe(true);
    expect(isAppUrl('porthole-app://other/index.html')).toBe(false);
    expect(isAppUrl('https://ui/index.html')).toBe(false);
  });

  it('maps URLs to files inside the renderer directory only', () => {
    expect(appFilePath(root, APP_INDEX_URL)).toBe(path.join(root, 'index.html'));
    expect(appFilePath(root, 'porthole-app://ui/')).toBe(path.join(root, 'index.html'));
    expect(appFilePath(root, 'porthole-app://ui/assets/index-abc.js?v=1')).toBe(path.join(root, 'assets/index-abc.js'));
    expect(appFilePath(root, 'porthole-app://ui/assets/a%20b.css')).toBe(path.join(root, 'assets/a b.css'));
    for (const url of [
      'porthole-app://ui/../../etc/passwd',
      'porthole-app://ui/%2e%2e/%2e%2e/etc/passwd',
      'porthole-app://ui/assets/..%2f..%2f..%2fetc%2fpasswd',
      'porthole-app://ui/%00index.html',
      'porthole-app://ui/%E0%A4%A',
      'porthole-app://elsewhere/index.html',
      'file:///etc/passwd',
    ]) {
      const file = appFilePath(root, url);
      if (file !== null) expect(file.startsWith(`${root}${path.sep}`), url).toBe(true);
      else expect(file).toBeNull();
    }
    // The URL parser resolves plain and %2e dot segments; an encoded slash survives it and is caught here.
    expect(appFilePath(root, 'porthole-app://ui/%2e%2e/%2e%2e/etc/passwd')).toBe(path.join(root, 'etc/passwd'));
    expect(appFilePath(root, 'porthole-app://ui/..%2f..%2f..%2fetc%2fpasswd')).toBeNull();
    expect(appFilePath(root, 'porthole-app://ui/assets/..%5c..%5c..%5cetc')).toSatisfy(
      (file: string | null) => file === null || file.startsWith(`${root}${path.sep}`),
    );
    expect(appFilePath(root, 'porthole-app://elsewhere/index.html')).toBeNull();
  });

  it('serves scripts with a JavaScript type, which module scripts and workers require', () => {
    expect(contentTypeFor('/x/index-abc.js')).toMatch(/^text\/javascript/);
    expect(contentTypeFor('/x/worker.MJS')).toMatch(/^text\/javascript/);
    expect(contentTypeFor('/x/index.html')).toMatch(/^text\/html/);
    expect(contentTypeFor('/x/blob.bin')).toBe('application/octet-stream');
  });

  it('sends a CSP with nothing remote and Monaco workers allowed', () => {
    const directives = new Map(
      APP_CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name!, values] as const;
      }),
    );
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-src')).toEqual(["'none'"]);
    expect(APP_CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
  });
});

describe('request and permission policy', () => {
  it('loads only the app, data, blob and devtools URLs', () => {
    for (const url of [
      APP_INDEX_URL,
      'porthole-app://ui/assets/x.js',
      'data:image/png;base64,AA==',
      'devtools://devtools/x',
    ]) {
      expect(isAllowedRequest(url), url).toBe(true);
    }
    for (const url of [
      'https://cdn.example/monaco.js',
      'http://127.0.0.1:8787/',
      'ws://127.0.0.1:1/api',
      'file:///etc/passwd',
      'x',
    ]) {
      expect(isAllowedRequest(url), url).toBe(false);
    }
  });

  it('denies every permission but clipboard writes from the app itself', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', APP_INDEX_URL)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'porthole-app://ui')).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', undefined)).toBe(false);
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'openExternal',
      'clipboard-read',
      'fullscreen',
      'unknown',
    ]) {
      expect(isPermissionAllowed(permission, APP_INDEX_URL), permission).toBe(false);
    }
  });
});

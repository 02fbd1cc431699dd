import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { framingRules, inlineScriptHashes, pagePolicy, withPolicy } from '../../src/page-csp.mjs';

const sandboxHtml = readFileSync('public/sandbox.html', 'utf8');
const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(sandboxHtml)?.[1] ?? '';
const directives: Record<string, string[]> = Object.fromEntries(
  policy.split(';').map((d) => {
    const [name, ...values] = d.trim().split(/\s+/);
    return [name ?? '', values];
  }),
);

describe('the sandbox document (public/sandbox.html)', () => {
  it('allows its one inline script by hash, and nothing else from anywhere', () => {
    const scripts = [...sandboxHtml.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] as string);
    expect(scripts).toHaveLength(1);
    const hash = `'sha256-${createHash('sha256')
      .update(scripts[0] as string)
      .digest('base64')}'`;
    expect(directives['script-src']).toEqual([hash, 'blob:', "'unsafe-eval'", "'wasm-unsafe-eval'"]);
    expect(directives['default-src']).toEqual(["'none'"]);
  });

  it('gives user code no network: only blob: and data: URLs, no host, no scheme wildcard', () => {
    expect(directives['connect-src']).toEqual(['blob:', 'data:']);
    expect(directives['worker-src']).toEqual(['blob:', 'data:']);
    for (const [name, values] of Object.entries(directives)) {
      for (const v of values) expect(v, `${name} ${v}`).toMatch(/^('[^']+'|blob:|data:)$/);
    }
  });

  it('does nothing unless it is sandboxed and framed', () => {
    expect(sandboxHtml).toContain('if (self.origin !== "null" || parent === self) return;');
    expect(sandboxHtml).toContain('if (event.source !== parent');
  });
});

describe('the pages’ policy (src/page-csp.mjs)', () => {
  it('hashes inline scripts that run, not JSON data blocks', () => {
    const html =
      '<html><head><meta charset="utf-8"><script>a()</script><script type="module">b()</script>' +
      '<script type="application/json">{"c":1}</script><script type="module" src="/x.js"></script></head></html>';
    const hashes = inlineScriptHashes(html);
    expect(hashes).toHaveLength(2);
    const out = withPolicy(html);
    expect(out.indexOf('Content-Security-Policy')).toBeLessThan(out.indexOf('<script>'));
    expect(out).toContain(`script-src 'self' ${hashes.join(' ')} 'wasm-unsafe-eval'`);
    expect(withPolicy(out)).toBe(out);
  });

  it('allows no eval, no inline script without a hash, no plugins, and frames only from this site', () => {
    const p = pagePolicy([]);
    expect(p).not.toMatch(/'unsafe-eval'|script-src[^;]*'unsafe-inline'/);
    expect(p).toContain("object-src 'none'");
    expect(p).toContain("frame-src 'self'");
    expect(p).toContain("connect-src 'self' https://cdn.jsdelivr.net");
  });

  it('public/_headers keeps every path from being framed by other sites, and sandboxes /sandbox.html', () => {
    const headers = readFileSync('public/_headers', 'utf8');
    expect(framingRules(headers)).toContain('/*');
    expect(headers).toMatch(/\/sandbox\.html\n\s+Content-Security-Policy: sandbox allow-scripts\n/);
    // Cross-origin isolation (WASM threads) for every path, /sandbox.html included: an isolated page
    // refuses to frame a document without COEP.
    expect(headers).toMatch(/^\/\*\n(\s+.+\n)*\s+Cross-Origin-Opener-Policy: same-origin\n/m);
    expect(headers).toMatch(/^\/\*\n(\s+.+\n)*\s+Cross-Origin-Embedder-Policy: require-corp\n/m);
  });
});

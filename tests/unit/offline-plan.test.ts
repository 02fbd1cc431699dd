import { describe, expect, it } from 'vitest';
import { CACHES, planCaches, plainUrl, revisionedKey, staleKeys } from '../../src/offline/plan.ts';

const scope = 'https://example.org/book/';
const manifest = [
  { url: '/book/', revision: 'home1' }, // the astro integration writes the home page as the scope
  { url: 'glossary/', revision: 'g1' },
  { url: 'search/', revision: 's1' },
  { url: 'offline/', revision: 'o1' },
  { url: 'sandbox/', revision: 'sb1' }, // how the astro integration lists public/sandbox.html
  { url: 'questions/03-convolution/', revision: 'c3' },
  { url: 'playground/', revision: 'p1' },
  { url: '_astro/site.abc123.css', revision: null },
  { url: '_astro/mount.def456.js', revision: null },
  { url: '_astro/serif-latin.x1.woff2', revision: null },
  { url: 'favicon.svg', revision: 'f1' },
  { url: 'runtime/worker.AAAA.js', revision: 'w1' },
  { url: 'data/mnist/images.u8.gz', revision: 'm1' },
  { url: 'models/book-cnn/weights.bin', revision: 'b1' },
  { url: 'figures/q12/dream-leaky_re_lu_8.webp', revision: 'g1' },
  { url: 'sitemap-0.xml', revision: 'x1' },
];

describe('what the service worker keeps', () => {
  const plan = planCaches(manifest, scope);

  it('precaches only the shell: shell pages (the sandbox document too: offline only this worker can serve it), CSS, scripts, fonts, favicon', () => {
    expect(plan.shell.map((e) => e.url).sort()).toEqual(
      [
        '/book/',
        '_astro/mount.def456.js',
        '_astro/serif-latin.x1.woff2',
        '_astro/site.abc123.css',
        'favicon.svg',
        'glossary/',
        'offline/',
        'https://example.org/book/sandbox.html',
        'search/',
      ].sort(),
    );
  });

  it('keeps chapter and playground pages, runtime, data, models and figure images on first use, by revision', () => {
    expect([...plan.pages]).toEqual([
      ['https://example.org/book/questions/03-convolution/', 'c3'],
      ['https://example.org/book/playground/', 'p1'],
    ]);
    expect([...plan.assets.keys()]).toEqual([
      'https://example.org/book/runtime/worker.AAAA.js',
      'https://example.org/book/data/mnist/images.u8.gz',
      'https://example.org/book/models/book-cnn/weights.bin',
      'https://example.org/book/figures/q12/dream-leaky_re_lu_8.webp',
    ]);
    // Anything else in the list (the sitemap) is neither precached nor kept.
    expect(JSON.stringify(plan)).not.toContain('sitemap');
  });

  it('never keys a page by its query or fragment: search words and share links are not stored', () => {
    const page = 'https://example.org/book/questions/03-convolution/';
    expect(revisionedKey(`${page}?q=my+search#v1.c2VjcmV0`, plan.pages)).toBe(`${page}?__rev=c3`);
    expect(plainUrl('https://example.org/book/search/?q=stride#results')).toBe('https://example.org/book/search/');
  });

  it('a new deploy makes old copies stale: changed revisions and removed files go, current ones stay', () => {
    const current = 'https://example.org/book/data/mnist/images.u8.gz?__rev=m1';
    const keys = [
      current,
      'https://example.org/book/data/mnist/images.u8.gz?__rev=m0', // the previous deploy's MNIST
      'https://example.org/book/runtime/worker.OLD.js?__rev=w0', // a runtime this build no longer has
      'https://example.org/book/models/book-cnn/weights.bin', // kept without a revision by some old worker
    ];
    expect(staleKeys(keys, plan.assets)).toEqual(keys.slice(1));
  });

  it('uses its own cache names, distinct from one another', () => {
    expect(new Set(Object.values(CACHES)).size).toBe(3);
    for (const name of Object.values(CACHES)) expect(name).toMatch(/^dq-/);
  });
});

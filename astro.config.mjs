// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import AstroPWA from '@vite-pwa/astro';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import rehypeFocusableMath from './src/rehype-focusable-math.mjs';
import rehypeMathIndexOnce from './src/rehype-math-index-once.mjs';
import rehypeScrollTables from './src/rehype-scroll-tables.mjs';
import remarkQuestionRefs from './src/remark-question-refs.mjs';
import pageCsp from './src/page-csp.mjs';
import { CODE_THEMES } from './playground/shared/code-themes.ts';

export default defineConfig({
  site: 'https://deep-questions.example.org',
  trailingSlash: 'always',
  integrations: [
    mdx(),
    // The offline page is for the service worker, not for search engines.
    sitemap({ filter: (page) => !page.endsWith('/offline/') }),
    // Offline reading: a Workbox service worker built from src/sw.ts (what it keeps: src/offline/plan.ts).
    AstroPWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      injectRegister: false, // src/scripts/offline.ts registers it (no inline script, no workbox-window)
      manifest: false,
      injectManifest: {
        rollupFormat: 'iife',
        // Listed with revisions so a deploy that changes any of them ships a new worker; only the
        // shell is downloaded at install, the rest on first use (src/offline/plan.ts).
        globPatterns: ['**/*.html', '_astro/**/*.{js,css,woff2}', 'favicon.svg', 'runtime/**/*', 'data/**/*', 'models/**/*', 'figures/**/*'],
        globIgnores: ['404.html', 'sw.js', 'runtime/**/*.map'],
        maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
      },
    }),
    pageCsp(),
  ],
  // `astro dev` and `astro preview` send what public/_headers asks of every page: only this site
  // may frame it (the page's own CSP is a <meta> tag, which cannot say frame-ancestors).
  // COOP/COEP make the pages cross-origin isolated, so the sandbox's worker may run WASM threads.
  server: {
    headers: {
      'Content-Security-Policy': "frame-ancestors 'self'",
      'X-Frame-Options': 'SAMEORIGIN',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    },
  },
  markdown: {
    remarkPlugins: [remarkMath, remarkQuestionRefs],
    rehypePlugins: [[rehypeKatex, { output: 'htmlAndMathml', strict: 'ignore' }], rehypeFocusableMath, rehypeMathIndexOnce, rehypeScrollTables],
    shikiConfig: {
      // The same two themes colour static code blocks and the live editor.
      themes: CODE_THEMES,
      defaultColor: false,
    },
  },
  build: { inlineStylesheets: 'auto' },
  vite: {
    resolve: {
      alias: {
        // tfjs-core's optional node-fetch import must not reach the browser bundle.
        'node-fetch': new URL('./playground/runtime/empty-module.ts', import.meta.url).pathname,
      },
    },
    worker: { format: 'es' },
    build: {
      chunkSizeWarningLimit: 8000,
      // Fonts are always files (never data: URLs), so a strict CSP needs only font-src 'self'.
      assetsInlineLimit: (file) => (/\.(woff2?|ttf|otf|eot)$/.test(file) ? false : undefined),
    },
  },
});

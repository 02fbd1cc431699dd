// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import rehypeFocusableMath from './src/rehype-focusable-math.mjs';
import remarkQuestionRefs from './src/remark-question-refs.mjs';
import pageCsp from './src/page-csp.mjs';

export default defineConfig({
  site: 'https://deep-questions.example.org',
  trailingSlash: 'always',
  integrations: [mdx(), sitemap(), pageCsp()],
  // `astro dev` and `astro preview` send what public/_headers asks of every page: only this site
  // may frame it (the page's own CSP is a <meta> tag, which cannot say frame-ancestors).
  server: { headers: { 'Content-Security-Policy': "frame-ancestors 'self'", 'X-Frame-Options': 'SAMEORIGIN' } },
  markdown: {
    remarkPlugins: [remarkMath, remarkQuestionRefs],
    rehypePlugins: [[rehypeKatex, { output: 'htmlAndMathml', strict: 'ignore' }], rehypeFocusableMath],
    shikiConfig: {
      // The same two themes colour static code blocks and the live editor (see playground/editor).
      themes: { light: 'github-light-default', dark: 'github-dark-default' },
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
    build: { chunkSizeWarningLimit: 8000 },
  },
});

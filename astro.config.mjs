// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import rehypeFocusableMath from './src/rehype-focusable-math.mjs';
import remarkQuestionRefs from './src/remark-question-refs.mjs';
import { CODE_THEMES } from './playground/shared/code-themes.ts';

export default defineConfig({
  site: 'https://deep-questions.example.org',
  trailingSlash: 'always',
  integrations: [mdx(), sitemap()],
  markdown: {
    remarkPlugins: [remarkMath, remarkQuestionRefs],
    rehypePlugins: [[rehypeKatex, { output: 'htmlAndMathml', strict: 'ignore' }], rehypeFocusableMath],
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
    build: { chunkSizeWarningLimit: 8000 },
  },
});

/**
 * The two Shiki themes that colour code everywhere: the site's static code blocks (astro.config.mjs,
 * src/components/Playground.astro) and the live editor (playground/editor/monaco.ts), so code keeps
 * its colours when the editor replaces the static block.
 */
export const CODE_THEMES = { light: 'github-light-default', dark: 'github-dark-default' } as const;

export type CodeThemeName = (typeof CODE_THEMES)[keyof typeof CODE_THEMES];

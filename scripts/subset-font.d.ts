/** The part of subset-font (no bundled types) that scripts/build-fonts.mjs uses. */
declare module 'subset-font' {
  export default function subsetFont(
    font: Uint8Array,
    text: string,
    options?: { targetFormat?: 'sfnt' | 'woff' | 'woff2'; variationAxes?: Record<string, number | { min: number; max: number }> },
  ): Promise<Uint8Array>;
}

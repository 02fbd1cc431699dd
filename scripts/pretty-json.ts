/** JSON as the committed asset files are written (MNIST meta.json, the book CNN's provenance.json). */

/** Indented JSON with arrays of plain values (numbers, strings, null) kept on one line, and a final newline. */
export function prettyJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(
    /\[\s*((?:"[^"]*"|-?[\d.e+-]+|null)(?:,\s*(?:"[^"]*"|-?[\d.e+-]+|null))*)\s*\]/g,
    (_m, items: string) => `[${items.split(/,\s*/).join(', ')}]`,
  )}\n`;
}

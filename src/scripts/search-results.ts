/**
 * Search results from Pagefind, each linking to the section where the words were found: Pagefind
 * splits a page at its headings (sub-results); we show the page with its best-matching sections,
 * and the first link goes straight to the best one.
 */
interface SubResult {
  title: string;
  url: string;
  excerpt: string;
  weighted_locations: Array<{ balanced_score: number }>;
}
interface Result {
  url: string;
  meta: { title?: string };
  excerpt: string;
  sub_results?: SubResult[];
}
export type Pagefind = { search(q: string): Promise<{ results: Array<{ data(): Promise<Result> }> }> };

const MAX_PAGES = 20;
const SECTIONS_PER_PAGE = 3;

const score = (s: SubResult) => s.weighted_locations.reduce((sum, l) => sum + l.balanced_score, 0);

/** The sections of a result that matched, best first. */
export function bestSections(result: Result): SubResult[] {
  const subs = (result.sub_results ?? []).filter((s) => s.weighted_locations.length > 0);
  return subs.sort((a, b) => score(b) - score(a)).slice(0, SECTIONS_PER_PAGE);
}

function excerptElement(html: string): HTMLParagraphElement {
  const p = document.createElement('p');
  p.className = 'search-excerpt';
  // Pagefind's excerpt is escaped text with <mark> around hits.
  p.innerHTML = html;
  return p;
}

/** Render the results for `query` into `list`; returns the number of pages found. */
export async function renderResults(pagefind: Pagefind, query: string, list: HTMLElement): Promise<number> {
  const found = await pagefind.search(query);
  const results = await Promise.all(found.results.slice(0, MAX_PAGES).map((r) => r.data()));
  list.replaceChildren(
    ...results.map((r) => {
      const li = document.createElement('li');
      const sections = bestSections(r);
      const best = sections[0];
      const title = document.createElement('a');
      title.className = 'search-page';
      title.href = best?.url ?? r.url;
      title.textContent = r.meta.title ?? r.url;
      li.append(title);
      if (!sections.length) {
        li.append(excerptElement(r.excerpt));
        return li;
      }
      const ul = document.createElement('ul');
      ul.className = 'search-sections';
      for (const s of sections) {
        const item = document.createElement('li');
        const link = document.createElement('a');
        link.href = s.url;
        link.textContent = s.title === r.meta.title ? 'Introduction' : s.title;
        item.append(link, excerptElement(s.excerpt));
        ul.append(item);
      }
      li.append(ul);
      return li;
    }),
  );
  return results.length;
}

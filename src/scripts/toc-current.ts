/**
 * Marks the contents link of the section being read (aria-current="location"): the last listed
 * heading whose top has passed a line a third of the way down the window. In the sticky column the
 * marked link is kept in view; in the collapsed list on small screens, choosing a link closes it.
 */
const READING_LINE = 1 / 3;

export function followSections(): void {
  const toc = document.querySelector<HTMLElement>('[data-toc]');
  if (!toc) return;
  const links = [...toc.querySelectorAll<HTMLAnchorElement>('a[href^="#"]')];
  const targets = links.map((a) => document.getElementById(decodeURIComponent(a.hash.slice(1))));
  let current: HTMLAnchorElement | undefined;
  let queued = false;

  const update = () => {
    queued = false;
    const line = window.innerHeight * READING_LINE;
    let index = -1;
    targets.forEach((t, i) => {
      if (t && t.getBoundingClientRect().top <= line) index = i;
    });
    const next = links[index];
    if (next === current) return;
    current?.removeAttribute('aria-current');
    current = next;
    if (!next) return;
    next.setAttribute('aria-current', 'location');
    // Keep it visible inside the sticky column without scrolling the page.
    if (toc.scrollHeight > toc.clientHeight) {
      const top = next.offsetTop - toc.clientHeight / 2;
      toc.scrollTop = Math.max(0, top);
    }
  };
  const queue = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(update);
  };
  addEventListener('scroll', queue, { passive: true });
  addEventListener('resize', queue, { passive: true });
  update();

  const details = toc.querySelector('details');
  toc.addEventListener('click', (e) => {
    if (!(e.target as HTMLElement).closest('a') || !details) return;
    // Only the collapsible (small-screen) form closes; beside the text it stays as it is.
    if (getComputedStyle(toc).position !== 'sticky') details.open = false;
  });
}

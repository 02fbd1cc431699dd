/** A small dependency-free SVG line chart for live training curves, with a text alternative. */
export interface ChartMessage {
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  series: string[];
  points: Array<{ x: number; values: Record<string, number> }>;
}

const W = 480;
const H = 220;
const PAD = { left: 52, right: 12, top: 12, bottom: 36 };
const SVG_NS = 'http://www.w3.org/2000/svg';

function niceNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 0.01 || a >= 1e5) ? v.toExponential(2) : Number(v.toPrecision(3)).toString();
}

/** One-sentence description of the curves, used as the chart's accessible name. */
export function describeChart(m: ChartMessage): string {
  const first = m.points[0];
  const last = m.points[m.points.length - 1];
  if (!first || !last) return `${m.title}: no data yet.`;
  const parts = m.series.map((s) => `${s} from ${niceNumber(first.values[s] ?? NaN)} to ${niceNumber(last.values[s] ?? NaN)}`);
  return `${m.title}: ${m.points.length} points, ${m.xLabel} ${niceNumber(first.x)} to ${niceNumber(last.x)}; ${parts.join('; ')}.`;
}

export function renderChart(figure: HTMLElement, m: ChartMessage): void {
  const xs = m.points.map((p) => p.x);
  const ys = m.points.flatMap((p) => m.series.map((s) => p.values[s]).filter((v): v is number => Number.isFinite(v)));
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs, xMin + 1);
  let yMin = Math.min(...ys, 0);
  let yMax = Math.max(...ys, yMin + 1e-9);
  if (yMin === yMax) [yMin, yMax] = [yMin - 1, yMax + 1];
  const sx = (x: number) => PAD.left + ((x - xMin) / (xMax - xMin)) * (W - PAD.left - PAD.right);
  const sy = (y: number) => H - PAD.bottom - ((y - yMin) / (yMax - yMin)) * (H - PAD.top - PAD.bottom);

  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', describeChart(m));
  const el = (name: string, attrs: Record<string, string | number>, text?: string) => {
    const node = document.createElementNS(SVG_NS, name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    svg.append(node);
    return node;
  };
  el('line', { x1: PAD.left, y1: H - PAD.bottom, x2: W - PAD.right, y2: H - PAD.bottom, class: 'axis' });
  el('line', { x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: H - PAD.bottom, class: 'axis' });
  for (const y of [yMin, (yMin + yMax) / 2, yMax]) {
    el('text', { x: PAD.left - 6, y: sy(y) + 4, 'text-anchor': 'end', class: 'tick' }, niceNumber(y));
  }
  el('text', { x: PAD.left, y: H - PAD.bottom + 16, 'text-anchor': 'start', class: 'tick' }, niceNumber(xMin));
  el('text', { x: W - PAD.right, y: H - PAD.bottom + 16, 'text-anchor': 'end', class: 'tick' }, niceNumber(xMax));
  el('text', { x: (W + PAD.left) / 2, y: H - 6, 'text-anchor': 'middle', class: 'tick' }, m.xLabel);
  m.series.forEach((s, i) => {
    const d = m.points
      .filter((p) => Number.isFinite(p.values[s]))
      .map((p, j) => `${j ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.values[s]!).toFixed(1)}`)
      .join('');
    el('path', { d, class: `series series-${i % 4}`, fill: 'none' });
  });

  const caption = document.createElement('figcaption');
  caption.innerHTML = '';
  const title = document.createElement('strong');
  title.textContent = m.title;
  caption.append(title);
  m.series.forEach((s, i) => {
    const key = document.createElement('span');
    key.className = `legend series-${i % 4}`;
    const last = m.points[m.points.length - 1]?.values[s];
    key.textContent = ` ${s}${last !== undefined ? ` = ${niceNumber(last)}` : ''}`;
    caption.append(key);
  });
  figure.replaceChildren(caption, svg);
}

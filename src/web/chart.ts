import { html, type Html } from '../render/html-text.js';
import type { Series } from './trends.js';

/**
 * Charts as inline SVG drawn on the server: no script, no image request, and colours set by SVG
 * attributes (the page's CSP allows no inline `style`). Each bar carries a `<title>`, which browsers
 * show on hover.
 */

/** Distinguishable on white and for the common colour-vision deficiencies (Okabe–Ito, 2008). */
const PALETTE = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442'];
const OTHER_COLOUR = '#8c959f';

const WIDTH = 900;
const HEIGHT = 220;
const LEFT = 32;
const BOTTOM = 22;
const TOP = 8;

/** The largest series each get a colour; the rest are summed as "other". */
function keep(series: readonly Series[], days: number): Series[] {
  const shown = series.slice(0, PALETTE.length);
  const rest = series.slice(PALETTE.length);
  if (rest.length === 0) return shown;
  const perDay = Array.from({ length: days }, (_, i) => rest.reduce((n, s) => n + (s.perDay[i] ?? 0), 0));
  return [...shown, { name: `other (${rest.length})`, total: perDay.reduce((a, b) => a + b, 0), perDay }];
}

const colourOf = (i: number): string => PALETTE[i] ?? OTHER_COLOUR;

/** A whole number of reports at each gridline, so the axis never reads 2.5 reports. */
function gridStep(max: number): number {
  for (const step of [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]) if (max / step <= 5) return step;
  return Math.ceil(max / 5);
}

/** Reports per day, stacked by series, with a legend. */
export function stackedBars(label: string, days: readonly string[], all: readonly Series[]): Html {
  const series = keep(all, days.length);
  const totals = days.map((_, i) => series.reduce((n, s) => n + (s.perDay[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const step = gridStep(max);
  const top = Math.ceil(max / step) * step;
  const plotH = HEIGHT - TOP - BOTTOM;
  const slot = (WIDTH - LEFT) / Math.max(1, days.length);
  const barW = Math.max(2, slot * 0.75);
  const y = (n: number): number => TOP + plotH - (n / top) * plotH;

  const grid: Html[] = [];
  for (let n = 0; n <= top; n += step) {
    grid.push(
      html`<line
          x1="${LEFT}"
          x2="${WIDTH}"
          y1="${y(n)}"
          y2="${y(n)}"
          stroke="#d1d9e0"
          stroke-width="1"
        /><text x="${LEFT - 6}" y="${y(n) + 4}" text-anchor="end">${n}</text>`,
    );
  }
  const bars: Html[] = [];
  days.forEach((day, i) => {
    let base = 0;
    const x = LEFT + i * slot + (slot - barW) / 2;
    series.forEach((s, k) => {
      const n = s.perDay[i] ?? 0;
      if (n === 0) return;
      bars.push(
        html`<rect
          x="${x.toFixed(1)}"
          y="${y(base + n).toFixed(1)}"
          width="${barW.toFixed(1)}"
          height="${(y(base) - y(base + n)).toFixed(1)}"
          fill="${colourOf(k)}"
          ><title>${day}: ${n} ${s.name}</title></rect
        >`,
      );
      base += n;
    });
  });
  const every = Math.max(1, Math.ceil(days.length / 8));
  const ticks = days.flatMap((day, i) =>
    i % every === 0 || i === days.length - 1
      ? [
          html`<text x="${(LEFT + i * slot + slot / 2).toFixed(1)}" y="${HEIGHT - 6}" text-anchor="middle"
            >${day.slice(5)}</text
          >`,
        ]
      : [],
  );
  const legend = series.map(
    (s, k) =>
      html`<span
        ><svg class="swatch" viewBox="0 0 10 10" aria-hidden="true">
          <rect width="10" height="10" fill="${colourOf(k)}" /></svg
        >${s.name} (${s.total})</span
      >`,
  );
  return html`<figure class="chart-figure">
    <svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${label}">
      ${grid}${bars}${ticks}
    </svg>
    <figcaption class="legend">${legend}</figcaption>
  </figure>`;
}

/** A small line of counts per day, for a table row. */
export function sparkline(perDay: readonly number[]): Html {
  const w = 120;
  const h = 20;
  const max = Math.max(1, ...perDay);
  const dx = w / Math.max(1, perDay.length - 1);
  const points = perDay.map((n, i) => `${(i * dx).toFixed(1)},${(h - 1 - (n / max) * (h - 2)).toFixed(1)}`);
  return html`<svg class="spark" viewBox="0 0 ${w} ${h}" aria-hidden="true">
    <polyline points="${points.join(' ')}" fill="none" stroke="#0969da" stroke-width="1.5" />
  </svg>`;
}

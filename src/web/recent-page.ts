import { html, type Html } from '../render/html-text.js';
import type { Route } from '../server/adapter.js';
import type { Store, TriageRecord } from '../store/store.js';
import { sparkline, stackedBars } from './chart.js';
import { entryHref } from './kb-pages.js';
import { layout, sendPage } from './layout.js';
import type { OperatorGate } from './operator.js';
import type { StaticFiles } from './static-files.js';
import { trendsOf, type SignatureTrend } from './trends.js';

const DAYS = 30;
/** Rows read for the trends: a month of a busy team; past it the oldest days are undercounted, and the page says so. */
const MAX_ROWS = 20_000;
const RECENT_SHOWN = 50;
const SIGNATURES_SHOWN = 20;

const when = (d: Date): string => d.toISOString().slice(0, 16).replace('T', ' ');

/** Where a triage was posted: a link when it is one we can open (a Slack or GitHub URL, a note of this page). */
function placeLink(link: string, label: string): Html {
  return /^(https?:\/\/|\/n\/)/i.test(link)
    ? html`<a href="${link}" rel="noreferrer">${label}</a>`
    : html`${label}`;
}

function patternCell(pattern: string | undefined): Html {
  return pattern === undefined || pattern === 'none'
    ? html`<span class="muted">none</span>`
    : html`<a href="${entryHref(pattern)}"><code>${pattern}</code></a>`;
}

function signatureRows(rows: readonly SignatureTrend[]): Html {
  return html`${rows.map(
    (s) =>
      html`<tr>
        <td>${s.count}</td>
        <td>${s.sources}</td>
        <td><span class="chip kind">${s.kind}</span></td>
        <td>${s.title}<br /><code class="sig">${s.signature}</code></td>
        <td>${when(s.lastSeen)}</td>
      </tr>`,
  )}`;
}

function recentPage(rows: readonly TriageRecord[], now: Date): Html {
  const t = trendsOf(rows, now, DAYS);
  const capped =
    rows.length >= MAX_ROWS
      ? html`<p class="aside">
          Only the newest ${MAX_ROWS} triages were read: the oldest days count fewer than they had.
        </p>`
      : null;
  if (t.reports === 0)
    return html`<h1>Recent triages and trends</h1>
      <p class="nothing-fits">
        No triage in the last ${DAYS} days. Pastes in Slack, GitHub issues and this page show up here.
      </p>`;
  const patterns = t.patterns.map(
    (p) =>
      html`<tr>
        <td>${patternCell(p.name)}</td>
        <td>${p.total}</td>
        <td>${sparkline(p.perDay)}</td>
      </tr>`,
  );
  const duplicates =
    t.duplicates.length === 0
      ? html`<p class="aside">No signature was reported from more than one place.</p>`
      : html`<ul class="duplicates">
          ${t.duplicates.map(
            (d) =>
              html`<li>
                <strong>${d.title}</strong> <span class="count">${d.sources} places</span><br />${d.links.map(
                  (l, i) => html`${i > 0 ? ' · ' : ''}${placeLink(l, `#${i + 1}`)}`,
                )}
              </li>`,
          )}
        </ul>`;
  const recent = rows.slice(0, RECENT_SHOWN).map(
    (r) =>
      html`<tr>
        <td>${when(r.postedAt)}</td>
        <td>${placeLink(r.link, r.scope)}</td>
        <td><span class="chip kind">${r.kind}</span></td>
        <td>${r.title}</td>
        <td>${patternCell(r.patterns[0])}</td>
      </tr>`,
  );
  return html`<h1>Recent triages and trends</h1>
    <p class="count">
      ${t.reports} reports triaged in the last ${DAYS} days (UTC), from Slack, GitHub and this page.
    </p>
    ${capped}
    <section>
      <h2>Reports per day, by kind</h2>
      ${stackedBars('Reports per day, by kind', t.days, t.kinds)}
    </section>
    <section>
      <h2>Root-cause patterns</h2>
      <table class="plain">
        <thead>
          <tr>
            <th>best pattern</th>
            <th>reports</th>
            <th>per day</th>
          </tr>
        </thead>
        <tbody>
          ${patterns}
        </tbody>
      </table>
    </section>
    <section>
      <h2>Top signatures</h2>
      <table class="plain">
        <thead>
          <tr>
            <th>reports</th>
            <th>places</th>
            <th>kind</th>
            <th>title</th>
            <th>last seen</th>
          </tr>
        </thead>
        <tbody>
          ${signatureRows(t.signatures.slice(0, SIGNATURES_SHOWN))}
        </tbody>
      </table>
    </section>
    <section>
      <h2>Duplicates</h2>
      ${duplicates}
    </section>
    <section>
      <h2>Latest triages</h2>
      <table class="plain">
        <thead>
          <tr>
            <th>posted (UTC)</th>
            <th>where</th>
            <th>kind</th>
            <th>title</th>
            <th>best pattern</th>
          </tr>
        </thead>
        <tbody>
          ${recent}
        </tbody>
      </table>
    </section>
    <form method="post" action="/signout"><button type="submit" class="secondary">Sign out</button></form>`;
}

/** `/recent`: the operators' view of what was triaged lately; others get the sign-in form. */
export function recentRoutes(store: Store, gate: OperatorGate, files: StaticFiles, now: () => Date): Route[] {
  return [
    {
      method: 'GET',
      path: '/recent',
      async handle(req, res) {
        const at = now();
        if (!gate.allows(req, at.getTime())) {
          const body = html`<h1>Recent triages and trends</h1>
            ${gate.signInForm(null)}`;
          sendPage(res, 401, layout(files, { title: 'Sign in', section: 'recent', body }));
          return;
        }
        const since = new Date(at.getTime() - DAYS * 86_400_000);
        const rows = await store.recentTriages({ since, limit: MAX_ROWS });
        sendPage(
          res,
          200,
          layout(files, { title: 'Recent triages', section: 'recent', body: recentPage(rows, at) }),
        );
      },
    },
  ];
}

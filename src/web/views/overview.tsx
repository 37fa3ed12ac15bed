// The overview: five charts (Chart.js, drawn by charts.js from the data-chart JSON) with the same numbers as a
// table under each, so a screen reader or a browser without scripts gets them too.
import { SEGMENT_NAMES } from '../../domain/segment-reasons.js';
import { SEGMENTS } from '../../domain/segments.js';
import type { Overview } from '../../services/overview.js';
import { Layout } from './layout.js';
import type { PageCtx } from './page-ctx.js';

type Series = { label: string; data: number[] };
type Chart = { id: string; title: string; type: 'bar' | 'line'; labels: string[]; series: Series[]; stacked?: boolean };

function ChartBox({ chart, ctx }: { chart: Chart; ctx: PageCtx }) {
  return (
    <section class="chart" aria-labelledby={`${chart.id}-title`}>
      <h2 id={`${chart.id}-title`}>{chart.title}</h2>
      <div class="canvas-wrap">
        <canvas id={chart.id} role="img" aria-label={chart.title} data-chart={JSON.stringify(chart)}></canvas>
      </div>
      <details>
        <summary>{ctx.c.overview.tableCaption({ what: chart.title })}</summary>
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th scope="col"></th>
                {chart.labels.map((l) => (
                  <th scope="col" key={l}>
                    {l}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {chart.series.map((s) => (
                <tr key={s.label}>
                  <th scope="row">{s.label}</th>
                  {s.data.map((n, i) => (
                    <td key={i}>{n.toLocaleString(ctx.c.lang === 'vi' ? 'vi-VN' : 'en-GB')}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}

export function OverviewPage({ ctx, data }: { ctx: PageCtx; data: Overview }) {
  const o = ctx.c.overview;
  const weekLabels = data.weeks.map((w) => `${String(w.start.day).padStart(2, '0')}/${String(w.start.month).padStart(2, '0')}`);
  const channelName = (ch: string) => o.channels[ch] ?? ch;
  const charts: Chart[] = [
    {
      id: 'new-customers',
      title: o.newCustomers,
      type: 'bar',
      stacked: true,
      labels: weekLabels,
      series: Object.entries(data.newCustomers).map(([ch, d]) => ({ label: channelName(ch), data: d })),
    },
    { id: 'visits', title: o.visits, type: 'line', labels: weekLabels, series: [{ label: o.visits, data: data.visits }] },
    { id: 'revenue', title: o.revenue, type: 'bar', labels: weekLabels, series: [{ label: o.revenue, data: data.revenueVnd }] },
    {
      id: 'birthdays',
      title: o.birthdays,
      type: 'bar',
      stacked: true,
      labels: o.months,
      series: [
        { label: o.solar, data: data.birthdays.solar },
        { label: o.lunar, data: data.birthdays.lunar },
      ],
    },
  ];
  charts.push({ id: 'segments', title: o.segments, type: 'bar', labels: SEGMENTS.map((x) => SEGMENT_NAMES[ctx.c.lang][x]), series: [{ label: o.customersLabel, data: SEGMENTS.map((x) => data.segments[x]) }] });
  if (data.messages) {
    charts.push({
      id: 'messages',
      title: o.messages,
      type: 'bar',
      stacked: true,
      labels: weekLabels,
      series: [
        { label: o.sent, data: data.messages.sent },
        { label: o.failed, data: data.messages.failed },
        { label: o.handedOff, data: data.messages.handed_off },
      ],
    });
  }
  return (
    <Layout ctx={ctx} title={o.title} scripts={['/web/assets/chart.umd.min.js', '/web/assets/charts.js']}>
      <div class="charts">
        {charts.map((chart) => (
          <ChartBox chart={chart} ctx={ctx} key={chart.id} />
        ))}
      </div>
    </Layout>
  );
}

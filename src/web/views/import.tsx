// Import the spa's list (xlsx or csv) from the page: the same validators and report as `hoso customers import`.
// A dry run is ticked by default, so the first press only checks; the report is the table under the summary.
import type { SheetImport } from '../../services/customer-import.js';
import { CsrfField, Layout } from './layout.js';
import type { PageCtx } from './page-ctx.js';

const REPORT_ROWS = 500;

export function ImportPage({ ctx, outcome, error, header }: { ctx: PageCtx; outcome?: Extract<SheetImport, { ok: true }> & { dryRun: boolean }; error?: string; header: string[] }) {
  const t = ctx.c.importPage;
  return (
    <Layout ctx={ctx} title={t.title}>
      <p>{t.intro}</p>
      {error ? (
        <p class="notice error" role="alert">
          {error}
        </p>
      ) : null}
      <form method="post" action="/web/import" enctype="multipart/form-data" class="filters">
        <CsrfField ctx={ctx} />
        <label class="grow">
          <span>{t.file}</span>
          <input type="file" name="file" accept=".xlsx,.csv" required />
          <small>{t.fileHint}</small>
        </label>
        <label class="check">
          <input type="checkbox" name="dryRun" value="1" checked={outcome ? outcome.dryRun : true} />
          <span>{t.dryRun}</span>
        </label>
        <button type="submit">{t.submit}</button>
      </form>
      {outcome ? (
        <section aria-labelledby="import-result">
          <h2 id="import-result">{outcome.dryRun ? t.checked : t.done}</h2>
          <p role="status" data-summary>
            {t.summary(outcome)}
          </p>
          <p>{t.noConsent}</p>
          {outcome.unknown.length ? <p>{t.unknownColumns({ columns: outcome.unknown.join(', ') })}</p> : null}
          {outcome.report.length ? (
            <div class="scroll">
              <table class="list" data-report>
                <caption>{t.reportCaption({ shown: Math.min(REPORT_ROWS, outcome.report.length), total: outcome.report.length })}</caption>
                <thead>
                  <tr>
                    {header.map((h) => (
                      <th scope="col" key={h}>
                        {h}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {outcome.report.slice(0, REPORT_ROWS).map((r, i) => (
                    <tr key={i}>
                      {r.map((cell, j) => (
                        <td key={j}>{cell}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </section>
      ) : null}
    </Layout>
  );
}

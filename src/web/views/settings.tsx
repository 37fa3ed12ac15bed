// The settings page: the ones the owner may change, each its own small form (a save changes one thing, so a
// mistake in one field never blocks another), with the environment's value beside it and a way back to it; then
// the rest, read-only, as .env sets them.
import type { SettingRow } from '../../services/spa-settings.js';
import { CsrfField, Layout } from './layout.js';
import type { PageCtx } from './page-ctx.js';

const LONG = /TEMPLATE/;

function SettingForm({ ctx, row, version }: { ctx: PageCtx; row: SettingRow; version: number }) {
  const s = ctx.c.settings;
  const id = `set-${row.name}`;
  const hint = `${id}-hint`;
  const field =
    row.name === 'STAFF_VISIBILITY' ? (
      <select id={id} name="value" aria-describedby={hint}>
        {(['own', 'masked', 'none'] as const).map((v) => (
          <option key={v} value={v} selected={row.value === v}>
            {s.visibility[v]}
          </option>
        ))}
      </select>
    ) : LONG.test(row.name) ? (
      <textarea id={id} name="value" rows={3} maxLength={1000} aria-describedby={hint}>
        {row.value}
      </textarea>
    ) : (
      <input id={id} name="value" value={row.value} maxLength={1000} aria-describedby={hint} />
    );
  return (
    <form method="post" action="/web/settings" class="setting" data-setting={row.name}>
      <CsrfField ctx={ctx} />
      <input type="hidden" name="name" value={row.name} />
      <input type="hidden" name="version" value={String(version)} />
      <label for={id}>
        <strong>{s.labels[row.name] ?? row.name}</strong> <code>{row.name}</code>
      </label>
      {field}
      <small id={hint}>
        {row.changed ? s.changedFrom({ value: row.fromFile || s.empty }) : s.fromFile}
      </small>
      <div class="actions">
        <button type="submit">{s.save}</button>
        {row.changed ? (
          <button type="submit" name="reset" value="1" class="secondary">
            {s.reset}
          </button>
        ) : null}
      </div>
    </form>
  );
}

export function SettingsPage({ ctx, settings, editable, notice }: { ctx: PageCtx; settings: [string, string][]; editable?: { rows: SettingRow[]; version: number }; notice?: { ok: boolean; text: string } }) {
  const s = ctx.c.settings;
  return (
    <Layout ctx={ctx} title={s.title}>
      {notice ? (
        <p class={notice.ok ? 'notice ok' : 'notice error'} role="status">
          {notice.text}
        </p>
      ) : null}
      {editable ? (
        <section aria-labelledby="editable-title">
          <h2 id="editable-title">{s.editableTitle}</h2>
          <p>{s.editableIntro}</p>
          <div class="settings">
            {editable.rows.map((row) => (
              <SettingForm key={row.name} ctx={ctx} row={row} version={editable.version} />
            ))}
          </div>
        </section>
      ) : null}
      <section aria-labelledby="shown-title">
        <h2 id="shown-title">{s.shownTitle}</h2>
        <p>{s.intro}</p>
        <dl class="fields">
          {settings.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      </section>
    </Layout>
  );
}

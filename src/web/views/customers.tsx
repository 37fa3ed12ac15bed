// The customer list: one GET form (search, filters, sort) so every state of the list is a link that can be
// shared, reloaded or bookmarked; masked rows show the name and a masked phone, without a link to the card.
import { formatBirthday } from '../../domain/birthday.js';
import { profileCompleteness } from '../../domain/completeness.js';
import { formatPhoneVn, maskPhone } from '../../domain/phone.js';
import { explainSegment, SEGMENT_NAMES } from '../../domain/segment-reasons.js';
import { SEGMENTS, type Segment, type SegmentSettings } from '../../domain/segments.js';
import type { Visible } from '../../services/customer-lists.js';
import type { StoredSegment } from '../../store/segments.js';
import { LIST_SORTS, MISSING_FIELDS, type ListSort, type MissingField } from '../../store/customer-listing.js';
import { Layout } from './layout.js';
import type { PageCtx } from './page-ctx.js';

export interface ListState {
  q: string;
  branch: string;
  source: string;
  need: string;
  rank: string;
  segment: Segment | '';
  missing: MissingField | '';
  sort: ListSort;
  page: number;
}

export interface FilterChoices {
  branches: string[];
  sources: string[];
  needs: string[];
  ranks: string[];
}

export function listHref(s: ListState, over: Partial<ListState> = {}, base = '/web/customers'): string {
  const all = { ...s, ...over };
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(all)) if (v !== '' && !(k === 'page' && v === 1) && !(k === 'sort' && v === 'name')) params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${base}?${qs}` : base;
}

function Select({ name, label, value, options, any }: { name: string; label: string; value: string; options: [string, string][]; any: string }) {
  return (
    <label>
      <span>{label}</span>
      <select name={name}>
        <option value="">{any}</option>
        {options.map(([v, l]) => (
          <option value={v} selected={v === value} key={v}>
            {l}
          </option>
        ))}
      </select>
    </label>
  );
}

export function CustomersPage({ ctx, state, choices, rows, hasNext, segments, segmentSettings, now }: { ctx: PageCtx; state: ListState; choices: FilterChoices; rows: Visible[]; hasNext: boolean; segments: Map<string, StoredSegment>; segmentSettings: SegmentSettings; now: Date }) {
  const t = ctx.c.customers;
  const same = (xs: string[]): [string, string][] => xs.map((x) => [x, x]);
  // The name, with the reason in words on hover and for screen readers ("VIP: 12 lần đến, 18,4 tr₫ trong 12 tháng").
  const segmentCell = (row: StoredSegment | undefined) =>
    row ? <abbr title={explainSegment(row.segment, row.figures, now, segmentSettings, ctx.c.lang)}>{SEGMENT_NAMES[ctx.c.lang][row.segment]}</abbr> : '—';
  return (
    <Layout ctx={ctx} title={t.title}>
      <form method="get" action="/web/customers" class="filters" role="search">
        <label class="grow">
          <span>{t.search}</span>
          <input type="search" name="q" value={state.q} placeholder={t.searchHint} aria-describedby="q-hint" maxLength={200} />
          <small id="q-hint">{t.searchHint}</small>
        </label>
        <Select name="branch" label={t.branch} value={state.branch} options={same(choices.branches)} any={t.any} />
        <Select name="source" label={t.source} value={state.source} options={same(choices.sources)} any={t.any} />
        <Select name="need" label={t.need} value={state.need} options={same(choices.needs)} any={t.any} />
        <Select name="rank" label={t.rank} value={state.rank} options={same(choices.ranks)} any={t.any} />
        <Select name="segment" label={t.segment} value={state.segment} options={SEGMENTS.map((x) => [x, SEGMENT_NAMES[ctx.c.lang][x]])} any={t.any} />
        <Select name="missing" label={t.missing} value={state.missing} options={MISSING_FIELDS.map((f) => [f, t.missingFields[f]])} any={t.any} />
        <label>
          <span>{t.sort}</span>
          <select name="sort">
            {LIST_SORTS.map((s) => (
              <option value={s} selected={s === state.sort} key={s}>
                {t.sorts[s]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t.apply}</button>
        <a class="button secondary" href={listHref(state, { page: 1 }, '/web/customers/export.csv')}>
          {t.export}
        </a>
      </form>
      {rows.length === 0 ? (
        <p class="empty">{t.none}</p>
      ) : (
        <div class="scroll">
          <table class="list">
            <caption class="sr-only">{t.page({ n: state.page })}</caption>
            <thead>
              <tr>
                <th scope="col">{t.name}</th>
                <th scope="col">{t.phone}</th>
                <th scope="col" class="opt">{t.birthday}</th>
                <th scope="col" class="opt">{t.branch}</th>
                <th scope="col" class="opt">{t.segment}</th>
                <th scope="col">{t.complete}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ customer: cu, access }) =>
                access === 'full' ? (
                  <tr key={cu.id}>
                    <td>
                      <a href={`/web/customers/${cu.id}`}>{cu.name}</a>
                    </td>
                    <td>{cu.phone ? formatPhoneVn(cu.phone) : '—'}</td>
                    <td class="opt">{cu.birthday ? formatBirthday(cu.birthday) : '—'}</td>
                    <td class="opt">{cu.branchId ?? '—'}</td>
                    <td class="opt">{segmentCell(segments.get(cu.id))}</td>
                    <td>{profileCompleteness(cu).percent}%</td>
                  </tr>
                ) : (
                  <tr key={cu.id} class="masked">
                    <td>
                      {cu.name} <small>({t.masked})</small>
                    </td>
                    <td>{cu.phone ? maskPhone(cu.phone) : '—'}</td>
                    <td class="opt">—</td>
                    <td class="opt">{cu.branchId ?? '—'}</td>
                    <td class="opt">—</td>
                    <td>—</td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      )}
      <nav class="pager" aria-label={t.page({ n: state.page })}>
        {state.page > 1 ? <a href={listHref(state, { page: state.page - 1 })}>{t.previous}</a> : <span></span>}
        <span>{t.page({ n: state.page })}</span>
        {hasNext ? <a href={listHref(state, { page: state.page + 1 })}>{t.next}</a> : <span></span>}
      </nav>
    </Layout>
  );
}

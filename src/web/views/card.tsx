// A customer's card: the fields, completeness, the edit form and the timeline, newest first.
import { formatBirthday } from '../../domain/birthday.js';
import { cardFieldLabel, isCardField } from '../../domain/card-fields.js';
import { profileCompleteness } from '../../domain/completeness.js';
import { formatVnd } from '../../domain/money.js';
import { currentNeeds, NEED_STAGE_NAMES, needLabel } from '../../domain/needs.js';
import { formatPhoneVn, maskPhone } from '../../domain/phone.js';
import { formatMillions } from '../../domain/money-rules.js';
import type { CardRead } from '../../services/customer-access.js';
import type { MoneySummary } from '../../services/money.js';
import type { TimelineEvent } from '../../services/customer-timeline.js';
import type { Customer } from '../../store/customers.js';
import type { StoredPhoto } from '../../store/photos.js';
import type { WebCopy } from '../copy/types.js';
import { CsrfField, Layout } from './layout.js';
import type { PageCtx } from './page-ctx.js';

export interface EditableField {
  key: string;
  label: string;
}

function eventText(c: WebCopy, e: TimelineEvent, staffName: (id?: string) => string): string {
  switch (e.kind) {
    case 'registered':
      return c.card.event.registered({ by: c.overview.channels[e.by] ?? e.by });
    case 'consent':
      return c.card.event.consent({ purpose: e.purpose, granted: e.granted, by: c.overview.channels[e.channel] ?? e.channel });
    case 'visit':
      return `${c.card.event.visit({ service: e.service, amount: formatVnd(e.amountVnd), paid: e.paid })}${e.staffId ? ` · ${staffName(e.staffId)}` : ''}`;
    case 'call':
      return `${c.card.event.call({ content: e.content })} · ${staffName(e.staffId)}`;
    case 'note':
      return `${c.card.event.note({ kind: e.noteKind, text: e.text })}${e.staffId ? ` · ${staffName(e.staffId)}` : ''}`;
    case 'appointment':
      return `${c.card.event.appointment({ service: e.service, status: c.appointments.statuses[e.status as keyof typeof c.appointments.statuses] ?? e.status })} · ${staffName(e.technicianId)}`;
    case 'money': {
      const kind = c.card.money.kinds[e.moneyKind as keyof typeof c.card.money.kinds] ?? e.moneyKind;
      return `${c.card.money.entry({ kind, charged: formatVnd(e.chargedVnd), paid: e.paidVnd ? formatVnd(e.paidVnd) : '', points: e.points })}${e.staffId ? ` · ${staffName(e.staffId)}` : ''}`;
    }
    case 'card_edit':
      return `${c.card.event.cardEdit({ field: isCardField(e.field) ? cardFieldLabel(e.field, c.lang) : e.field, ...(e.from ? { from: e.from } : {}), ...(e.to ? { to: e.to } : {}), byCustomer: e.by === 'customer' })}${e.by === 'staff' && e.byId ? ` · ${staffName(e.byId)}` : ''}`;
    case 'photo':
      return `${c.card.event.photo({ tag: c.card.photos.tags[(e.tag as 'profile' | 'before' | 'after' | undefined) ?? 'none'] })} · ${staffName(e.staffId)}`;
    case 'message':
      return c.card.event.message({ purpose: c.outbox.purposes[e.purpose] ?? e.purpose, status: c.outbox.statuses[e.status] ?? e.status });
  }
}

function Fields({ c, cu, segment }: { c: WebCopy; cu: Customer; segment?: string }) {
  const f = c.card.fields;
  const rows: [string, string | undefined][] = [
    [c.customers.segment, segment],
    [f.phone, cu.phone ? formatPhoneVn(cu.phone) : undefined],
    [f.birthday, cu.birthday ? formatBirthday(cu.birthday) : undefined],
    [f.lunarBirthday, cu.lunarBirthday ? `${cu.lunarBirthday.day}/${cu.lunarBirthday.month}${cu.lunarBirthday.leapMonth ? ' (nhuận)' : ''}` : undefined],
    [f.gender, cu.gender ? c.card.genders[cu.gender] : undefined],
    [f.email, cu.email],
    [f.address, cu.address],
    [f.occupation, cu.occupation],
    [f.source, cu.source],
    [f.branch, cu.branchId],
    // Each need at its current stage (the history of stages is in the timeline's card edits).
    [f.needs, currentNeeds(cu.needs).map((n) => `${needLabel(n)} (${NEED_STAGE_NAMES[c.lang][n.stage]})`).join(', ') || undefined],
    [f.consent, `${cu.consent.care ? c.card.yes : c.card.no} / marketing: ${cu.consent.marketing ? c.card.yes : c.card.no}`],
    [f.visits, String(cu.visitCount)],
    [f.spent, formatVnd(cu.totals.spentVnd)],
    [f.debt, formatVnd(cu.totals.debtVnd)],
    [f.points, String(cu.points)],
  ];
  return (
    <dl class="fields">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value ?? '—'}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Thumbnails of her photos, each read through the audited photo route (same origin: the CSP's img-src 'self'). */
function Photos({ ctx, customerId, photos }: { ctx: PageCtx; customerId: string; photos: StoredPhoto[] }) {
  const p = ctx.c.card.photos;
  return (
    <section aria-labelledby="photos-title" class="photos">
      <h2 id="photos-title">{p.title}</h2>
      <ul class="rows" data-photos>
        {photos.map((ph) => (
          <li key={ph.id}>
            <a href={`/web/customers/${customerId}/photos/${ph.id}`}>
              <img src={`/web/customers/${customerId}/photos/${ph.id}`} alt={p.alt({ tag: p.tags[ph.tag ?? 'none'], date: ctx.c.formatDate(ph.createdAt, ctx.timeZone) })} width={120} loading="lazy" />
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

function MoneyBox({ ctx, money }: { ctx: PageCtx; money: MoneySummary }) {
  const m = ctx.c.card.money;
  const st = money.standing;
  return (
    <section aria-labelledby="money-title" class="money">
      <h2 id="money-title">{m.title}</h2>
      <p data-rank>{m.rank({ rank: m.ranks[st.rank], spent: formatMillions(st.spent12mVnd), ...(st.next ? { next: m.ranks[st.next.rank], missing: formatMillions(st.next.missingVnd) } : {}) })}</p>
      <p>{m.deposit({ balance: formatVnd(money.depositBalanceVnd), count: money.depositCount })}</p>
      <h3>{m.packages}</h3>
      {money.packages.length === 0 ? (
        <p>{m.noPackages}</p>
      ) : (
        <ul class="rows" data-packages>
          {money.packages.map((p) => (
            <li key={p.pkg.id}>
              {m.packageLine({ service: p.pkg.service, left: p.left, total: p.pkg.sessionsTotal, expires: ctx.c.formatDate(p.pkg.expiresAt, ctx.timeZone), state: m.packageStates[p.expired ? 'expired' : p.left <= 0 ? 'used_up' : 'usable'] })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function CardPage({
  ctx,
  card,
  events,
  editable,
  notice,
  staffNames,
  segment,
  money,
  photos = [],
  profilePhotoId,
}: {
  ctx: PageCtx;
  card: CardRead;
  events: TimelineEvent[];
  editable: EditableField[];
  notice?: { ok: boolean; text: string };
  staffNames: Map<string, string>;
  /** The segment with its reason in words, when computed. */
  segment?: string;
  money?: MoneySummary;
  photos?: StoredPhoto[];
  /** The masked card under STAFF_VISIBILITY=none: her profile photo beside her name. */
  profilePhotoId?: string;
}) {
  const { c } = ctx;
  const back = (
    <p>
      <a href="/web/customers">{c.card.back}</a>
    </p>
  );
  if (card.access === 'hidden') {
    return (
      <Layout ctx={ctx} title={c.notFound}>
        {back}
        <p>{c.card.hidden}</p>
      </Layout>
    );
  }
  const cu = card.customer;
  if (card.access === 'masked') {
    return (
      <Layout ctx={ctx} title={cu.name}>
        {back}
        <p class="notice">{c.card.maskedIntro}</p>
        {profilePhotoId ? (
          <img src={`/web/customers/${cu.id}/photos/${profilePhotoId}`} alt={c.card.photos.tags.profile} width={160} />
        ) : (
          <p>{cu.phone ? maskPhone(cu.phone) : '—'}</p>
        )}
      </Layout>
    );
  }
  const staffName = (id?: string) => (id ? (staffNames.get(id) ?? '?') : '');
  const { percent } = profileCompleteness(cu);
  return (
    <Layout ctx={ctx} title={cu.name}>
      {back}
      {notice ? (
        <p class={notice.ok ? 'notice ok' : 'notice error'} role="status">
          {notice.text}
        </p>
      ) : null}
      <div class="card-grid">
        <section aria-labelledby="fields-title">
          <h2 id="fields-title">{c.card.complete({ percent })}</h2>
          <progress max={100} value={percent} aria-label={c.card.complete({ percent })}></progress>
          <Fields c={c} cu={cu} {...(segment ? { segment } : {})} />
          {editable.length ? (
            <form method="post" action={`/web/customers/${cu.id}/edit`} class="edit">
              <h3>{c.card.edit}</h3>
              <CsrfField ctx={ctx} />
              <label>
                <span>{c.card.field}</span>
                <select name="field" id="edit-field">
                  {editable.map((f) => (
                    <option value={f.key} key={f.key}>
                      {f.label}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                <span>{c.card.value}</span>
                <input name="value" id="edit-value" maxLength={300} required />
              </label>
              <button type="submit">{c.card.save}</button>
            </form>
          ) : null}
        </section>
        {money ? <MoneyBox ctx={ctx} money={money} /> : null}
        {photos.length ? <Photos ctx={ctx} customerId={cu.id} photos={photos} /> : null}
        <section aria-labelledby="timeline-title">
          <h2 id="timeline-title">{c.card.timeline}</h2>
          {events.length === 0 ? (
            <p>{c.card.noEvents}</p>
          ) : (
            <ol class="timeline">
              {events.map((e, i) => (
                <li key={i} class={`ev-${e.kind}`}>
                  <time dateTime={e.at.toISOString()}>{c.formatDateTime(e.at, ctx.timeZone)}</time>
                  <span>{eventText(c, e, staffName)}</span>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    </Layout>
  );
}

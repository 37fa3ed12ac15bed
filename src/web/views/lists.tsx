// The simple list pages: birthdays, the outbox, staff and invitations, the audit log.
import { formatLocalDate } from '../../domain/business-time.js';
import type { BirthdayRow } from '../../services/customer-lists.js';
import type { OutboxRow, OutboxView } from '../../services/outbox-admin.js';
import { outboxReasonKind } from '../../domain/outbox-reasons.js';
import type { AuditEntry } from '../../store/audit.js';
import type { StaffMember } from '../../store/staff.js';
import { CsrfField, Layout } from './layout.js';
import type { PageCtx } from './page-ctx.js';

export function BirthdaysPage({ ctx, week, month }: { ctx: PageCtx; week: BirthdayRow[]; month: BirthdayRow[] }) {
  const b = ctx.c.birthdays;
  const table = (rows: BirthdayRow[], id: string, title: string) => (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {rows.length === 0 ? (
        <p>{b.none}</p>
      ) : (
        <ul class="rows">
          {rows.map((r) => (
            <li key={`${r.customer.id}-${formatLocalDate(r.date)}`}>
              <time dateTime={formatLocalDate(r.date)}>{`${String(r.date.day).padStart(2, '0')}/${String(r.date.month).padStart(2, '0')}`}</time>{' '}
              {r.access === 'full' ? <a href={`/web/customers/${r.customer.id}`}>{r.customer.name}</a> : <span>{r.customer.name}</span>}
              {r.customer.lunarBirthday ? <span class="tag">{b.lunarMark}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
  return (
    <Layout ctx={ctx} title={b.title}>
      {table(week, 'bd-week', b.thisWeek)}
      {table(month, 'bd-month', b.thisMonth)}
    </Layout>
  );
}

export function OutboxPage({ ctx, view, rows, notice }: { ctx: PageCtx; view: OutboxView; rows: OutboxRow[]; notice?: string }) {
  const o = ctx.c.outbox;
  const views = Object.keys(o.views) as (keyof typeof o.views)[];
  return (
    <Layout ctx={ctx} title={o.title}>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <nav class="tabs" aria-label={o.title}>
        {views.map((v) => (
          <a key={v} href={`/web/outbox?view=${v}`} aria-current={v === view ? 'page' : undefined}>
            {o.views[v]}
          </a>
        ))}
      </nav>
      {rows.length === 0 ? (
        <p class="empty">{o.none}</p>
      ) : (
        <div class="scroll">
          <table class="list stack">
            <thead>
              <tr>
                <th scope="col">{o.purpose}</th>
                <th scope="col">{o.customer}</th>
                <th scope="col">{o.status}</th>
                <th scope="col">{o.reason}</th>
                <th scope="col">{o.due}</th>
                <th scope="col">{o.attempts}</th>
                <th scope="col"></th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ row, customerName }) => (
                <tr key={row.id} data-row={row.id}>
                  <td data-label={o.purpose}>{o.purposes[row.purpose] ?? row.purpose}</td>
                  <td data-label={o.customer}>{row.customerId && customerName ? <a href={`/web/customers/${row.customerId}`}>{customerName}</a> : '—'}</td>
                  <td data-label={o.status}>{o.statuses[row.status] ?? row.status}</td>
                  <td class="reason" data-label={o.reason}><Reason ctx={ctx} row={row} /></td>
                  <td data-label={o.due}>{ctx.c.formatDateTime(row.dueAt, ctx.timeZone)}</td>
                  <td data-label={o.attempts}>{row.attempts}</td>
                  <td class="actions">
                    {row.status === 'failed' ? (
                      <form method="post" action={`/web/outbox/${row.id}/retry`}>
                        <CsrfField ctx={ctx} />
                        <button type="submit">{o.retry}</button>
                      </form>
                    ) : null}
                    {row.status === 'failed' || row.status === 'pending' ? (
                      <form method="post" action={`/web/outbox/${row.id}/cancel`}>
                        <CsrfField ctx={ctx} />
                        <button type="submit" class="secondary">
                          {o.cancel}
                        </button>
                      </form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export function StaffPage({ ctx, staff, invites }: { ctx: PageCtx; staff: StaffMember[]; invites: { role: StaffMember['role']; branchId?: string; expiresAt: Date }[] }) {
  const s = ctx.c.staff;
  return (
    <Layout ctx={ctx} title={s.title}>
      <div class="scroll">
        <table class="list">
          <thead>
            <tr>
              <th scope="col">{s.name}</th>
              <th scope="col">{s.role}</th>
              <th scope="col">{s.branch}</th>
              <th scope="col">{s.chats}</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((m) => (
              <tr key={m.id}>
                <td>{m.name}</td>
                <td>{ctx.c.roles[m.role]}</td>
                <td>{m.branchId ?? s.allBranches}</td>
                <td>{m.chats.map((ch) => ch.channel).join(', ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{s.invites}</h2>
      {invites.length === 0 ? (
        <p>{s.noInvites}</p>
      ) : (
        <ul class="rows">
          {invites.map((i, n) => (
            <li key={n}>
              {ctx.c.roles[i.role]} · {i.branchId ?? s.allBranches} · {s.expires} {ctx.c.formatDateTime(i.expiresAt, ctx.timeZone)}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export function AuditPage({ ctx, entries, staffNames, actionLabels }: { ctx: PageCtx; entries: AuditEntry[]; staffNames: Map<string, string>; actionLabels: Record<string, string> }) {
  const a = ctx.c.audit;
  return (
    <Layout ctx={ctx} title={a.title}>
      {entries.length === 0 ? (
        <p>{a.none}</p>
      ) : (
        <div class="scroll">
          <table class="list">
            <thead>
              <tr>
                <th scope="col">{a.at}</th>
                <th scope="col">{a.who}</th>
                <th scope="col">{a.action}</th>
                <th scope="col">{a.customer}</th>
                <th scope="col">{a.channel}</th>
                <th scope="col">{a.detail}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td>{ctx.c.formatDateTime(e.at, ctx.timeZone)}</td>
                  <td>{e.actor.kind === 'staff' ? (staffNames.get(e.actor.id ?? '') ?? e.actor.id ?? '?') : e.actor.kind}</td>
                  <td>{actionLabels[e.action] ?? e.action}</td>
                  <td>{e.customerId ? <a href={`/web/customers/${e.customerId}`}>{e.customerId.slice(-6)}</a> : '—'}</td>
                  <td>{e.channel ?? '—'}</td>
                  <td>{e.detail ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

/** The reason in plain words first, the dispatcher's own text under it (what a developer would search for). */
function Reason({ ctx, row }: { ctx: PageCtx; row: OutboxRow['row'] }) {
  const raw = [...new Set([row.statusReason, row.lastError].filter((r): r is string => Boolean(r)))].join(' · ');
  const kind = outboxReasonKind(row.statusReason ?? row.lastError);
  if (!kind) return <>—</>;
  return (
    <span class="why">
      <span data-reason={kind}>{ctx.c.outbox.reasons[kind]}</span>
      <small class="raw">{raw}</small>
    </span>
  );
}

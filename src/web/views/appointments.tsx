// Appointments by technician: a day (times and customers) or a week (one column a day). A table, because a
// receptionist reads across a row for one technician; on a phone it scrolls sideways inside its frame.
import { clockOf } from '../../domain/appointment-times.js';
import { formatLocalDate, type LocalDate } from '../../domain/business-time.js';
import { formatClock } from '../../domain/vn-datetime.js';
import type { AppointmentBoard, BoardRow } from '../../services/appointment-board.js';
import { Layout } from './layout.js';
import type { PageCtx } from './page-ctx.js';

export interface BoardState {
  date: string;
  view: 'day' | 'week';
  branch: string;
  previous: string;
  next: string;
}

const dm = (d: LocalDate) => `${String(d.day).padStart(2, '0')}/${String(d.month).padStart(2, '0')}`;

export function AppointmentsPage({ ctx, board, state, branches }: { ctx: PageCtx; board: AppointmentBoard; state: BoardState; branches: string[] }) {
  const t = ctx.c.appointments;
  const link = (p: Partial<BoardState>) => {
    const q = new URLSearchParams({ date: p.date ?? state.date, view: p.view ?? state.view, ...((p.branch ?? state.branch) ? { branch: p.branch ?? state.branch } : {}) });
    return `/web/appointments?${q.toString()}`;
  };
  const cell = (rows: BoardRow[] | undefined) =>
    rows?.length ? (
      <ul class="slots">
        {rows.map((r) => (
          <li key={r.appointment.id} class={`appt ${r.appointment.status}`} data-appointment={r.appointment.id}>
            <time dateTime={r.appointment.start.toISOString()}>{formatClock(clockOf(r.appointment.start, ctx.timeZone))}</time>{' '}
            {r.customerLink ? <a href={r.customerLink}>{r.customerName}</a> : <span>{r.customerName}</span>} · {r.appointment.service}{' '}
            <span class="tag">{t.statuses[r.appointment.status]}</span>
          </li>
        ))}
      </ul>
    ) : (
      <span class="muted">—</span>
    );
  const count = [...board.rows.values()].reduce((n, perDay) => n + [...perDay.values()].reduce((m, l) => m + l.length, 0), 0);
  return (
    <Layout ctx={ctx} title={t.title}>
      <form method="get" action="/web/appointments" class="filters">
        <label>
          {t.date}
          <input type="date" name="date" value={state.date} />
        </label>
        <label>
          {t.view}
          <select name="view">
            <option value="day" selected={state.view === 'day'}>
              {t.day}
            </option>
            <option value="week" selected={state.view === 'week'}>
              {t.week}
            </option>
          </select>
        </label>
        {ctx.member.role === 'owner' ? (
          <label>
            {t.branch}
            <select name="branch">
              <option value="">{t.allBranches}</option>
              {branches.map((b) => (
                <option key={b} value={b} selected={state.branch === b}>
                  {b}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <button type="submit">{t.show}</button>
      </form>
      <nav class="tabs" aria-label={t.title}>
        <a href={link({ date: state.previous })}>← {t.previous}</a>
        <a href={link({ date: state.next })}>{t.next} →</a>
      </nav>
      <p role="status">{t.summary({ count, from: dm(board.days[0]!), to: dm(board.days[board.days.length - 1]!) })}</p>
      {board.technicians.length === 0 ? (
        <p class="empty">{t.none}</p>
      ) : (
        <div class="scroll">
          <table class="list board">
            <caption>{t.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.technician}</th>
                {board.days.map((d) => (
                  <th scope="col" key={formatLocalDate(d)}>
                    {board.days.length > 1 ? `${t.weekdays[new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay()]} ${dm(d)}` : dm(d)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {board.technicians.map((tech) => (
                <tr key={tech.id} data-technician={tech.id}>
                  <th scope="row">{tech.name}</th>
                  {board.days.map((d) => (
                    <td key={formatLocalDate(d)}>{cell(board.rows.get(tech.id)?.get(formatLocalDate(d)))}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

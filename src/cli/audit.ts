// `hoso audit --customer <phone>`: the owner's view of who read or changed a customer's record, when, from where.
import type { Command } from 'commander';
import { z } from 'zod';
import { businessDateTime } from '../domain/business-time.js';
import { formatPhoneVn, parseVnMobile } from '../domain/phone.js';
import type { AuditEntry } from '../store/audit.js';
import type { Store } from '../store/index.js';
import { CliError, withStore, type CliIo } from './io-and-store.js';
import { cliMessages } from './messages.js';
import { actionLabels, actorLabels, staffMessages as m } from './staff-messages.js';

const auditOptions = z.object({
  customer: z.string({ error: m.phoneRequired }),
  limit: z.coerce.number({ error: m.limitInvalid }).int(m.limitInvalid).min(1, m.limitInvalid).max(1000, m.limitInvalid).default(50),
});

export function registerAuditCommands(program: Command, io: CliIo, env?: Record<string, string | undefined>): void {
  program
    .command('audit')
    .description('Nhật ký truy cập một khách hàng / audit log of one customer')
    .option('--customer <phone>', 'số điện thoại của khách')
    .option('--limit <n>', 'số dòng tối đa / most recent entries to show', '50')
    .action(async (raw: unknown) => {
      const parsed = auditOptions.safeParse(raw);
      if (!parsed.success) throw new CliError(parsed.error.issues[0]!.message);
      const phone = parseVnMobile(parsed.data.customer);
      if (!phone.ok) throw new CliError(cliMessages.badPhone(phone.reason));
      await withStore(env, async (store, config) => {
        const customer = await store.customers.findByPhone(phone.value.e164);
        if (!customer) throw new CliError(cliMessages.notFound(formatPhoneVn(phone.value.e164)));
        const entries = await store.audit.forCustomer(customer.id, parsed.data.limit);
        if (entries.length === 0) {
          io.out(m.noAudit);
          return;
        }
        const who = await actorNames(store, entries);
        for (const e of entries) io.out(line(e, who, config.BUSINESS_TIME_ZONE));
      });
    });
}

/** Staff names looked up once per member; removed members keep their name, marked as former staff. */
async function actorNames(store: Store, entries: AuditEntry[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const e of entries) {
    const id = e.actor.kind === 'staff' ? e.actor.id : undefined;
    if (!id || names.has(id)) continue;
    const s = await store.staff.findById(id);
    names.set(id, s ? (s.active ? s.name : `${s.name} (${m.formerStaff})`) : `${m.unknownStaff} ${id}`);
  }
  return names;
}

function line(e: AuditEntry, staffNames: Map<string, string>, tz: string): string {
  const t = businessDateTime(e.at, tz);
  const pad = (n: number) => String(n).padStart(2, '0');
  const when = `${t.year}-${pad(t.month)}-${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}`;
  const who = e.actor.kind === 'staff' ? (staffNames.get(e.actor.id ?? '') ?? m.unknownStaff) : actorLabels[e.actor.kind];
  return [when, who, actionLabels[e.action], e.channel, e.detail].filter(Boolean).join(' · ');
}

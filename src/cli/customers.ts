// `hoso customers …`: the owner's add / find / show / export.
import type { Command } from 'commander';
import { z } from 'zod';
import { formatBirthday, parseBirthday } from '../domain/birthday.js';
import { normalizeName } from '../domain/name.js';
import { formatPhoneVn, parseVnMobile } from '../domain/phone.js';
import type { Customer } from '../store/customers.js';
import type { Store } from '../store/index.js';
import { businessToday } from '../domain/business-time.js';
import { customerAccess, type CustomerAccess } from '../services/customer-access.js';
import { exportCustomers, searchCustomers } from '../services/customer-lists.js';
import { CSV_START, csvLine } from '../services/customer-csv.js';
import type { Config } from '../config.js';
import { CliError, withStore, type CliIo } from './io-and-store.js';
import { cliMessages as m } from './messages.js';
import { branchIdSchema } from './staff.js';
import { registerImportCommand } from './import.js';
import { registerMergeCommand } from './merge.js';
import { needServices } from '../domain/needs.js';

const FIND_LIMIT = 20;

/** The owner at the machine, or, with a branch, exactly what a manager of that branch would see. */
function ownerAccess(store: Store, config: Config, asManagerOf?: string): CustomerAccess {
  return customerAccess({ store, staffVisibility: config.STAFF_VISIBILITY }, { kind: 'owner-cli', ...(asManagerOf ? { asManagerOf } : {}) });
}

const addOptions = z.object({
  name: z.string({ error: m.nameRequired }),
  phone: z.string({ error: m.phoneRequired }),
  birthday: z.string().optional(),
});

export function registerCustomerCommands(program: Command, io: CliIo, env?: Record<string, string | undefined>): void {
  const customers = program.command('customers').description('Khách hàng / customers');

  customers
    .command('add')
    .description('Thêm khách hàng / add a customer')
    .option('--name <name>', 'họ tên')
    .option('--phone <phone>', 'số điện thoại di động')
    .option('--birthday <date>', 'ngày sinh, ví dụ 12/3 hoặc 12/3/1990')
    .action(async (raw: unknown) => {
      const parsed = addOptions.safeParse(raw);
      if (!parsed.success) throw new CliError(parsed.error.issues[0]!.message);
      const opts = parsed.data;
      await withStore(env, async (store, config) => {
        const name = normalizeName(opts.name);
        if (!name.ok) throw new CliError(m.badName(name.reason));
        const phone = parseVnMobile(opts.phone);
        if (!phone.ok) throw new CliError(m.badPhone(phone.reason));
        let birthday;
        if (opts.birthday !== undefined) {
          const b = parseBirthday(opts.birthday, businessToday(new Date(), config.BUSINESS_TIME_ZONE));
          if (!b.ok) throw new CliError(m.badBirthday(b.reason));
          birthday = b.value;
        }
        const created = await store.customers.create(
          { name: name.value, phone: phone.value.e164, ...(birthday ? { birthday } : {}), source: 'cli' },
          { kind: 'cli' },
        );
        if (!created.ok) throw new CliError(m.duplicate(created.reason.existing.name, formatPhoneVn(phone.value.e164)));
        io.out(m.added(describe(created.value)));
      });
    });

  customers
    .command('find')
    .description('Tìm theo tên (không dấu) hoặc 3–4 số cuối / find by name or last digits')
    .argument('<text>')
    .action(async (text: string) => {
      await withStore(env, async (store, config) => {
        const found = await searchCustomers(ownerAccess(store, config), text, { shown: FIND_LIMIT, scanned: FIND_LIMIT });
        if (found.length === 0) {
          io.out(m.noneFound);
          return;
        }
        for (const { customer } of found) io.out(describe(customer));
      });
    });

  customers
    .command('show')
    .description('Xem một khách hàng theo số điện thoại / show one customer')
    .argument('<phone>')
    .action(async (input: string) => {
      const phone = parseVnMobile(input);
      if (!phone.ok) throw new CliError(m.badPhone(phone.reason));
      await withStore(env, async (store, config) => {
        // Every read of a customer card is audited, the owner's own CLI reads included (issue 4): the service does it.
        const card = await ownerAccess(store, config).readCardByPhone(phone.value.e164);
        if (!card || card.access === 'hidden') throw new CliError(m.notFound(formatPhoneVn(phone.value.e164)));
        io.out(JSON.stringify(publicView(card.customer), null, 2));
      });
    });

  customers
    .command('erase')
    .description('Xóa mọi dữ liệu của một khách theo yêu cầu / erase a customer everywhere (right to erasure)')
    .argument('<phone>')
    .option('--yes', 'xác nhận, không hoàn tác được / confirm: cannot be undone')
    .action(async (input: string, opts: { yes?: boolean }) => {
      const phone = parseVnMobile(input);
      if (!phone.ok) throw new CliError(m.badPhone(phone.reason));
      await withStore(env, async (store) => {
        const c = await store.customers.findByPhone(phone.value.e164);
        if (!c) throw new CliError(m.notFound(formatPhoneVn(phone.value.e164)));
        if (opts.yes !== true) throw new CliError(m.eraseNeedsYes);
        // Every collection, and the `erase` audit entry (store/erasure.ts).
        await store.customers.erase(c.id, { kind: 'cli', channel: 'cli' });
        io.out(m.erased);
      });
    });

  registerImportCommand(customers, io, env);
  registerMergeCommand(customers, io, env, (store, config) => ownerAccess(store, config));

  customers
    .command('export')
    .description('Xuất danh sách / export (CSV UTF-8 with BOM for Excel, or JSON lines)')
    .option('--format <format>', 'csv | json', 'csv')
    .option('--branch <id>', 'chỉ một chi nhánh (bản xuất của quản lý) / one branch only (a manager\'s export)')
    .action(async (raw: unknown) => {
      const parsed = z.object({ format: z.enum(['csv', 'json'], { error: m.badFormat }), branch: branchIdSchema.optional() }).safeParse(raw);
      if (!parsed.success) throw new CliError(parsed.error.issues[0]!.message);
      const { format, branch } = parsed.data;
      // With --branch the access service applies the manager's visibility rule, so the export holds exactly what
      // that manager sees: their branch plus customers not assigned to any branch.
      await withStore(env, async (store, config) => {
        if (format === 'csv') io.write(CSV_START);
        const write = (c: Customer): void => io.write(format === 'csv' ? csvLine(c) : JSON.stringify(publicView(c)) + '\n');
        await exportCustomers(ownerAccess(store, config, branch), write, `format=${format}${branch ? ` branch=${branch}` : ''}`);
      });
    });
}

function publicView(c: Customer) {
  return {
    id: c.id,
    name: c.name,
    phone: c.phone ?? null,
    phoneDisplay: c.phone ? formatPhoneVn(c.phone) : null,
    birthday: c.birthday ?? null,
    gender: c.gender ?? null,
    email: c.email ?? null,
    address: c.address ?? null,
    needs: needServices(c.needs),
    consent: c.consent,
    visitCount: c.visitCount,
    totals: c.totals,
    createdAt: c.createdAt.toISOString(),
  };
}

function describe(c: Customer): string {
  return [c.name, c.phone ? formatPhoneVn(c.phone) : '—', c.birthday ? formatBirthday(c.birthday) : ''].filter(Boolean).join(' · ');
}

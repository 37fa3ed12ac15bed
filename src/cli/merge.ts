// `hoso customers merge A B [--take name,email] [--yes]` and `hoso customers merge A --undo` (issue 17): the same
// merge as the chat's /gop, through the same service. Without --yes it only shows what the card would keep.
import type { Command } from 'commander';
import { z } from 'zod';
import { MERGE_CHOICE_FIELDS, type MergeChoiceField } from '../domain/merge-fields.js';
import { formatPhoneVn, parseVnMobile } from '../domain/phone.js';
import type { CustomerAccess } from '../services/customer-access.js';
import { mergeCustomers, previewMerge, undoLatestMerge, type MergeChoices } from '../services/merge-customers.js';
import type { Customer } from '../store/customers.js';
import type { Store } from '../store/index.js';
import { moneySettingsOf, type Config } from '../config.js';
import { CliError, withStore, type CliIo } from './io-and-store.js';
import { cliMessages as m } from './messages.js';
import { mergeMessages as mm } from './merge-messages.js';

const options = z.object({
  take: z
    .string()
    .optional()
    .transform((s, ctx) => {
      const fields = (s ?? '').split(',').map((f) => f.trim()).filter(Boolean);
      const bad = fields.filter((f) => !(MERGE_CHOICE_FIELDS as readonly string[]).includes(f));
      if (bad.length) ctx.addIssue({ code: 'custom', message: mm.badTake(bad.join(', ')) });
      return fields as MergeChoiceField[];
    }),
  yes: z.boolean().optional(),
  undo: z.boolean().optional(),
});

async function byPhone(store: Store, input: string): Promise<Customer> {
  const phone = parseVnMobile(input);
  if (!phone.ok) throw new CliError(m.badPhone(phone.reason));
  const c = await store.customers.findByPhone(phone.value.e164);
  if (!c) throw new CliError(m.notFound(formatPhoneVn(phone.value.e164)));
  return c;
}

const fieldText = (v: unknown): string => (v === undefined || v === null || v === '' ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));

export function registerMergeCommand(customers: Command, io: CliIo, env: Record<string, string | undefined> | undefined, ownerAccess: (store: Store, config: Config) => CustomerAccess): void {
  customers
    .command('merge')
    .description('Gộp hai hồ sơ của một người (giữ A, gộp B vào) / merge two records of one person (keep A, merge B in)')
    .argument('<kept>', 'số điện thoại của hồ sơ giữ lại / phone of the record kept')
    .argument('[merged]', 'số điện thoại của hồ sơ gộp vào / phone of the record merged in')
    .option('--take <fields>', `lấy các mục này từ hồ sơ B / take these fields from B (${MERGE_CHOICE_FIELDS.join(', ')})`)
    .option('--yes', 'thực hiện gộp; không có thì chỉ xem trước / do it; without it, preview only')
    .option('--undo', 'hoàn tác lần gộp gần nhất vào A (trong 30 ngày) / undo the latest merge into A (within 30 days)')
    .action(async (keptPhone: string, mergedPhone: string | undefined, raw: unknown) => {
      const parsed = options.safeParse(raw);
      if (!parsed.success) throw new CliError(parsed.error.issues[0]!.message);
      const opts = parsed.data;
      await withStore(env, async (store, config) => {
        const access = ownerAccess(store, config);
        const money = { settings: moneySettingsOf(config), now: () => new Date(), timeZone: config.BUSINESS_TIME_ZONE };
        const kept = await byPhone(store, keptPhone);
        if (opts.undo) {
          const done = await undoLatestMerge(access, kept.id, money);
          if (!done.ok) throw new CliError(mm.undoRefused[done.reason]);
          return io.out(mm.undone);
        }
        if (!mergedPhone) throw new CliError(mm.mergedRequired);
        const merged = await byPhone(store, mergedPhone);
        const choices: MergeChoices = Object.fromEntries(opts.take.map((f) => [f, 'merged' as const]));
        const preview = await previewMerge(access, kept.id, merged.id, choices);
        if (!preview.ok) throw new CliError(mm.refused[preview.reason]);
        for (const f of preview.value.fields) io.out(mm.fieldLine(f.field, fieldText(f.from === 'kept' ? f.kept : f.merged), f.from === 'merged', f.conflict ? fieldText(f.from === 'kept' ? f.merged : f.kept) : undefined));
        io.out(mm.moves(Object.entries(preview.value.counts).filter(([col, n]) => n > 0 && col !== 'customers').map(([col, n]) => `${col}=${n}`).join(' ') || '—'));
        if (opts.yes !== true) return io.out(mm.needsYes);
        const done = await mergeCustomers(access, kept.id, merged.id, choices, money);
        if (!done.ok) throw new CliError(mm.refused[done.reason]);
        io.out(mm.merged(done.value.mergeId, done.value.undoUntil.toISOString().slice(0, 10)));
      });
    });
}

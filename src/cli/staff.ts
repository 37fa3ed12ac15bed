// `hoso staff …`: the owner adds, lists and removes staff members (issue 4; invitations by chat are the other way in).
import type { Command } from 'commander';
import { z } from 'zod';
import { normalizeName } from '../domain/name.js';
import type { StaffMember } from '../store/staff.js';
import type { Store } from '../store/index.js';
import { pickBranch, spaBranches } from '../services/branches.js';
import { CliError, withStore, type CliIo } from './io-and-store.js';
import { cliMessages } from './messages.js';
import { roleLabels, staffMessages as m } from './staff-messages.js';
import { channelDirectory } from '../../bots/index.js';

/** Branch ids are short ASCII keys (q1, hanoi-2), not display names: they appear in exports and audit details. */
export const branchIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, m.branchInvalid);

const addOptions = z
  .object({
    name: z.string({ error: m.nameRequired }),
    role: z.enum(['owner', 'manager', 'staff'], { error: m.roleInvalid }),
    branch: z.string().trim().min(1, m.branchRequired).max(60, m.branchInvalid).optional(),
    // Telegram user ids are positive integers (up to 52 bits today); Zalo user ids are long digit strings.
    telegramId: z.string().regex(/^[1-9]\d{0,19}$/, m.telegramIdInvalid).optional(),
    zaloId: z.string().regex(/^\d{1,32}$/, m.zaloIdInvalid).optional(),
  })
  .refine((o) => o.role === 'owner' || o.branch !== undefined, { error: m.branchRequired });

/** The spa's list entry the option names; with no list configured, a short key as before (q1, hanoi-2). */
async function branchOf(store: Store, configured: readonly string[], typed: string): Promise<string> {
  const pick = await pickBranch(store, configured, typed);
  if (pick.kind === 'found') return pick.branch;
  if (pick.kind === 'unknown') throw new CliError(m.branchUnknown(pick.list.join(', ')));
  const key = branchIdSchema.safeParse(typed);
  if (!key.success) throw new CliError(m.branchInvalid);
  return key.data;
}

export function registerStaffCommands(program: Command, io: CliIo, env?: Record<string, string | undefined>): void {
  const staff = program.command('staff').description('Nhân viên / staff members');

  staff
    .command('add')
    .description('Thêm nhân viên / add a staff member')
    .option('--name <name>', 'họ tên')
    .option('--role <role>', 'owner | manager | staff')
    .option('--branch <id>', 'chi nhánh, ví dụ q1 (bắt buộc với manager, staff)')
    .option('--telegram-id <id>', 'Telegram user id')
    .option('--zalo-id <id>', 'Zalo user id')
    .action(async (raw: unknown) => {
      const parsed = addOptions.safeParse(raw);
      if (!parsed.success) throw new CliError(parsed.error.issues[0]!.message);
      const o = parsed.data;
      const name = normalizeName(o.name);
      if (!name.ok) throw new CliError(cliMessages.badName(name.reason));
      await withStore(env, async (store, config) => {
        const branchId = o.branch === undefined ? undefined : await branchOf(store, config.SPA_BRANCHES, o.branch);
        const added = await store.staff.add({
          name: name.value,
          role: o.role,
          ...(branchId ? { branchId } : {}),
          // The flags stay one per channel for the person typing; the member gets one list of chats.
          chats: [...(o.telegramId ? [{ channel: 'telegram', userId: o.telegramId }] : []), ...(o.zaloId ? [{ channel: 'zalo', userId: o.zaloId }] : [])],
        });
        if (!added.ok) throw new CliError(added.reason === 'telegram_taken' ? m.telegramTaken : m.zaloTaken);
        await store.audit.record({ actor: { kind: 'cli' }, action: 'staff_change', detail: `added staff=${added.value.id} role=${o.role}` });
        io.out(m.added(describe(added.value)));
      });
    });

  program
    .command('branches')
    .description('Danh sách chi nhánh (SPA_BRANCHES hoặc trang cài đặt) / the spa\'s branches (SPA_BRANCHES or the settings page)')
    .action(async () => {
      await withStore(env, async (store, config) => {
        const list = await spaBranches(store, config.SPA_BRANCHES);
        io.out(list.length ? list.join('\n') : m.noBranches);
        if (!config.SPA_BRANCHES.length && list.length) io.out(m.branchesFromStaff);
      });
    });

  staff
    .command('list')
    .description('Danh sách nhân viên đang làm / active staff members')
    .action(async () => {
      await withStore(env, async (store) => {
        const members = await store.staff.list();
        if (members.length === 0) {
          io.out(m.noStaff);
          return;
        }
        for (const s of members) io.out(describe(s));
      });
    });

  staff
    .command('remove')
    .description('Cho nhân viên nghỉ (gỡ liên kết chat) / remove a staff member and unlink their chats')
    .argument('<id>')
    .action(async (id: string) => {
      await withStore(env, async (store, config) => {
        const member = await store.staff.findById(id);
        // The engine makes every owner chat the config lists (OWNER_TELEGRAM_IDS) an owner on its next message:
        // a removal would not stick.
        const owners = channelDirectory(config).owners;
        const listed = member?.active && member.chats.some((c) => owners.some((o) => o.channel === c.channel && o.userId === c.userId));
        if (listed) throw new CliError(m.ownerFromConfig(member.name));
        if (!member || !(await store.staff.remove(member.id))) throw new CliError(m.noSuchStaff(id));
        await store.audit.record({ actor: { kind: 'cli' }, action: 'staff_change', detail: `removed staff=${member.id}` });
        io.out(m.removed(member.name));
      });
    });
}

function describe(s: StaffMember): string {
  return [
    s.name,
    roleLabels[s.role],
    s.branchId ? m.branch(s.branchId) : undefined,
    ...s.chats.map((c) => `${c.channel} ${c.userId}`),
    `id ${s.id}`,
  ]
    .filter(Boolean)
    .join(' · ');
}

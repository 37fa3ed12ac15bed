// Staff commands: Vietnamese names (typed without diacritics) and English aliases, each to its handler.
import { foldDiacritics } from '../../domain/name.js';
import { startAdd } from './add-customer.js';
import { startBooking } from './appointments.js';
import { listToday } from './appointments-today.js';
import { campaignCommand } from './campaigns.js';
import { editCommand, fillCommand } from './card-edit.js';
import { askPaperConsent, linkCommand } from './chat-link.js';
import { invite } from './invite.js';
import { search, viewOpen } from './lookup.js';
import { mergeCommand } from './merge.js';
import { visitCommand } from './money.js';
import { showSegmentCounts } from './segments.js';
import type { StaffCtx } from './staff-ctx.js';
import { webLogin } from './web-login.js';
import { addNote, listBirthdays, listMissing, logCall } from './work-log.js';

type Run = (ctx: StaffCtx, args: string) => Promise<void>;

/** Commands that only start their own handler; cancel, lang and help need the router's turn state. */
const HANDLED: ReadonlyArray<{ names: readonly string[]; run: Run }> = [
  { names: ['kh', 'add', 'them'], run: startAdd },
  { names: ['tim', 'find', 'search'], run: search },
  { names: ['xem', 'view'], run: (ctx) => viewOpen(ctx) },
  { names: ['ghichu', 'note'], run: addNote },
  { names: ['goi', 'call'], run: (ctx, args) => logCall(ctx, args) },
  { names: ['ghe', 'visit'], run: visitCommand },
  { names: ['thieu', 'missing'], run: (ctx) => listMissing(ctx) },
  { names: ['sinhnhat', 'birthdays'], run: (ctx) => listBirthdays(ctx) },
  { names: ['moi', 'invite'], run: invite },
  { names: ['lienket', 'link'], run: (ctx) => linkCommand(ctx) },
  { names: ['dongy', 'consent'], run: (ctx) => askPaperConsent(ctx) },
  { names: ['hen', 'book'], run: startBooking },
  { names: ['homnay', 'today'], run: (ctx) => listToday(ctx) },
  { names: ['web', 'trang'], run: (ctx) => webLogin(ctx) },
  { names: ['phanloai', 'segments'], run: (ctx) => showSegmentCounts(ctx) },
  { names: ['gop', 'merge'], run: mergeCommand },
  { names: ['sua', 'edit'], run: editCommand },
  { names: ['bosung', 'fill'], run: (ctx) => fillCommand(ctx) },
  { names: ['chiendich', 'campaign', 'campaigns'], run: campaignCommand },
];

const RUN_BY_NAME = new Map<string, Run>(HANDLED.flatMap((c) => c.names.map((n) => [n, c.run] as const)));
const ROUTER_COMMANDS = new Map<string, 'cancel' | 'lang' | 'help'>([
  ['huy', 'cancel'],
  ['cancel', 'cancel'],
  ['lang', 'lang'],
  ['help', 'help'],
  ['trogiup', 'help'],
  ['start', 'help'],
]);

/** Every command name a staff chat accepts here (money commands: MONEY_COMMANDS), for the README's table test. */
export const STAFF_COMMAND_NAMES: readonly string[] = [...RUN_BY_NAME.keys(), ...ROUTER_COMMANDS.keys()];

export type StaffCommand = { kind: 'run'; run: Run } | { kind: 'cancel' | 'lang' | 'help' } | { kind: 'unknown' };

export function staffCommand(typed: string): StaffCommand {
  const name = foldDiacritics(typed);
  const run = RUN_BY_NAME.get(name);
  if (run) return { kind: 'run', run };
  const own = ROUTER_COMMANDS.get(name);
  return own ? { kind: own } : { kind: 'unknown' };
}

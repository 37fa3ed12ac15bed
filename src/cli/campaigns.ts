// `hoso campaigns list | preview | create | cancel | results`: the same campaign service the chat's /chiendich uses,
// as the owner (all customers) or, with --as-manager <branch>, exactly as that branch's manager would.
import type { Command } from 'commander';
import { z } from 'zod';
import { businessDateTime, businessInstant } from '../domain/business-time.js';
import { SEGMENT_NAMES } from '../domain/segment-reasons.js';
import { sliceEntries } from '../domain/segment-slices.js';
import { findVnWhen } from '../domain/vn-datetime.js';
import { cancelCampaign, campaignsWithResults, createCampaign, previewCampaign, resultsOf, type CampaignDeps } from '../services/campaigns.js';
import { customerAccess, type CustomerAccess } from '../services/customer-access.js';
import type { Campaign } from '../store/campaigns.js';
import type { Store } from '../store/index.js';
import type { Config } from '../config.js';
import { CliError, withStore, type CliIo } from './io-and-store.js';
import { campaignLines as l, campaignProblemLine } from './campaign-messages.js';
import { branchIdSchema } from './staff.js';

const idSchema = z.string().regex(/^[0-9a-f]{24}$/i, { error: 'Mã chiến dịch gồm 24 ký tự 0-9a-f / a campaign id is 24 hex characters' });
const draftSchema = z.object({
  segment: z.string({ error: 'Cần --segment / --segment is required' }).max(30),
  slice: z.string().max(500).optional(),
  template: z.string({ error: 'Cần --template / --template is required' }).max(5000),
  asManager: branchIdSchema.optional(),
});

function access(store: Store, config: Config, asManagerOf?: string): CustomerAccess {
  return customerAccess({ store, staffVisibility: config.STAFF_VISIBILITY }, { kind: 'owner-cli', ...(asManagerOf ? { asManagerOf } : {}) });
}

const depsOf = (store: Store, config: Config): CampaignDeps => ({ store, now: () => new Date(), spaName: config.SPA_NAME, resultDays: config.CAMPAIGN_RESULT_DAYS });

/** "2026-12-24 09:00" (business-local) or what staff type in the chat ("thứ 6 9h", "mai 8h30"); null when neither. */
export function parseSendAt(text: string, now: Date, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})$/.exec(text.trim());
  if (m) {
    const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
    return businessInstant({ year: y, month: mo, day: d }, h, mi, timeZone);
  }
  const found = findVnWhen(text.slice(0, 100), now, timeZone);
  if (!found.ok || !found.value.when.time) return null;
  const { date, time } = found.value.when;
  return businessInstant(date, time.hour, time.minute, timeZone);
}

const localTime = (at: Date, tz: string): string => {
  const t = businessDateTime(at, tz);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.year}-${p(t.month)}-${p(t.day)} ${p(t.hour)}:${p(t.minute)}`;
};

function describeCampaign(c: Campaign, tz: string): string {
  const slices = sliceEntries(c.slices).map(([k, v]) => `${k}:${v}`).join(' ');
  return `${c.id} · ${c.state} · ${SEGMENT_NAMES.vi[c.segment]}${slices ? ` (${slices})` : ''} · ${localTime(c.sendAt, tz)}`;
}

export function registerCampaignCommands(program: Command, io: CliIo, env?: Record<string, string | undefined>): void {
  const campaigns = program.command('campaigns').description('Chiến dịch gửi tin theo nhóm khách / campaigns to a segment');
  const fail = (p: Parameters<typeof campaignProblemLine>[0]): never => {
    throw new CliError(campaignProblemLine(p));
  };
  const draftOptions = (cmd: Command): Command =>
    cmd
      .option('--segment <segment>', 'nhóm: moi, tiem_nang, than_thiet, vip, sap_roi, ngu_dong, da_mat')
      .option('--slice <slices>', 'lọc thêm, ví dụ: chinhanh:q1 ghichu:"con nho"')
      .option('--template <text>', 'nội dung, chỗ điền: {ten} {xung_ho} {ho_ten} {ten_spa} {dich_vu_cuoi}')
      .option('--as-manager <branch>', 'như quản lý chi nhánh này / as that branch\'s manager');

  campaigns
    .command('list')
    .description('Các chiến dịch và kết quả / campaigns with their results')
    .action(async () => {
      await withStore(env, async (store, config) => {
        const r = await campaignsWithResults(depsOf(store, config), access(store, config), 50);
        if (!r.ok) return fail(r.reason);
        if (r.value.length === 0) return io.out(l.none);
        for (const { campaign, results } of r.value) io.out(`${describeCampaign(campaign, config.BUSINESS_TIME_ZONE)}\n  ${l.results(results, config.CAMPAIGN_RESULT_DAYS)}`);
      });
    });

  draftOptions(campaigns.command('preview').description('Xem trước: bao nhiêu khách nhận và tin mẫu / preview: audience and a sample')).action(async (raw: unknown) => {
    const parsed = draftSchema.safeParse(raw);
    if (!parsed.success) throw new CliError(parsed.error.issues[0]!.message);
    const o = parsed.data;
    await withStore(env, async (store, config) => {
      const r = await previewCampaign(depsOf(store, config), access(store, config, o.asManager), { segment: o.segment, template: o.template, ...(o.slice ? { slices: o.slice } : {}) });
      if (!r.ok) return fail(r.reason);
      io.out(l.audience(r.value.counts));
      io.out(r.value.sample ? l.sample(r.value.sample.name, r.value.sample.text) : l.noSample);
    });
  });

  draftOptions(campaigns.command('create').description('Tạo và hẹn giờ gửi / create and schedule'))
    .option('--at <time>', 'giờ gửi, ví dụ "2026-12-24 09:00" hoặc "thứ 6 9h"')
    .option('--draft', 'chỉ lưu nháp, chưa hẹn giờ / store as a draft only')
    .action(async (raw: unknown) => {
      const parsed = draftSchema.extend({ at: z.string({ error: 'Cần --at / --at is required' }).max(100), draft: z.boolean().optional() }).safeParse(raw);
      if (!parsed.success) throw new CliError(parsed.error.issues[0]!.message);
      const o = parsed.data;
      await withStore(env, async (store, config) => {
        const sendAt = parseSendAt(o.at, new Date(), config.BUSINESS_TIME_ZONE);
        if (!sendAt) return fail({ kind: 'past' });
        const r = await createCampaign(depsOf(store, config), access(store, config, o.asManager), { segment: o.segment, template: o.template, sendAt, ...(o.slice ? { slices: o.slice } : {}) }, { draft: o.draft === true });
        if (!r.ok) return fail(r.reason);
        io.out(l.created(r.value.campaign.id, r.value.campaign.state, localTime(sendAt, config.BUSINESS_TIME_ZONE)));
        io.out(l.audience(r.value.preview.counts));
        if (r.value.preview.sample) io.out(l.sample(r.value.preview.sample.name, r.value.preview.sample.text));
      });
    });

  campaigns
    .command('cancel')
    .description('Hủy chiến dịch, dừng các tin chưa gửi / cancel, stopping the messages still waiting')
    .argument('<id>')
    .action(async (id: string) => {
      const parsed = idSchema.safeParse(id);
      if (!parsed.success) throw new CliError(parsed.error.issues[0]!.message);
      await withStore(env, async (store, config) => {
        const r = await cancelCampaign(access(store, config), parsed.data);
        if (!r.ok) return fail(r.reason);
        io.out(l.cancelled(r.value.campaign.id, r.value.rows));
      });
    });

  campaigns
    .command('results')
    .description('Kết quả một chiến dịch / one campaign\'s results')
    .argument('<id>')
    .action(async (id: string) => {
      const parsed = idSchema.safeParse(id);
      if (!parsed.success) throw new CliError(parsed.error.issues[0]!.message);
      await withStore(env, async (store, config) => {
        const r = await resultsOf(depsOf(store, config), access(store, config), parsed.data);
        if (!r.ok) return fail(r.reason);
        io.out(describeCampaign(r.value.campaign, config.BUSINESS_TIME_ZONE));
        if (r.value.campaign.audience) io.out(l.audience(r.value.campaign.audience));
        io.out(l.results(r.value.results, config.CAMPAIGN_RESULT_DAYS));
      });
    });
}

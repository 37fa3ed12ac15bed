// Opens every repository on one connection and creates every index explicitly, so a rejected index fails start-up.
import type { Connection } from 'mongoose';
import { ConversationRepository } from './conversations.js';
import { CustomerRepository } from './customers.js';
import { conversationModel } from './models/conversation.js';
import { customerModel } from './models/customer.js';
import { identityModel } from './models/identity.js';
import { phoneKeyModel } from './models/phone-key.js';
import { jobRunModel, outboxModel } from './models/outbox.js';
import { OutboxRepository } from './outbox.js';
import { callModel, noteModel, visitModel } from './models/activity.js';
import { staffChatModel, staffModel } from './models/staff.js';
import { inviteAttemptModel, inviteClaimModel, inviteModel } from './models/invite.js';
import { auditModel } from './models/audit.js';
import { pendingClaimModel } from './models/pending-claim.js';
import { PendingClaimRepository } from './pending-claims.js';
import { StaffRepository } from './staff.js';
import { ActivityRepository } from './activity.js';
import { AuditLog } from './audit.js';
import { createZaloRepositories, zaloModels, type ZaloRepositories } from './zalo-repositories.js';
import { migrateStaffChats } from './staff-chats-migration.js';
import { migrateNeeds } from './needs-migration.js';
import { AppointmentRepository } from './appointments.js';
import { appointmentModel, appointmentSlotModel } from './models/appointment.js';
import { customerSegmentModel } from './models/segment.js';
import { SegmentRepository } from './segments.js';
import { linkTokenModel } from './models/link-token.js';
import { LinkTokenRepository } from './link-tokens.js';
import { mergeModel } from './models/merge.js';
import { MergeRepository } from './merges.js';

import { webLoginLinkModel, webSessionModel } from './models/web-session.js';
import { WebSessionRepository } from './web-sessions.js';
import { CustomerListing } from './customer-listing.js';
import { cardEditModel } from './models/card-edit.js';
import { CardEditRepository } from './card-edits.js';
import { OverviewStats } from './stats.js';
import { moneyEntryModel, treatmentPackageModel } from './models/money.js';
import { MoneyRepository } from './money.js';
import { spaSettingsModel } from './models/spa-settings.js';
import { SpaSettingsRepository } from './spa-settings.js';
import { photoChunkModel, photoFileModel } from './models/photo.js';
import { PhotoRepository } from './photos.js';
import { campaignModel } from './models/campaign.js';
import { CampaignRepository } from './campaigns.js';

export function allModels(conn: Connection) {
  return [customerModel(conn), phoneKeyModel(conn), identityModel(conn), conversationModel(conn), callModel(conn), visitModel(conn), noteModel(conn), ...zaloModels(conn), outboxModel(conn), jobRunModel(conn), staffModel(conn), staffChatModel(conn), inviteModel(conn), inviteClaimModel(conn), inviteAttemptModel(conn), auditModel(conn), pendingClaimModel(conn), appointmentModel(conn), appointmentSlotModel(conn), customerSegmentModel(conn), linkTokenModel(conn), mergeModel(conn), webLoginLinkModel(conn), webSessionModel(conn), moneyEntryModel(conn), treatmentPackageModel(conn), spaSettingsModel(conn), cardEditModel(conn), photoFileModel(conn), photoChunkModel(conn), campaignModel(conn)];
}

export async function ensureIndexes(conn: Connection): Promise<void> {
  for (const model of allModels(conn)) {
    await model.createCollection().catch((e: unknown) => {
      if (!/already exists/i.test(String((e as Error).message))) throw e;
    });
    await model.createIndexes();
  }
  await migrateStaffChats(conn);
  await migrateNeeds(conn);
}

export interface Store {
  conn: Connection;
  customers: CustomerRepository;
  conversations: ConversationRepository;
  zalo: ZaloRepositories;
  staff: StaffRepository;
  activity: ActivityRepository;
  audit: AuditLog;
  outbox: OutboxRepository;
  /** Answers for a phone a chat did not prove, waiting for staff or for the chat to verify (issue 12). */
  claims: PendingClaimRepository;
  /** Appointments (lịch hẹn) and the slot keys that keep a technician from being booked twice (issue 13). */
  appointments: AppointmentRepository;
  /** Each customer's lifecycle segment as last computed, with what lists slice it by (issue 14). */
  segments: SegmentRepository;
  /** One-time links from a card staff made to the customer's own chat (QR / deep link after /kh). */
  linkTokens: LinkTokenRepository;
  /** Merges of two records of one person, with their 30-day undo (issue 17). */
  merges: MergeRepository;
  /** The owner's web page: one-time login links and browser sessions (issue 15). */
  web: WebSessionRepository;
  /** Pages of customers and the overview's counts, for the web page. */
  listing: CustomerListing;
  stats: OverviewStats;
  /** The money ledger (one keyed document per operation), treatment packages and the visits that use them (issue 13). */
  money: MoneyRepository;
  spaSettings: SpaSettingsRepository;
  /** Who changed what on a card, before and after (issue 17). */
  cardEdits: CardEditRepository;
  /** Customer photos in GridFS (bucket `photos`), with their tag, visit and uploader (issue 17). */
  photos: PhotoRepository;
  /** Campaigns to a segment (issue 14); their messages are outbox rows. */
  campaigns: CampaignRepository;
}

export interface StoreOptions {
  /** How old the in-memory list of staff chats may get before it is read again (StaffChatDirectory). */
  staffDirectoryMaxAgeMs?: number;
}

export function createStore(conn: Connection, now: () => Date = () => new Date(), opts: StoreOptions = {}): Store {
  return { conn, customers: new CustomerRepository(conn, now), conversations: new ConversationRepository(conn), zalo: createZaloRepositories(conn), staff: new StaffRepository(conn, now, { directoryMaxAgeMs: opts.staffDirectoryMaxAgeMs }), activity: new ActivityRepository(conn), audit: new AuditLog(conn, now), outbox: new OutboxRepository(conn, now), claims: new PendingClaimRepository(conn, now), appointments: new AppointmentRepository(conn, now), segments: new SegmentRepository(conn), linkTokens: new LinkTokenRepository(conn, now), merges: new MergeRepository(conn, now), web: new WebSessionRepository(conn, now), listing: new CustomerListing(conn), stats: new OverviewStats(conn), money: new MoneyRepository(conn, now), spaSettings: new SpaSettingsRepository(conn, now), cardEdits: new CardEditRepository(conn), photos: new PhotoRepository(conn, now), campaigns: new CampaignRepository(conn, now) };
}

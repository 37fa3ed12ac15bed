// A campaign message's text, rendered when it is sent from the campaign's template and the live card (issue 14), so a
// campaign cancelled after its messages were queued sends nothing, and a renamed customer gets her new name.
import { renderTemplate } from '../src/domain/campaign-template.js';
import { templateValues } from '../src/services/campaigns.js';
import { CampaignRepository, CAMPAIGN_PURPOSE } from '../src/store/campaigns.js';
import type { Customer } from '../src/store/customers.js';
import type { OutboxMessage, OutboxPurpose } from '../src/store/outbox.js';
import { SegmentRepository } from '../src/store/segments.js';
import type { JobContext } from './job-deps.js';

export const isCampaignPurpose = (p: OutboxPurpose): boolean => p === CAMPAIGN_PURPOSE;

/** The text for this customer; null when the campaign is gone or cancelled. */
export async function campaignCustomerText(ctx: JobContext, row: OutboxMessage, c: Customer): Promise<string | null> {
  const campaign = await new CampaignRepository(ctx.conn).findById(row.occasion);
  if (!campaign || campaign.state === 'cancelled') return null;
  const segment = await new SegmentRepository(ctx.conn).findById(c.id);
  return renderTemplate(campaign.template, templateValues(c, ctx.settings.spaName, segment?.lastService));
}

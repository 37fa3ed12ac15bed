// Moving a need to another stage (issue 17: quan tâm → đang điều trị → đã xong), for any front end. The viewer
// needs full access to the customer, as for every card edit; the move appends a dated entry (the history stays),
// is audited (field names only) and kept in the card's who-changed-what history.
import { isNeedStage, NEED_STAGE_NAMES, needKey, needLabel, type NeedStage } from '../domain/needs.js';
import { err, ok, type Result } from '../domain/result.js';
import type { Actor, Customer } from '../store/customers.js';
import type { CustomerAccess } from './customer-access.js';

export type NeedMoveRefusal =
  /** No such customer, or not in the viewer's full access: one answer, so nothing leaks. */
  | { kind: 'not_allowed' }
  /** A stage nobody defined (a forged button). */
  | { kind: 'bad_stage' }
  /** No such need on her card now. */
  | { kind: 'no_such_need' };

export interface NeedMoved {
  customer: Customer;
  need: string;
  from: NeedStage;
  stage: NeedStage;
  changed: boolean;
}

export async function moveNeedStage(access: CustomerAccess, now: Date, customerId: string, key: string, stage: string): Promise<Result<NeedMoved, NeedMoveRefusal>> {
  if (!isNeedStage(stage)) return err({ kind: 'bad_stage' });
  const customer = await access.withFullAccess(customerId);
  if (!customer) return err({ kind: 'not_allowed' });
  const v = access.viewer;
  const actor: Actor = v.kind === 'staff' ? { kind: 'staff', id: v.staffId, channel: v.channel } : { kind: 'cli' };
  const moved = await access.store.customers.moveNeed(customer.id, key, stage, actor, now);
  if (!moved) return err({ kind: 'no_such_need' });
  const need = moved.customer.needs.find((n) => needKey(n) === key);
  const label = need ? needLabel(need) : key;
  if (moved.changed) {
    await access.record('update', customer.id, 'fields=needs');
    const vi = NEED_STAGE_NAMES.vi;
    await access.store.cardEdits.add({ customerId: customer.id, field: 'needs', from: `${label}: ${vi[moved.from]}`, to: `${label}: ${vi[stage]}`, by: actor, at: now });
  }
  return ok({ customer: moved.customer, need: label, from: moved.from, stage, changed: moved.changed });
}

// A guest registers through the real grammY bot, the real engine and the real database, by polling and by webhook.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { User } from 'grammy/types';
import type { Engine } from '../../src/engine/types.js';
import { makeEngine } from '../support/chat.js';
import { TestClock } from '../support/clock.js';
import { copyPattern, SPA, staffVi, vi, you } from '../support/copy.js';
import { openTestDb, type TestDb } from '../support/db.js';
import type { Params } from '../support/fake-bot-api.js';
import { startTelegramHarness, type Mode, type TelegramHarness } from '../support/telegram-harness.js';
import { command, contact, GROUP_CHAT, GUEST, mention, OTHER_GUEST, tap, text, withId, type UpdateBody } from '../support/telegram-updates.js';

interface Button {
  text: string;
  callback_data?: string;
  request_contact?: boolean;
}

/** A Telegram user in a private chat: sends updates, reads what the bot sent back, taps buttons by label. */
class TelegramGuest {
  last: Params[] = [];
  private nextMessageId = 500;
  constructor(
    public h: TelegramHarness,
    readonly user: User,
  ) {}

  /** Buttons added to a sent message afterwards (when the phone keyboard had to go first). */
  edits: Params[] = [];

  async send(update: UpdateBody): Promise<Params[]> {
    const mine = (p: Params) => String(p.chat_id) === String(this.user.id);
    const sends = this.h.api.callsTo('sendMessage').length;
    const edits = this.h.api.callsTo('editMessageReplyMarkup').length;
    await this.h.deliver(update);
    this.last = this.h.api.callsTo('sendMessage').slice(sends).filter(mine);
    this.edits = this.h.api.callsTo('editMessageReplyMarkup').slice(edits).filter(mine);
    return this.last;
  }
  get said(): string {
    return this.last.map((p) => String(p.text)).join('\n');
  }
  get buttons(): Button[] {
    return [...this.last, ...this.edits].flatMap((p) => {
      const m = p.reply_markup as { inline_keyboard?: Button[][]; keyboard?: Button[][] } | undefined;
      return [...(m?.inline_keyboard ?? []), ...(m?.keyboard ?? [])].flat();
    });
  }
  get asksForPhone(): boolean {
    return this.buttons.some((b) => b.request_contact === true);
  }
  /** Taps the button whose label contains `label`: a callback for inline buttons, its label as text for keyboard ones. */
  press(label: string): Promise<Params[]> {
    const b = this.buttons.find((x) => x.text.includes(label));
    if (!b) throw new Error(`no button "${label}" in: ${JSON.stringify(this.last)}`);
    return this.send(b.callback_data !== undefined ? tap(this.user, b.callback_data, this.nextMessageId++) : text(this.user, b.text));
  }
}

describe.each<Mode>(['polling', 'webhook'])('Telegram with the real engine (%s)', (mode) => {
  let db: TestDb;
  let engine: Engine;
  let h: TelegramHarness;
  beforeAll(async () => {
    db = await openTestDb(`telegram_${mode}`);
  });
  afterAll(async () => db?.close());
  beforeEach(async () => {
    await db.clear();
    ({ engine } = makeEngine(db, new TestClock('2026-03-10T03:00:00Z')));
    h = await startTelegramHarness(mode, engine);
  });
  afterEach(async () => h?.stop());

  const customers = () => db.conn.db!.collection('customers').find({}).toArray();

  it('completes a registration: consent, profile name, shared phone, birthday, needs, confirm', async () => {
    const guest = new TelegramGuest(h, GUEST);
    await guest.send(command(GUEST, '/start'));
    expect(guest.said).toContain(vi.greeting({ spa: SPA, you: you() }));
    expect(guest.said).toContain(vi.consentQuestion({ spa: SPA, you: you() }));
    await guest.press(vi.consentYes);
    await guest.press(vi.no);
    await guest.press(vi.skip);
    await guest.press(vi.skip);
    await guest.press('Lan');
    // The button offered the Telegram profile's name, "Lan Nguyễn": the bot then addresses her by it.
    expect(guest.said).toContain(vi.askPhone({ you: you('Lan Nguyễn') }));
    expect(guest.asksForPhone).toBe(true);
    await guest.send(contact(GUEST, '+84912345678'));
    // The phone keyboard goes at once; the next question's buttons follow by an edit of the same message.
    expect(guest.last[0]?.reply_markup).toEqual({ remove_keyboard: true });
    expect(guest.edits).toEqual([expect.objectContaining({ reply_markup: { inline_keyboard: [[expect.objectContaining({ text: vi.skip })]] } })]);
    await guest.send(text(GUEST, '12/3'));
    await guest.press('Trị mụn');
    await guest.press(vi.needsDone);
    expect(guest.said).toContain(vi.confirmCard({ you: you('Lan Nguyễn'), card: { name: 'Lan Nguyễn', phone: '0912 345 678', birthday: '12/3', needs: 'Trị mụn', health: vi.consentUnanswered, photo: vi.consentUnanswered } }));
    await guest.press(vi.confirmSave);
    expect(guest.said).toContain(vi.saved({ spa: SPA, you: you('Lan Nguyễn') }));

    const all = await customers();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ phone: '+84912345678', phoneVerified: true, birthday: { day: 12, month: 3 } });
    const link = await db.conn.db!.collection('channel_identities').findOne({ channel: 'telegram', userId: String(GUEST.id) });
    expect(link).toMatchObject({ account: String(h.api.me.id), customerId: all[0]!._id });
    expect(h.logLines.join('\n')).not.toContain('0912');
  });

  it('drives a staff flow: quick add with a card, search by digits, a call with the 24 h warning', async () => {
    const { store } = makeEngine(db, new TestClock('2026-03-10T03:00:00Z'));
    const added = await store.staff.add({ name: 'Hoa', role: 'staff', branchId: 'q1', chats: [{ channel: 'telegram', userId: String(OTHER_GUEST.id) }] });
    expect(added.ok).toBe(true);
    const staff = new TelegramGuest(h, OTHER_GUEST);
    await staff.send(command(OTHER_GUEST, '/kh Lan 0912345678 12/3 trị mụn'));
    expect(staff.said).toContain(staffVi.addCard({ name: 'Lan', phone: '0912 345 678', birthday: '12/3', needs: 'Trị mụn' }));
    await staff.press(staffVi.addSave);
    expect(staff.said).toContain(staffVi.addSaved({ name: 'Lan' }));
    await staff.send(command(OTHER_GUEST, '/tim 5678'));
    await staff.press('Lan');
    expect(staff.said).toContain('0912 345 678');
    await staff.send(command(OTHER_GUEST, '/goi đã tư vấn gói trị mụn'));
    await staff.send(command(OTHER_GUEST, '/goi gọi lại'));
    expect(staff.said).toMatch(copyPattern((hole) => staffVi.callWarning({ who: staffVi.callerYou, customer: 'Lan', ago: hole(), content: 'đã tư vấn gói trị mụn' })));
    const [c] = await customers();
    expect(c).toMatchObject({ name: 'Lan', phone: '+84912345678', managerStaffId: added.ok ? added.value.id : '' });
  });

  it('refuses a shared contact that belongs to someone else', async () => {
    const guest = new TelegramGuest(h, GUEST);
    await guest.send(command(GUEST, '/start'));
    await guest.press(vi.consentYes);
    await guest.press(vi.no);
    await guest.press(vi.skip);
    await guest.press(vi.skip);
    await guest.press('Lan');
    await guest.send(contact(GUEST, '+84987654321', OTHER_GUEST));
    expect(guest.said).toContain(vi.foreignContact({ you: you('Lan Nguyễn') }));
    expect(guest.asksForPhone).toBe(true);
  });

  it('applies a redelivered update once, even after the adapter restarted and forgot it', async () => {
    const guest = new TelegramGuest(h, GUEST);
    await guest.send(command(GUEST, '/start'));
    const consentTap = guest.buttons.find((b) => b.text.includes(vi.consentYes))!.callback_data!;
    const once = withId(tap(GUEST, consentTap), 80_001);
    await guest.send(once);
    const afterFirst = guest.said;

    await h.stop();
    h = await startTelegramHarness(mode, engine); // a fresh adapter: only the engine's eventId check remains
    guest.h = h;
    expect(await guest.send(once)).toEqual([]);
    await guest.send(command(GUEST, '/help'));
    expect(guest.said).not.toBe('');
    expect(afterFirst).toContain(vi.marketingQuestion({ spa: SPA, you: you() })); // the step the first delivery reached, not one beyond it
  });

  it('answers a command in a group with one line, and a mention with nothing', async () => {
    await h.deliver(command(GUEST, '/start', GROUP_CHAT));
    await h.deliver(mention(OTHER_GUEST, h.api.me.username, 'đăng ký'));
    const toGroup = h.api.callsTo('sendMessage').filter((p) => p.chat_id === GROUP_CHAT.id);
    expect(toGroup).toHaveLength(1);
    expect(toGroup[0]?.reply_markup).toBeUndefined();
    expect(await customers()).toHaveLength(0);
  });
});

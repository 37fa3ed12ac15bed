// Random input at every step: no crash, always at least one reply, nothing invalid ever stored.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { addressKey } from '../../src/domain/channel.js';
import { parseVnMobile } from '../../src/domain/phone.js';
import { normalizeName } from '../../src/domain/name.js';
import { Chat, INTAKE_STEPS, makeEngine, reachStep } from '../support/chat.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';

let db: TestDb;
beforeAll(async () => {
  db = await openTestDb('fuzz');
});
afterAll(async () => db.close());

const nasty = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom('{"$gt":""}', '$where', 'a.b', '\u0000', '\u202Eabc', '🙂🙂🙂', 'x'.repeat(5000), '', '   ', '1', '99', '/start', 'huy', 'quay lai', 'bo qua', 'sua ten', '31/02', '+1 202 555 0100'),
);

const steps = INTAKE_STEPS;
const reach = reachStep;

describe('random input at every step', () => {
  it.each(steps)(
    'never crashes or goes silent at %s, and stores only valid customers',
    async (step) => {
      const clock = new TestClock('2026-03-10T03:00:00Z');
      const { engine } = makeEngine(db, clock);
      const chat = new Chat(engine);
      await reach(chat, step);
      const conversations = db.conn.db!.collection('conversations');
      const atStep = await conversations.findOne({ _id: addressKey(chat.address) as never });
      let sent = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(nasty, { minLength: 1, maxLength: 4 }), async (inputs) => {
          // Put the chat back at the step under test (cheaper than replaying the dialogue for every run).
          await conversations.updateOne({ _id: atStep!._id }, { $set: { chat: atStep!.chat } });
          await db.conn.db!.collection('channel_identities').deleteMany({ userId: chat.address.userId });
          for (const input of inputs) {
            const replies = await chat.text(input);
            sent++;
            expect(replies.length).toBeGreaterThan(0);
            for (const r of replies) expect(r.text.length).toBeGreaterThan(0);
          }
        }),
        { numRuns: 120, ...(process.env.CI ? { seed: 20261123 } : {}) },
      );
      expect(sent).toBeGreaterThanOrEqual(120);
      const stored = await db.conn.db!.collection('customers').find({}).toArray();
      for (const c of stored) {
        expect(normalizeName(c.name as string)).toEqual({ ok: true, value: c.name });
        expect(parseVnMobile(c.phone as string)).toEqual({ ok: true, value: { e164: c.phone } });
        expect(JSON.stringify(c)).not.toContain('\u0000');
      }
    },
    120_000,
  );
});

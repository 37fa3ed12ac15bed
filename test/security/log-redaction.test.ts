// Issue 12: error stacks and nested fields carry no personal data into the log, whatever shape they take.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '../../src/log.js';
import { customerModel } from '../../src/store/models/customer.js';
import { openTestDb, type TestDb } from '../support/db.js';

const NAME = 'Nguyễn Thị Lan';
const PHONES = ['0912345678', '0912 345 678', '+84912345678', '84912345678'];
const SECRETS = [NAME, 'Nguyễn', 'Thị Lan', ...PHONES, '912345678', '345 678', '12/03/1990'];

function capture(): { lines: string[]; log: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  const log = createLogger('debug', { write: (s: string) => void lines.push(s) });
  return { lines, log };
}

function expectClean(out: string): void {
  for (const secret of SECRETS) expect(out).not.toContain(secret);
}

/** An error the way a careless caller builds one: the person in the message, the payload and the cause. */
function craftedError(): Error {
  const root = new Error(`phone ${PHONES[1]} already belongs to ${NAME}`);
  const err = new Error(`could not save ${NAME} (${PHONES[0]}), born 12/03/1990`, { cause: root }) as Error & Record<string, unknown>;
  err.name = 'SaveError';
  err.code = 'E_SAVE';
  err.customer = { profile: { fullName: NAME, contacts: [{ kind: 'mobile', value: PHONES[2] }], notes: [`gọi ${PHONES[3]}`] } };
  err.errors = [new Error(`bad birthday for ${NAME}`)];
  return err;
}

describe('log lines carry no personal data', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb('logs');
  });
  afterAll(async () => {
    await db.close();
  });

  it('logs a crafted error (message, stack, payload, cause chain) by type, code and frames only', () => {
    const { lines, log } = capture();
    const e = craftedError();
    expect(e.stack).toContain(NAME); // the stack's first line repeats the message
    log.error({ customerId: 'c1', err: e }, 'save failed');
    log.error(e);
    log.warn({ detail: { nested: [{ deeper: { err: e, who: { name: NAME, phone: PHONES[2] } } }] } }, 'nested');
    const out = lines.join('');
    expectClean(out);
    const first = JSON.parse(lines[0]!) as { customerId: string; msg: string; err: { type: string; code: string; frames: string; cause: { type: string }; errors: unknown[] } };
    expect(first.customerId).toBe('c1');
    expect(first.msg).toBe('save failed');
    expect(first.err).toMatchObject({ type: 'SaveError', code: 'E_SAVE', cause: { type: 'Error' } });
    expect(first.err.frames).toMatch(/log-redaction\.test\.ts/);
    expect(first.err.errors).toHaveLength(1);
    expect(JSON.parse(lines[1]!).msg).toBe('error');
  });

  it('masks phone-like digit runs in any text, keeps long ids and counts', () => {
    const { lines, log } = capture();
    log.info({ oaId: '4000000000000000042', count: 3, reason: `typed ${PHONES[1]} twice`, list: [`a ${PHONES[0]}`, { deep: { deeper: { deepest: PHONES[2] } } }] }, `looked up ${PHONES[3]}`);
    const out = lines.join('');
    expectClean(out);
    expect(out).toContain('4000000000000000042');
    expect(out).toContain('[phone]');
  });

  it('logs a real validation error of the customer model without the values it quotes', async () => {
    // FerretDB's duplicate-key errors quote nothing; mongoose's cast errors quote the refused value (on MongoDB,
    // duplicate-key errors do too, in `keyValue` and the message).
    const e = await customerModel(db.conn)
      .create({ name: NAME, phone: PHONES[2], birthday: { day: `${NAME} ${PHONES[0]}` as unknown as number, month: 3 } })
      .then(
        () => undefined,
        (x: unknown) => x,
      );
    expect(e).toBeInstanceOf(Error);
    const leaked = JSON.stringify({ m: (e as Error).message, s: (e as Error).stack, ...(e as object) });
    expect(leaked).toContain(NAME); // what pino's standard serializer would have written
    const { lines, log } = capture();
    log.error({ err: e, op: 'create' }, 'create failed');
    expectClean(lines.join(''));
    expect(JSON.parse(lines[0]!).err).toMatchObject({ type: 'ValidationError' });
  });

  it('redacts sensitive keys at any depth in child bindings too', () => {
    const { lines, log } = capture();
    log.child({ chat: { profile: { displayName: NAME } } }).info({ a: { b: { c: { d: { phone: PHONES[0], birthday: '12/03/1990' } } } } }, 'deep');
    expectClean(lines.join(''));
  });
});

// Scripted dialogues against the real engine and database: send what a guest sends, read what the bot says.
import { vi } from '../../src/engine/copy/vi.js';
import { createEngine } from '../../src/engine/engine.js';
import type { EngineSettings } from '../../src/engine/engine.js';
import type { ChannelAddress, Engine, InboundEvent, Reply } from '../../src/engine/types.js';
import { createLogger } from '../../src/log.js';
import { createStore, type Store } from '../../src/store/index.js';
import type { TestDb } from './db.js';
import type { TestClock } from './clock.js';

export const SETTINGS: EngineSettings = {
  spaName: 'Spa Hoa Sen',
  services: ['Chăm sóc da', 'Trị mụn', 'Massage', 'Gội đầu dưỡng sinh'],
  timeZone: 'Asia/Ho_Chi_Minh',
  defaultLanguage: 'vi',
};

export function makeEngine(db: TestDb, clock: TestClock, settings: EngineSettings = SETTINGS): { engine: Engine; store: Store } {
  const store = createStore(db.conn, clock.now);
  return { engine: createEngine({ store, settings, now: clock.now, log: createLogger('silent') }), store };
}

let seq = 0;

export class Chat {
  last: Reply[] = [];
  constructor(
    public engine: Engine,
    public address: ChannelAddress = { channel: 'telegram', account: 'testbot', userId: String(100000 + ++seq) },
    public displayName = 'Lan Nguyen',
  ) {}

  async send(event: InboundEvent, eventId?: string): Promise<Reply[]> {
    this.last = await this.engine.handle({ address: this.address, event, profile: { displayName: this.displayName }, chatType: 'private', ...(eventId ? { eventId } : {}) });
    return this.last;
  }
  text(t: string, eventId?: string): Promise<Reply[]> {
    return this.send({ kind: 'text', text: t }, eventId);
  }
  command(c: string, args = ''): Promise<Reply[]> {
    return this.send({ kind: 'command', command: c, args });
  }
  /** Presses the offered button whose label contains `label` (fails loudly when there is none). */
  press(label: string): Promise<Reply[]> {
    const choice = this.last.flatMap((r) => r.choices ?? []).find((c) => c.label.includes(label));
    if (!choice) throw new Error(`no button "${label}" in: ${JSON.stringify(this.last)}`);
    return this.send({ kind: 'choice', value: choice.value });
  }
  contact(phone: string, verified = true): Promise<Reply[]> {
    return this.send({ kind: 'contact', phone, verified });
  }
  /** Everything the bot said in the last turn, as one string. */
  get said(): string {
    return this.last.map((r) => r.text).join('\n');
  }
  get buttons(): string[] {
    return this.last.flatMap((r) => r.choices ?? []).map((c) => c.label);
  }
}

export const INTAKE_STEPS = ['consent', 'marketing', 'health', 'photo', 'name', 'phone', 'birthday', 'needs', 'confirm'] as const;
export type IntakeStepName = (typeof INTAKE_STEPS)[number];

/** Walks a new guest through the intake until the bot has just asked `step`. */
export async function reachStep(chat: Chat, step: IntakeStepName): Promise<void> {
  const script: [IntakeStepName, () => Promise<unknown>][] = [
    ['consent', () => chat.command('start')],
    ['marketing', () => chat.press(vi.consentYes)],
    ['health', () => chat.press(vi.no)],
    ['photo', () => chat.press(vi.no)],
    ['name', () => chat.press(vi.no)],
    ['phone', () => chat.text('Nguyễn Thị Lan')],
    ['birthday', () => chat.text('0912345678')],
    ['needs', () => chat.text('12/3')],
    ['confirm', () => chat.press(vi.needsDone)],
  ];
  for (const [name, run] of script) {
    await run();
    if (name === step) return;
  }
}

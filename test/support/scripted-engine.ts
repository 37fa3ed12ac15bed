// A tiny scripted Engine for channel-adapter tests: consent → name → phone, with the real engine's contract
// (dedupe by eventId per address, one line for groups, unverified contacts refused). Swap in createEngine for the real flow.
import type { ChannelAddress, Engine, Inbound, Reply } from '../../src/engine/types.js';

export const SCRIPT = {
  consent: { text: 'Dạ em chào anh/chị! Anh/chị đồng ý để spa lưu thông tin không ạ?', choices: [{ label: 'Đồng ý', value: 'consent:yes' }, { label: 'Không', value: 'consent:no' }] },
  askName: (suggested?: string): Reply => ({
    text: 'Dạ anh/chị tên gì ạ?',
    ...(suggested ? { choices: [{ label: suggested, value: 'name:profile' }] } : {}),
  }),
  askPhone: { text: 'Dạ cho em xin số điện thoại ạ.', requestPhone: { label: 'Chia sẻ số điện thoại' } },
  notYourPhone: { text: 'Dạ đây là số của người khác ạ. Anh/chị chia sẻ số của mình giúp em nhé.', requestPhone: { label: 'Chia sẻ số điện thoại' } },
  saved: { text: 'Dạ em đã lưu hồ sơ của anh/chị ạ.' },
  groupNotice: { text: 'Dạ anh/chị nhắn riêng cho em để đăng ký nhé ạ.' },
  unsupported: { text: 'Dạ em chỉ đọc được tin nhắn chữ ạ.' },
} satisfies Record<string, Reply | ((...a: never[]) => Reply)>;

type Step = 'consent' | 'name' | 'phone' | 'done';

export interface Registration {
  name: string;
  phone: string;
  verified: boolean;
}

export interface ScriptedEngine extends Engine {
  /** Every inbound handed to the engine, duplicates included. */
  readonly received: Inbound[];
  /** Inbounds that had an effect (not deduplicated). */
  readonly applied: Inbound[];
  readonly registrations: Map<string, Registration>;
  /** Text that makes the step throw, to prove one bad update does not stop the adapter. */
  readonly poison: string;
}

const key = (a: ChannelAddress): string => `${a.channel}|${a.account}|${a.userId}`;

export function createScriptedEngine(): ScriptedEngine {
  const received: Inbound[] = [];
  const applied: Inbound[] = [];
  const registrations = new Map<string, Registration>();
  const steps = new Map<string, Step>();
  const names = new Map<string, string>();
  const seen = new Set<string>();
  const poison = 'boom';

  return {
    received,
    applied,
    registrations,
    poison,
    async handle(inbound: Inbound): Promise<Reply[]> {
      received.push(inbound);
      const k = key(inbound.address);
      // A failing step saves nothing, as the real engine's does (its eventId is stored with the state it saves).
      if (inbound.event.kind === 'text' && inbound.event.text === poison) throw new Error('scripted failure');
      if (inbound.eventId) {
        if (seen.has(`${k}#${inbound.eventId}`)) return [];
        seen.add(`${k}#${inbound.eventId}`);
      }
      applied.push(inbound);
      const ev = inbound.event;
      if (inbound.chatType === 'group') return [SCRIPT.groupNotice];
      if (ev.kind === 'command' && ev.command === 'start') {
        steps.set(k, 'consent');
        return [SCRIPT.consent];
      }
      const step = steps.get(k) ?? 'consent';
      if (ev.kind === 'unsupported') return [SCRIPT.unsupported];
      if (step === 'consent') {
        if (ev.kind === 'choice' && ev.value === 'consent:yes') {
          steps.set(k, 'name');
          return [SCRIPT.askName(inbound.profile?.displayName)];
        }
        return [SCRIPT.consent];
      }
      if (step === 'name') {
        const name = ev.kind === 'text' ? ev.text : ev.kind === 'choice' && ev.value === 'name:profile' ? inbound.profile?.displayName : undefined;
        if (!name) return [SCRIPT.askName(inbound.profile?.displayName)];
        names.set(k, name);
        steps.set(k, 'phone');
        return [SCRIPT.askPhone];
      }
      if (step === 'phone') {
        if (ev.kind === 'contact' && !ev.verified) return [SCRIPT.notYourPhone];
        const phone = ev.kind === 'contact' ? ev.phone : ev.kind === 'text' ? ev.text : undefined;
        if (!phone) return [SCRIPT.askPhone];
        registrations.set(k, { name: names.get(k) ?? '', phone, verified: ev.kind === 'contact' });
        steps.set(k, 'done');
        return [SCRIPT.saved];
      }
      return [SCRIPT.saved];
    },
  };
}

// The owner's settings page (issue 15): what is in use, what the environment (.env) says, and changing one value.
// A change is checked by the setting's own rule (src/config.ts), written with a compare-and-set, audited, and taken
// up by every process within a minute (src/live-settings.ts); removing it returns to the environment's value.
import { EDITABLE_SETTINGS, isEditableSetting, settingText, withOverrides, type Config, type EditableSetting } from '../config.js';
import type { Store } from '../store/index.js';
import type { StaffMember } from '../store/staff.js';

export interface SettingRow {
  name: EditableSetting;
  /** In use now (the owner's value, or the environment's). */
  value: string;
  /** What the environment says. */
  fromFile: string;
  changed: boolean;
}

export async function settingRows(store: Store, base: Config): Promise<{ rows: SettingRow[]; version: number }> {
  const stored = await store.spaSettings.read();
  const { config } = withOverrides(base, stored.values);
  const rows = EDITABLE_SETTINGS.map((name) => ({ name, value: settingText(config, name), fromFile: settingText(base, name), changed: name in stored.values }));
  return { rows, version: stored.version };
}

export type SettingChange = { ok: true } | { ok: false; why: 'not_allowed' | 'unknown' | 'invalid' | 'conflict'; detail?: string };

const MAX_VALUE = 1000;

/** Sets one setting (value) or returns it to the environment's (null). Owners only. */
export async function changeSetting(store: Store, member: StaffMember, base: Config, p: { name: string; value: string | null; version: number }): Promise<SettingChange> {
  if (member.role !== 'owner' || !member.active) return { ok: false, why: 'not_allowed' };
  if (!isEditableSetting(p.name)) return { ok: false, why: 'unknown' };
  const value = p.value === null ? null : p.value.trim();
  if (value !== null && value.length > MAX_VALUE) return { ok: false, why: 'invalid', detail: `${p.name}: at most ${MAX_VALUE} characters` };
  const stored = await store.spaSettings.read();
  if (stored.version !== p.version) return { ok: false, why: 'conflict' };
  const next = { ...stored.values };
  if (value === null || value === '') delete next[p.name];
  else next[p.name] = value;
  const problems = withOverrides(base, next).problems.filter((x) => x.startsWith(`${p.name}:`) || x.startsWith('SEGMENT_LOST_DAYS:'));
  if (problems.length) return { ok: false, why: 'invalid', detail: problems.join('; ') };
  const written = await store.spaSettings.set(p.name, value === '' ? null : value, stored.version, member.id);
  if (!written) return { ok: false, why: 'conflict' };
  await store.audit.record({ actor: { kind: 'staff', id: member.id }, action: 'settings_change', channel: 'web', detail: `${p.name} ${value === null || value === '' ? 'reset' : 'set'}` });
  return { ok: true };
}

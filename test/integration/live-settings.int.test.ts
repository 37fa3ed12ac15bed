// The owner's settings from the web page (issue 15): each value checked by the environment's own rule, a stale
// save refused, only owners, and every process picks a change up (two live views on one database).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../src/config.js';
import { liveSettings } from '../../src/live-settings.js';
import { createLogger } from '../../src/log.js';
import { changeSetting, settingRows } from '../../src/services/spa-settings.js';
import { createStore, type Store } from '../../src/store/index.js';
import type { StaffMember } from '../../src/store/staff.js';
import { openTestDb, type TestDb } from '../support/db.js';

let db: TestDb;
let store: Store;
let owner: StaffMember;
let manager: StaffMember;
const base = loadConfig({ SPA_SERVICES: 'Chăm sóc da,Massage', QUIET_HOURS_START: '21:00' });
const log = createLogger('silent');

beforeAll(async () => {
  db = await openTestDb('live_settings');
  store = createStore(db.conn);
  const o = await store.staff.add({ name: 'Chủ', role: 'owner' });
  const m = await store.staff.add({ name: 'Quản lý', role: 'manager', branchId: 'q1' });
  if (!o.ok || !m.ok) throw new Error('staff not added');
  owner = o.value;
  manager = m.value;
});
beforeEach(async () => {
  await db.conn.collection('spa_settings').deleteMany({});
});
afterAll(async () => db?.close());

const version = async () => (await store.spaSettings.read()).version;

describe('changing a setting', () => {
  it('stores a valid value in the environment form, shows it in use beside the .env value, and resets it', async () => {
    expect(await changeSetting(store, owner, base, { name: 'SPA_SERVICES', value: 'Gội đầu, Nối mi', version: 0 })).toEqual({ ok: true });
    const { rows, version: v } = await settingRows(store, base);
    expect(rows.find((r) => r.name === 'SPA_SERVICES')).toEqual({ name: 'SPA_SERVICES', value: 'Gội đầu, Nối mi', fromFile: 'Chăm sóc da, Massage', changed: true });
    expect(v).toBe(1);
    expect((await store.audit.recent(1))[0]).toMatchObject({ action: 'settings_change', channel: 'web', detail: 'SPA_SERVICES set' });
    expect(await changeSetting(store, owner, base, { name: 'SPA_SERVICES', value: null, version: 1 })).toEqual({ ok: true });
    expect((await settingRows(store, base)).rows.find((r) => r.name === 'SPA_SERVICES')).toMatchObject({ value: 'Chăm sóc da, Massage', changed: false });
  });

  it('refuses a value its rule refuses, and segment days that contradict each other, writing nothing', async () => {
    const bad = await changeSetting(store, owner, base, { name: 'QUIET_HOURS_START', value: '25:99', version: 0 });
    expect(bad).toMatchObject({ ok: false, why: 'invalid' });
    expect(await changeSetting(store, owner, base, { name: 'STAFF_VISIBILITY', value: 'everyone', version: 0 })).toMatchObject({ ok: false, why: 'invalid' });
    expect(await changeSetting(store, owner, base, { name: 'SEGMENT_LOST_DAYS', value: '30', version: 0 })).toMatchObject({ ok: false, why: 'invalid' });
    expect(await changeSetting(store, owner, base, { name: 'GREETING_TEMPLATE_VI', value: 'Chúc mừng {khong_co}', version: 0 })).toMatchObject({ ok: false, why: 'invalid' });
    expect(await version()).toBe(0);
  });

  it('refuses a secret or an unknown name, a manager, and a save made on a stale page', async () => {
    expect(await changeSetting(store, owner, base, { name: 'TELEGRAM_BOT_TOKEN', value: '1:abc', version: 0 })).toEqual({ ok: false, why: 'unknown' });
    expect(await changeSetting(store, owner, base, { name: 'values.$where', value: 'x', version: 0 })).toEqual({ ok: false, why: 'unknown' });
    expect(await changeSetting(store, manager, base, { name: 'SPA_SERVICES', value: 'x', version: 0 })).toEqual({ ok: false, why: 'not_allowed' });
    expect(await changeSetting(store, owner, base, { name: 'SPA_SERVICES', value: 'Một', version: 0 })).toEqual({ ok: true });
    // A second tab still showing version 0 loses, instead of overwriting the first save.
    expect(await changeSetting(store, owner, base, { name: 'QUIET_HOURS_START', value: '22:00', version: 0 })).toEqual({ ok: false, why: 'conflict' });
    expect((await store.spaSettings.read()).values).toEqual({ SPA_SERVICES: 'Một' });
  });

  it('two first saves at once: one wins, the other is told to look again', async () => {
    const [a, b] = await Promise.all([
      changeSetting(store, owner, base, { name: 'SPA_SERVICES', value: 'A', version: 0 }),
      changeSetting(store, owner, base, { name: 'QUIET_HOURS_END', value: '07:00', version: 0 }),
    ]);
    expect([a, b].filter((x) => x.ok)).toHaveLength(1);
    expect(Object.keys((await store.spaSettings.read()).values)).toHaveLength(1);
  });
});

describe('every process follows a change', () => {
  it('a second process sees the change at its next poll, the saving one at once, and both hand it on', async () => {
    const here = await liveSettings(base, store, log, 60_000);
    const there = await liveSettings(base, createStore(db.conn), log, 50);
    const heard: string[][] = [];
    there.onChange((c) => heard.push(c.SPA_SERVICES));
    expect(here.current().SPA_SERVICES).toEqual(['Chăm sóc da', 'Massage']);
    expect(await changeSetting(store, owner, base, { name: 'SPA_SERVICES', value: 'Nối mi, Gội đầu', version: 0 })).toEqual({ ok: true });
    await here.refresh();
    expect(here.current().SPA_SERVICES).toEqual(['Nối mi', 'Gội đầu']);
    for (let i = 0; i < 100 && heard.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(heard).toEqual([['Nối mi', 'Gội đầu']]);
    expect(there.current().QUIET_HOURS_START).toBe('21:00');
    here.stop();
    there.stop();
  });

  it('a stored value that no longer passes its rule is left out; the rest still apply', async () => {
    await db.conn.collection('spa_settings').insertOne({ _id: 'spa', values: { SPA_SERVICES: 'Một', QUIET_HOURS_START: 'not-a-time' }, version: 3 } as never);
    const live = await liveSettings(base, store, log, 60_000);
    expect(live.current().SPA_SERVICES).toEqual(['Một']);
    expect(live.current().QUIET_HOURS_START).toBe('21:00');
    live.stop();
  });
});

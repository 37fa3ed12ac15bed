// The settings the owner changed on the web page (issue 15): one document, `_id` 'spa', holding values in the
// environment's own text form (SPA_SERVICES "a,b,c", QUIET_HOURS_START "21:00"), keyed by the setting's name. The
// names come from a fixed list (src/config.ts EDITABLE_SETTINGS), so no user text ever becomes a key.
import { Schema, type Connection, type Model } from 'mongoose';

export const spaSettingsSchema = new Schema(
  {
    _id: { type: String, required: true },
    values: { type: Map, of: String, default: () => new Map() },
    /** Raised by every change: writers compare and set it, other processes poll it. */
    version: { type: Number, required: true, default: 0 },
    updatedAt: { type: Date },
    updatedBy: { type: String },
  },
  { collection: 'spa_settings', strict: 'throw' },
);

export type SpaSettingsModel = Model<{ _id: string; values: Map<string, string>; version: number; updatedAt?: Date; updatedBy?: string }>;
export const spaSettingsModel = (conn: Connection): SpaSettingsModel =>
  (conn.models.SpaSettings as SpaSettingsModel | undefined) ?? (conn.model('SpaSettings', spaSettingsSchema) as unknown as SpaSettingsModel);

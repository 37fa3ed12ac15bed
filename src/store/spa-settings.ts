// The owner's changed settings (store/models/spa-settings.ts): read whole, changed one value at a time with a
// compare-and-set on the version, so two owners saving at once cannot lose each other's change silently.
import type { Connection } from 'mongoose';
import { spaSettingsModel, type SpaSettingsModel } from './models/spa-settings.js';

const ID = 'spa';

export interface StoredSettings {
  values: Record<string, string>;
  version: number;
  updatedAt?: Date;
  updatedBy?: string;
}

export class SpaSettingsRepository {
  private readonly model: SpaSettingsModel;

  constructor(
    conn: Connection,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.model = spaSettingsModel(conn);
  }

  async read(): Promise<StoredSettings> {
    const d = await this.model.collection.findOne({ _id: ID } as never);
    if (!d) return { values: {}, version: 0 };
    const values = (d.values ?? {}) as Record<string, unknown>;
    return {
      values: Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => typeof e[1] === 'string')),
      version: Number(d.version ?? 0),
      ...(d.updatedAt instanceof Date ? { updatedAt: d.updatedAt } : {}),
      ...(typeof d.updatedBy === 'string' ? { updatedBy: d.updatedBy } : {}),
    };
  }

  /** Only the version, for the other processes' poll. */
  async version(): Promise<number> {
    const d = await this.model.collection.findOne({ _id: ID } as never, { projection: { version: 1 } });
    return Number(d?.version ?? 0);
  }

  /**
   * Sets (or, with null, removes) one value if the version is still `expected`. `name` must already be checked
   * against the editable list. False when someone else changed the settings first.
   */
  async set(name: string, value: string | null, expected: number, by: string): Promise<boolean> {
    const stamp = { updatedAt: this.now(), updatedBy: by, version: expected + 1 };
    if (expected === 0) {
      // The first change creates the document; a concurrent first change fails on the _id.
      const existing = await this.model.collection.findOne({ _id: ID } as never, { projection: { version: 1 } });
      if (!existing) {
        try {
          await this.model.collection.insertOne({ _id: ID, values: value === null ? {} : { [name]: value }, ...stamp } as never);
          return true;
        } catch (e) {
          if ((e as { code?: number }).code === 11000) return false;
          throw e;
        }
      }
    }
    const update = value === null ? { $unset: { [`values.${name}`]: '' }, $set: stamp } : { $set: { [`values.${name}`]: value, ...stamp } };
    const res = await this.model.collection.updateOne({ _id: ID, version: expected } as never, update as never);
    return res.modifiedCount === 1;
  }
}

// One merge of two customer records (issue 17): who, which fields came from where, and the before-image of
// every document it touched, so the undo (30 days) restores them exactly. Images are EJSON text: the documents of
// other collections may hold shapes FerretDB v1 would refuse as nested values here (database.md §1–2).
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

export const MERGE_STATES = ['applying', 'applied', 'undoing', 'undone'] as const;

const imageSchema = new Schema(
  {
    /** The collection's name. */
    col: { type: String, required: true },
    /** The document's `_id` as EJSON text (ObjectId or string ids alike). */
    id: { type: String, required: true },
    /** The whole document as it was before the merge, EJSON text; cleared when the undo window ends. */
    doc: { type: String, required: true },
  },
  { _id: false },
);

const actorSchema = new Schema({ kind: { type: String, enum: ['staff', 'customer', 'cli', 'system'], required: true }, id: String, channel: String }, { _id: false });

export const mergeSchema = new Schema(
  {
    kept: { type: Schema.Types.ObjectId, required: true },
    merged: { type: Schema.Types.ObjectId, required: true },
    state: { type: String, enum: MERGE_STATES, required: true },
    /** Fields where both records had a different value, and which one the merge kept. */
    choices: { type: [new Schema({ field: { type: String, required: true }, from: { type: String, enum: ['kept', 'merged'], required: true } }, { _id: false })], default: [] },
    /** The kept customer after the merge, EJSON text: the customers step writes exactly this (idempotent). */
    result: { type: String, required: true },
    images: { type: [imageSchema], default: [] },
    /** Plan steps (collection names) finished, in order: a rerun after a crash starts after the last one. */
    stepsDone: { type: [String], default: [] },
    at: { type: Date, required: true },
    by: { type: actorSchema, required: true },
    undoUntil: { type: Date, required: true },
    undoneAt: Date,
    undoneBy: { type: actorSchema, default: undefined },
  },
  { collection: 'customer_merges', strict: 'throw' },
);
mergeSchema.index({ kept: 1, at: -1 }, { name: 'kept_time' });
mergeSchema.index({ merged: 1, at: -1 }, { name: 'merged_time' });

export type MergeModel = Model<InferSchemaType<typeof mergeSchema>>;

export function mergeModel(conn: Connection): MergeModel {
  return (conn.models.CustomerMerge as MergeModel | undefined) ?? conn.model('CustomerMerge', mergeSchema);
}

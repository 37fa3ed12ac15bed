// Who changed what on a customer's card, with the values before and after (issue 17: "staff see who changed what").
// Its own collection because it grows without bound; erased with the customer, moved with her on a merge.
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

export const cardEditSchema = new Schema(
  {
    customerId: { type: Schema.Types.ObjectId, required: true },
    field: { type: String, required: true, maxlength: 40 },
    /** The values as shown on the card (text), absent when the field was empty or is cleared. */
    from: { type: String, maxlength: 500 },
    to: { type: String, maxlength: 500 },
    by: {
      type: new Schema({ kind: { type: String, enum: ['staff', 'customer', 'cli', 'system'], required: true }, id: String, channel: String }, { _id: false }),
      required: true,
    },
    at: { type: Date, required: true },
  },
  { collection: 'card_edits', strict: 'throw' },
);
cardEditSchema.index({ customerId: 1, at: -1 }, { name: 'customer_time' });

export type CardEditModel = Model<InferSchemaType<typeof cardEditSchema>>;

export function cardEditModel(conn: Connection): CardEditModel {
  return (conn.models.CardEdit as CardEditModel | undefined) ?? conn.model('CardEdit', cardEditSchema);
}

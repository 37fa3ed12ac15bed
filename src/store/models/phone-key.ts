// One document per stored phone, keyed by the E.164 number itself: "one customer per phone" rests on `_id`
// uniqueness (the same on FerretDB and MongoDB), and a phone lookup is an `_id` lookup FerretDB pushes down.
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

export const phoneKeySchema = new Schema(
  {
    _id: { type: String, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
  },
  { collection: 'customer_phones', strict: 'throw' },
);
phoneKeySchema.index({ customerId: 1 }, { name: 'customer' });

export type PhoneKeyModel = Model<InferSchemaType<typeof phoneKeySchema>>;

export function phoneKeyModel(conn: Connection): PhoneKeyModel {
  return (conn.models.CustomerPhone as PhoneKeyModel | undefined) ?? conn.model('CustomerPhone', phoneKeySchema);
}

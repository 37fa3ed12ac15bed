// The CLI's merge replies, Vietnamese first with English after a slash.
import type { MergeCheck, UndoCheck } from '../services/merge-customers.js';

export const mergeMessages = {
  badTake: (fields: string) => `Không có mục: ${fields} / unknown fields`,
  mergedRequired: 'Thiếu số điện thoại của hồ sơ gộp vào (B) / the phone of the record to merge in (B) is required',
  fieldLine: (field: string, value: string, fromMerged: boolean, other?: string) => `${field}: ${value}${fromMerged ? ' (từ B / from B)' : ''}${other !== undefined ? ` — bỏ / dropped: ${other}` : ''}`,
  moves: (counts: string) => `Chuyển sang A / moving to A: ${counts}`,
  needsYes: 'Chỉ xem trước; thêm --yes để gộp (hoàn tác được trong 30 ngày bằng --undo) / preview only: add --yes to merge (undo within 30 days with --undo)',
  merged: (id: string, until: string) => `Đã gộp / merged (${id}); hoàn tác đến / undo until ${until}: hoso customers merge <A> --undo`,
  undone: 'Đã hoàn tác: hai hồ sơ trở lại như trước / undone: both records are back as they were',
  refused: {
    not_allowed: 'Không tìm thấy một trong hai hồ sơ / one of the two records was not found',
    not_found: 'Không tìm thấy một trong hai hồ sơ / one of the two records was not found',
    same_customer: 'Hai số là cùng một hồ sơ / both phones are the same record',
    busy: 'Một trong hai hồ sơ có lần gộp dở: hoàn tất hoặc hoàn tác trước / one of them has an unfinished merge',
  } satisfies Record<MergeCheck, string>,
  undoRefused: {
    not_allowed: 'Không tìm thấy hồ sơ / record not found',
    nothing_to_undo: 'Khách này không có lần gộp nào còn hoàn tác được / no merge into this customer can still be undone',
    not_found: 'Không thấy lần gộp / no such merge',
    expired: 'Đã quá 30 ngày / more than 30 days ago',
    already_undone: 'Đã hoàn tác rồi / already undone',
    superseded: 'Sau lần này đã có lần gộp khác: hoàn tác lần sau trước / a later merge involves these records: undo it first',
    erased: 'Hồ sơ đã bị xóa theo yêu cầu / the record was erased on request',
  } satisfies Record<UndoCheck, string>,
};

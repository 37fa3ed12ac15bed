// Telegram updates become engine events, and engine replies become messages Telegram accepts.
import { describe, expect, it } from '@jest/globals';
import { parseSlashCommand } from '../../bots/shared/slash-command.js';
import { fitCallbackData, MAX_TEXT_LENGTH, renderReplies } from '../../bots/telegram/render.js';
import { splitText } from '../../bots/shared/split-text.js';
import { translateUpdate, type Translation } from '../../bots/telegram/inbound.js';
import { command, contact, document, GROUP_CHAT, GUEST, mention, OTHER_GUEST, photo, sticker, tap, text, withId } from '../support/telegram-updates.js';

const ME = { id: 123456, username: 'hoso_test_bot' };

function handled(t: Translation) {
  if (t.kind !== 'handle') throw new Error(`expected the update to be handled, got ${t.reason}`);
  return t;
}

describe('translateUpdate', () => {
  it('turns a private text into a text event keyed by bot and user, with the update id as event id', () => {
    const t = handled(translateUpdate(withId(text(GUEST, 'Nguyễn Thị Lan'), 42), ME));
    expect(t.chatId).toBe(GUEST.id);
    expect(t.inbound).toEqual({
      address: { channel: 'telegram', account: '123456', userId: '5001' },
      event: { kind: 'text', text: 'Nguyễn Thị Lan' },
      eventId: '42',
      profile: { displayName: 'Lan Nguyễn', languageCode: 'vi' },
      chatType: 'private',
    });
  });

  it.each([
    ['/start', 'start', ''],
    ['/START', 'start', ''],
    ['/start ref_spa1', 'start', 'ref_spa1'],
    ['/Help@hoso_test_bot', 'help', ''],
    ['/lang@Hoso_Test_Bot   en ', 'lang', 'en'],
    ['/hủy', 'hủy', ''],
  ])('reads %j as the command %j with args %j', (body, cmd, args) => {
    const t = handled(translateUpdate(withId(command(GUEST, body), 1), ME));
    expect(t.inbound.event).toEqual({ kind: 'command', command: cmd, args });
  });

  it('keeps text that only looks like a command as text', () => {
    expect(handled(translateUpdate(withId(text(GUEST, '/ xin chào'), 1), ME)).inbound.event).toEqual({ kind: 'text', text: '/ xin chào' });
    expect(handled(translateUpdate(withId(text(GUEST, 'a /start'), 1), ME)).inbound.event.kind).toBe('text');
  });

  it('turns a button tap into a choice and remembers the query to answer and the message to clear', () => {
    const t = handled(translateUpdate(withId(tap(GUEST, 'consent:yes', 77), 5), ME));
    expect(t.inbound.event).toEqual({ kind: 'choice', value: 'consent:yes' });
    expect(t.callback).toEqual({ id: expect.any(String), messageId: 77 });
    expect(t.inbound.chatType).toBe('private');
  });

  it('marks the sender’s own shared contact as verified', () => {
    const t = handled(translateUpdate(withId(contact(GUEST, '+84912345678'), 1), ME));
    expect(t.inbound.event).toEqual({ kind: 'contact', phone: '+84912345678', verified: true });
  });

  it.each([
    ['another user’s card', OTHER_GUEST],
    ['a card with no Telegram account', null],
  ])('passes %s as an unverified contact, for the engine to refuse', (_label, owner) => {
    const t = handled(translateUpdate(withId(contact(GUEST, '0987654321', owner), 1), ME));
    expect(t.inbound.event).toEqual({ kind: 'contact', phone: '0987654321', verified: false });
  });

  it('hands stickers and the like over as unsupported', () => {
    expect(handled(translateUpdate(withId(sticker(GUEST), 1), ME)).inbound.event).toEqual({ kind: 'unsupported' });
  });

  it('describes a photo by its largest size and caption, and a document by its claimed type, without its bytes', () => {
    const file = { file_id: 'f1', file_unique_id: 'u1', file_size: 120_000 };
    expect(handled(translateUpdate(withId(photo(GUEST, file, 'ảnh trước'), 1), ME)).inbound.event).toEqual({ kind: 'photo', ref: 'f1', sizeBytes: 120_000, mimeType: 'image/jpeg', caption: 'ảnh trước' });
    expect(handled(translateUpdate(withId(document(GUEST, file, 'hoa-don.jpg', 'image/jpeg'), 2), ME)).inbound.event).toEqual({ kind: 'photo', ref: 'f1', sizeBytes: 120_000, mimeType: 'image/jpeg' });
  });

  it('ignores group chatter that is not addressed to the bot', () => {
    expect(translateUpdate(withId(text(GUEST, 'Chiều nay ai đi spa không?', GROUP_CHAT), 1), ME)).toEqual({ kind: 'ignore', reason: 'group-not-addressed' });
    expect(translateUpdate(withId(command(GUEST, '/start@other_bot', GROUP_CHAT), 1), ME)).toMatchObject({ kind: 'ignore' });
  });

  it.each([
    ['a mention', mention(GUEST, 'hoso_test_bot', 'cho mình đăng ký')],
    ['a command for this bot', command(GUEST, '/start@hoso_test_bot', GROUP_CHAT)],
    ['a bare command', command(GUEST, '/start', GROUP_CHAT)],
  ])('passes %s in a group on as a group event', (_label, body) => {
    const t = handled(translateUpdate(withId(body, 1), ME));
    expect(t.inbound.chatType).toBe('group');
    expect(t.chatId).toBe(GROUP_CHAT.id);
  });

  it('ignores updates the customer flow does not read, and messages without a person behind them', () => {
    expect(translateUpdate({ update_id: 1, edited_message: text(GUEST, 'sửa').message! } as never, ME)).toEqual({ kind: 'ignore', reason: 'unhandled-update' });
    const fromBot = text({ id: 9, is_bot: true, first_name: 'Bot' }, 'hi');
    expect(translateUpdate(withId(fromBot, 1), ME)).toEqual({ kind: 'ignore', reason: 'from-bot' });
  });

  it('still answers a tap on a button in a group, but hands it to no flow', () => {
    const t = translateUpdate(withId(tap(GUEST, 'consent:yes', 3, GROUP_CHAT), 1), ME);
    expect(t).toMatchObject({ kind: 'ignore', reason: 'group-button', callback: { messageId: 3 } });
  });
});

describe('parseSlashCommand', () => {
  it('remembers which bot a command was addressed to', () => {
    expect(parseSlashCommand('/start@Other_Bot x')).toEqual({ command: 'start', args: 'x', target: 'other_bot' });
    expect(parseSlashCommand('xin chào')).toBeUndefined();
  });
});

describe('renderReplies', () => {
  it('shows choices as inline buttons whose callback data is the choice value', () => {
    const { messages } = renderReplies([{ text: 'Đồng ý không ạ?', choices: [{ label: 'Đồng ý', value: 'c:y' }, { label: 'Không', value: 'c:n' }] }]);
    expect(messages).toEqual([
      { text: 'Đồng ý không ạ?', reply_markup: { inline_keyboard: [[{ text: 'Đồng ý', callback_data: 'c:y' }, { text: 'Không', callback_data: 'c:n' }]] } },
    ]);
  });

  it('puts long labels one to a row', () => {
    const { messages } = renderReplies([{ text: 'Dịch vụ?', choices: [{ label: 'Gội đầu dưỡng sinh thảo dược', value: 'a' }, { label: 'Massage', value: 'b' }] }]);
    expect(messages[0]?.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Gội đầu dưỡng sinh thảo dược', callback_data: 'a' }], [{ text: 'Massage', callback_data: 'b' }]] });
  });

  it('asks for the phone with a one-time reply keyboard holding a request_contact button', () => {
    const { messages } = renderReplies([{ text: 'Số điện thoại ạ?', requestPhone: { label: 'Chia sẻ số' }, choices: [{ label: 'Bỏ qua', value: 'skip' }] }], { removeReplyKeyboard: 'when-free' });
    expect(messages[0]?.reply_markup).toEqual({
      keyboard: [[{ text: 'Chia sẻ số', request_contact: true }], [{ text: 'Bỏ qua' }]],
      one_time_keyboard: true,
      resize_keyboard: true,
    });
  });

  it('takes the phone keyboard down on the first plain message once the phone is no longer asked for', () => {
    const { messages } = renderReplies([{ text: 'Sinh nhật ạ?', choices: [{ label: 'Bỏ qua', value: 's' }] }, { text: 'Ví dụ: 12/3' }], { removeReplyKeyboard: 'when-free' });
    expect(messages[0]?.reply_markup).toHaveProperty('inline_keyboard');
    expect(messages[1]?.reply_markup).toEqual({ remove_keyboard: true });
  });

  it('takes the phone keyboard down right after a shared contact, moving the buttons to an edit when every message has some', () => {
    const inline = { inline_keyboard: [[{ text: 'Bỏ qua', callback_data: 's' }]] };
    const asked = [{ text: 'Sinh nhật ạ?', choices: [{ label: 'Bỏ qua', value: 's' }] }];
    expect(renderReplies(asked, { removeReplyKeyboard: 'when-free' }).messages).toEqual([{ text: 'Sinh nhật ạ?', reply_markup: inline }]);
    expect(renderReplies(asked, { removeReplyKeyboard: 'now' }).messages).toEqual([{ text: 'Sinh nhật ạ?', reply_markup: { remove_keyboard: true }, inlineAfterSend: inline }]);
  });

  it('sends groups plain text only', () => {
    const { messages } = renderReplies([{ text: 'Nhắn riêng ạ', choices: [{ label: 'A', value: 'a' }] }], { plainText: true, removeReplyKeyboard: 'now' });
    expect(messages).toEqual([{ text: 'Nhắn riêng ạ' }]);
  });

  it('drops an empty reply and a button without a value, and says so', () => {
    const r = renderReplies([{ text: '   ' }, { text: 'Chọn ạ', choices: [{ label: 'A', value: '' }] }]);
    expect(r.messages).toEqual([{ text: 'Chọn ạ' }]);
    expect(r.warnings).toHaveLength(2);
  });

  it('splits a long text into parts of at most 4096 characters and keeps the buttons on the last', () => {
    const long = ('Dạ em xin gửi anh/chị bảng giá dịch vụ của spa. '.repeat(200)).trim();
    const { messages } = renderReplies([{ text: long, choices: [{ label: 'OK', value: 'ok' }] }]);
    expect(messages.length).toBeGreaterThan(2);
    for (const m of messages) expect(m.text.length).toBeLessThanOrEqual(4096);
    expect(messages.slice(0, -1).every((m) => m.reply_markup === undefined)).toBe(true);
    expect(messages.at(-1)?.reply_markup).toHaveProperty('inline_keyboard');
    expect(messages.map((m) => m.text).join(' ')).toBe(long);
  });
});

describe('splitText', () => {
  it('never cuts an emoji in half when there is no space to break at', () => {
    const parts = splitText('😀'.repeat(3000), MAX_TEXT_LENGTH);
    expect(parts.every((p) => p.length <= 4096 && !/[\uD800-\uDBFF]$/.test(p) && !/^[\uDC00-\uDFFF]/.test(p))).toBe(true);
    expect(parts.join('')).toBe('😀'.repeat(3000));
  });

  it('keeps a short text whole and gives nothing for blank text', () => {
    expect(splitText('Dạ vâng ạ', MAX_TEXT_LENGTH)).toEqual(['Dạ vâng ạ']);
    expect(splitText(' \n ', MAX_TEXT_LENGTH)).toEqual([]);
  });
});

describe('fitCallbackData', () => {
  it('keeps values up to 64 bytes and cuts longer ones at a character boundary', () => {
    expect(fitCallbackData('need:massage')).toEqual({ ok: true, data: 'need:massage', truncated: false });
    const cut = fitCallbackData('dịch-vụ:'.repeat(20));
    expect(cut.ok && cut.truncated && Buffer.byteLength(cut.data, 'utf8') <= 64).toBe(true);
    expect(cut.ok && Buffer.from(cut.data, 'utf8').toString('utf8')).toBe(cut.ok && cut.data);
    expect(fitCallbackData('')).toEqual({ ok: false });
  });
});

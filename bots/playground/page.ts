// The playground's one HTML page: self-contained (no external assets), Vietnamese UI chrome, replies shown as text.
// Only interface labels live here; every sentence the bot says comes from the engine's copy catalogue.

export interface PageOptions {
  /** CSP nonce allowing exactly this page's inline style and script. */
  nonce: string;
  /** Absolute path of the message API (the router may be mounted anywhere). */
  apiUrl: string;
}

/** JSON for an inline <script>: "<" escaped so no value can close the script element. */
const inlineJson = (v: unknown): string => JSON.stringify(v).replace(/</g, '\\u003c');

export function playgroundPage({ nonce, apiUrl }: PageOptions): string {
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hồ sơ · Trò chuyện thử</title>
<style nonce="${nonce}">
  :root { color-scheme: light dark; --bot: #eef1f5; --me: #2b6cb0; --line: #d5dbe3; }
  @media (prefers-color-scheme: dark) { :root { --bot: #2a2f36; --line: #3a414b; } }
  * { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; display: flex; justify-content: center; }
  main { width: 100%; max-width: 560px; height: 100dvh; display: flex; flex-direction: column; }
  header { padding: 12px 16px; border-bottom: 1px solid var(--line); display: flex; align-items: baseline; gap: 8px; }
  header h1 { font-size: 17px; margin: 0; flex: 1; }
  header button { font: inherit; font-size: 14px; background: none; border: 0; color: var(--me); cursor: pointer; }
  #log { flex: 1; overflow-y: auto; padding: 16px; display: flex; flex-direction: column; gap: 8px; }
  .msg { max-width: 85%; padding: 8px 12px; border-radius: 14px; white-space: pre-wrap; overflow-wrap: anywhere; }
  .bot { background: var(--bot); align-self: flex-start; border-bottom-left-radius: 4px; }
  .me { background: var(--me); color: #fff; align-self: flex-end; border-bottom-right-radius: 4px; }
  .note { align-self: center; font-size: 13px; opacity: .7; text-align: center; }
  .choices { display: flex; flex-wrap: wrap; gap: 6px; align-self: flex-start; max-width: 85%; }
  .choices button { font: inherit; font-size: 15px; padding: 6px 12px; border-radius: 16px; border: 1px solid var(--me); background: none; color: inherit; cursor: pointer; }
  .choices button:disabled { opacity: .45; cursor: default; }
  form { display: flex; gap: 8px; padding: 12px 16px; border-top: 1px solid var(--line); }
  #hint { padding: 0 16px; font-size: 13px; opacity: .75; }
  input { flex: 1; font: inherit; padding: 10px 12px; border-radius: 20px; border: 1px solid var(--line); background: transparent; color: inherit; }
  form button { font: inherit; padding: 0 18px; border-radius: 20px; border: 0; background: var(--me); color: #fff; cursor: pointer; }
</style>
</head>
<body>
<main>
  <header><h1>Hồ sơ · Trò chuyện thử</h1><button id="restart" type="button">Bắt đầu lại</button></header>
  <div id="log" role="log" aria-live="polite">
    <div class="note">Đây là bản thử: khách hàng sẽ trò chuyện như thế này trên Telegram hoặc Zalo.</div>
  </div>
  <div id="hint" hidden></div>
  <form id="form" autocomplete="off">
    <input id="input" maxlength="4096" placeholder="Nhập tin nhắn…" aria-label="Tin nhắn" autofocus>
    <button type="submit">Gửi</button>
  </form>
</main>
<script nonce="${nonce}">
(() => {
  const API = ${inlineJson(apiUrl)};
  const KEY = 'hoso.playground.session';
  const log = document.getElementById('log');
  const form = document.getElementById('form');
  const input = document.getElementById('input');
  const hint = document.getElementById('hint');
  const DEFAULT_PLACEHOLDER = input.placeholder;

  const randomId = (bytes) => {
    const a = crypto.getRandomValues(new Uint8Array(bytes));
    return btoa(String.fromCharCode(...a)).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
  };
  let session = localStorage.getItem(KEY);
  const isNew = !session || !/^[A-Za-z0-9_-]{16,64}$/.test(session);
  if (isNew) { session = randomId(18); localStorage.setItem(KEY, session); }

  const add = (cls, text) => {
    const div = document.createElement('div');
    div.className = cls;
    div.textContent = text; // text only: nothing from the server is ever parsed as HTML
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
    return div;
  };

  const showReplies = (replies) => {
    let phone = null;
    for (const r of replies) {
      add('msg bot', r.text);
      if (r.requestPhone) phone = r.requestPhone;
      if (r.choices && r.choices.length) {
        const box = document.createElement('div');
        box.className = 'choices';
        for (const c of r.choices) {
          const b = document.createElement('button');
          b.type = 'button';
          b.textContent = c.label;
          b.addEventListener('click', () => {
            for (const other of box.querySelectorAll('button')) other.disabled = true;
            send({ choice: c.value }, c.label);
          });
          box.appendChild(b);
        }
        log.appendChild(box);
      }
    }
    // Telegram shows a "share my phone" button here; in the browser the guest types the number instead.
    if (phone) {
      input.placeholder = phone.label;
      input.inputMode = 'tel';
      hint.textContent = 'Trên Telegram, khách chỉ cần bấm nút chia sẻ số. Ở đây, anh/chị nhập số điện thoại.';
      hint.hidden = false;
    } else {
      input.placeholder = DEFAULT_PLACEHOLDER;
      input.inputMode = 'text';
      hint.hidden = true;
    }
    log.scrollTop = log.scrollHeight;
  };

  let busy = false;
  async function send(payload, shown) {
    if (busy) return;
    busy = true;
    if (shown !== null) add('msg me', shown);
    try {
      const res = await fetch(API, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sessionId: session, messageId: randomId(12), ...payload }),
      });
      if (!res.ok) throw new Error(String(res.status));
      showReplies((await res.json()).replies || []);
    } catch {
      add('note', 'Không gửi được, anh/chị thử lại giúp em nhé.');
    } finally {
      busy = false;
      input.focus();
    }
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text || busy) return;
    input.value = '';
    send({ text }, text);
  });
  document.getElementById('restart').addEventListener('click', () => {
    localStorage.removeItem(KEY);
    location.reload();
  });

  if (isNew) send({ text: '/start' }, null);
  else add('note', 'Tiếp tục phiên trước: nhập tin nhắn để trò chuyện tiếp.');
})();
</script>
</body>
</html>
`;
}

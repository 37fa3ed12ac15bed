// The login page: the token arrives in the link's fragment (never sent to a server), login.js moves it into the
// form, and only pressing the button (a POST) uses the link, so a link preview cannot spend it.
import type { WebCopy } from '../copy/types.js';
import { Bare } from './layout.js';

export function LoginPage({ c, spaName, message }: { c: WebCopy; spaName: string; message?: string }) {
  return (
    <Bare lang={c.lang} title={c.login.title} spaName={spaName} scripts={['/web/assets/login.js']}>
      {message ? (
        <p class="notice" role="alert">
          {message}
        </p>
      ) : null}
      <form method="post" action="/web/login" id="login" hidden>
        <p>{c.login.intro}</p>
        <input type="hidden" name="token" id="token" />
        <button type="submit">{c.login.button}</button>
      </form>
      <p id="no-token">{c.login.noToken}</p>
    </Bare>
  );
}

export function MessagePage({ c, spaName, title, text }: { c: WebCopy; spaName: string; title: string; text: string }) {
  return (
    <Bare lang={c.lang} title={title} spaName={spaName}>
      <p>{text}</p>
    </Bare>
  );
}

// The frame of every page: a skip link, the navigation (a row of links that wraps on a phone), the language
// switch and the log-out forms. Server-rendered; the pages work without scripts except the charts.
import type { ComponentChildren } from 'preact';
import { canSee, type PageCtx } from './page-ctx.js';

export function CsrfField({ ctx }: { ctx: PageCtx }) {
  return <input type="hidden" name="csrf" value={ctx.csrf} />;
}

function Head({ title, spaName }: { title: string; spaName: string }) {
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{`${title} · ${spaName}`}</title>
      <link rel="stylesheet" href="/web/assets/app.css" />
    </head>
  );
}

/** A write that is one button: a POST form with the session's form token. */
function PostButton({ ctx, action, label }: { ctx: PageCtx; action: string; label: string }) {
  return (
    <form method="post" action={action}>
      <CsrfField ctx={ctx} />
      <button type="submit" class="link">
        {label}
      </button>
    </form>
  );
}

export function Layout({ ctx, title, children, scripts = [] }: { ctx: PageCtx; title: string; children: ComponentChildren; scripts?: string[] }) {
  const { c, member } = ctx;
  const links: [string, string, boolean][] = [
    ['/web', c.nav.overview, true],
    ['/web/customers', c.nav.customers, true],
    ['/web/birthdays', c.nav.birthdays, true],
    ['/web/appointments', c.nav.appointments, true],
    ['/web/outbox', c.nav.outbox, canSee(member, 'outbox')],
    ['/web/staff', c.nav.staff, canSee(member, 'staff')],
    ['/web/audit', c.nav.audit, canSee(member, 'audit')],
    ['/web/import', c.nav.import, canSee(member, 'import')],
    ['/web/settings', c.nav.settings, canSee(member, 'settings')],
  ];
  const current = (href: string) => (href === '/web' ? ctx.path === '/web' || ctx.path === '/web/' : ctx.path.startsWith(href));
  return (
    <html lang={c.lang}>
      <Head title={title} spaName={ctx.spaName} />
      <body>
        <a class="skip" href="#main">
          {c.lang === 'vi' ? 'Bỏ qua đến nội dung' : 'Skip to content'}
        </a>
        <header class="top">
          <span class="brand">{ctx.spaName}</span>
          <nav aria-label={c.lang === 'vi' ? 'Trang' : 'Pages'}>
            <ul>
              {links
                .filter(([, , shown]) => shown)
                .map(([href, label]) => (
                  <li key={href}>
                    <a href={href} aria-current={current(href) ? 'page' : undefined}>
                      {label}
                    </a>
                  </li>
                ))}
            </ul>
          </nav>
          <div class="who">
            <span>{c.loggedInAs({ name: member.name, role: c.roles[member.role] })}</span>
            <form method="post" action="/web/lang">
              <CsrfField ctx={ctx} />
              <input type="hidden" name="back" value={ctx.path} />
              <button type="submit" class="link" name="lang" value={c.lang === 'vi' ? 'en' : 'vi'}>
                {c.otherLang}
              </button>
            </form>
            <PostButton ctx={ctx} action="/web/logout" label={c.logout} />
            <PostButton ctx={ctx} action="/web/logout-all" label={c.logoutAll} />
          </div>
        </header>
        <main id="main">
          <h1>{title}</h1>
          {children}
        </main>
        {scripts.map((s) => (
          <script key={s} src={s} defer></script>
        ))}
      </body>
    </html>
  );
}

/** A page without the navigation (login, logged out, errors before a session exists). */
export function Bare({ lang, title, spaName, children, scripts = [] }: { lang: 'vi' | 'en'; title: string; spaName: string; children: ComponentChildren; scripts?: string[] }) {
  return (
    <html lang={lang}>
      <Head title={title} spaName={spaName} />
      <body>
        <main id="main" class="narrow">
          <p class="brand">{spaName}</p>
          <h1>{title}</h1>
          {children}
        </main>
        {scripts.map((s) => (
          <script key={s} src={s} defer></script>
        ))}
      </body>
    </html>
  );
}

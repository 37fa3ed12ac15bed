// The browser session: an httpOnly, SameSite=Lax cookie (Secure in production) holding a random token whose
// hash names a web_sessions row; the member behind it is re-read on every request (src/services/web-login.ts).
import { parse, serialize } from 'cookie';
import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'hoso_web';
export const LANG_COOKIE = 'hoso_lang';

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header || header.length > 8192) return undefined;
  return parse(header)[name];
}

export function setCookie(res: Response, name: string, value: string, opts: { secure: boolean; maxAgeS: number; httpOnly?: boolean }): void {
  res.append('Set-Cookie', serialize(name, value, { httpOnly: opts.httpOnly ?? true, sameSite: 'lax', secure: opts.secure, path: '/web', maxAge: opts.maxAgeS }));
}

export function clearCookie(res: Response, name: string, secure: boolean): void {
  res.append('Set-Cookie', serialize(name, '', { httpOnly: true, sameSite: 'lax', secure, path: '/web', maxAge: 0 }));
}

// User mistakes are values, not exceptions: every parser returns one of these.
export type Ok<T> = { ok: true; value: T };
export type Err<R> = { ok: false; reason: R };
export type Result<T, R = string> = Ok<T> | Err<R>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = <R>(reason: R): Err<R> => ({ ok: false, reason });

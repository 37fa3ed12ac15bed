// Pages are preact components rendered to a string on the server; nothing is hydrated.
import type { Response } from 'express';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

export function sendPage(res: Response, page: VNode, status = 200): void {
  res.status(status).type('html').send('<!doctype html>' + renderToString(page));
}

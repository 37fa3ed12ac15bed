// The playground's one HTML page, kept as a static file (page.html, copied next to the build by
// scripts/copy-assets.mjs) and filled in per request: only the CSP nonce and the API path change.
// Only interface labels live in it; every sentence the bot says comes from the engine's copy catalogue.
import { readFileSync } from 'node:fs';

export interface PageOptions {
  /** CSP nonce allowing exactly this page's inline style and script. */
  nonce: string;
  /** Absolute path of the message API (the router may be mounted anywhere). */
  apiUrl: string;
}

const TEMPLATE = readFileSync(new URL('./page.html', import.meta.url), 'utf8');

/** JSON for an inline <script>: "<" escaped so no value can close the script element. */
const inlineJson = (v: unknown): string => JSON.stringify(v).replace(/</g, '\\u003c');

export function playgroundPage({ nonce, apiUrl }: PageOptions): string {
  // A nonce is base64 (no "$" patterns), and the function form keeps replace() from reading "$" in the URL.
  return TEMPLATE.replaceAll('{{nonce}}', () => nonce).replace('{{apiUrl}}', () => inlineJson(apiUrl));
}

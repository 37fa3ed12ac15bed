// A download read to its end but never past `maxBytes`: a missing or lying Content-Length does not get past the
// limit, the stream is cancelled there (Telegram's file downloads and Zalo's CDN photos alike).
export async function readCapped(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array | 'too_large'> {
  const parts: Uint8Array[] = [];
  let read = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    read += value.byteLength;
    if (read > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return 'too_large';
    }
    parts.push(value);
  }
  return new Uint8Array(Buffer.concat(parts));
}

// Which image a file really is, from its first bytes: a staff member's upload is stored only when it is a JPEG,
// PNG or WebP, whatever the platform or the file name claims (a renamed PDF is not a photo).

export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp';

export function sniffImage(bytes: Uint8Array): ImageType | null {
  const b = bytes;
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return 'image/png';
  const ascii = (from: number, to: number): string => String.fromCharCode(...b.subarray(from, to));
  if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  return null;
}

/** A platform's claimed type before any download: an image type or nothing said is worth fetching; a PDF is not. */
export function mayBeImage(mimeType: string | undefined): boolean {
  return mimeType === undefined || /^image\/(jpeg|jpg|png|webp)$/i.test(mimeType);
}

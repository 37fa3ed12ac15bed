// Photo bytes for tests: a JPEG by its first bytes (what src/domain/image.ts sniffs), random after them.
import { randomBytes } from 'node:crypto';

/** A JPEG-looking file of `size` bytes (SOI marker, then noise): several 255 kB GridFS chunks when large. */
export function fakeJpeg(size: number): Uint8Array {
  const b = randomBytes(size);
  b[0] = 0xff;
  b[1] = 0xd8;
  b[2] = 0xff;
  return new Uint8Array(b);
}

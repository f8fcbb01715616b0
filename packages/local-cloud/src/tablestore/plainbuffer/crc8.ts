/**
 * CRC-8 (polynomial 0x07, initial value 0, no reflection), the checksum PlainBuffer puts after every cell and
 * every row. Written here rather than borrowed from the SDK so that the decoder checks the SDK, not itself.
 */

const TABLE: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let bit = 0; bit < 8; bit++) c = c & 0x80 ? ((c << 1) ^ 0x07) & 0xff : (c << 1) & 0xff;
    t[i] = c;
  }
  return t;
})();

/** Fold one byte into a running CRC. */
export function crc8Byte(crc: number, byte: number): number {
  return TABLE[(crc ^ byte) & 0xff] as number;
}

/** Fold every byte of `bytes` into a running CRC. */
export function crc8Bytes(crc: number, bytes: Uint8Array): number {
  let c = crc;
  for (const b of bytes) c = TABLE[(c ^ b) & 0xff] as number;
  return c;
}

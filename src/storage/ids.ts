/**
 * Ids are generated in code (not by the database) so one migration fits SQLite and PostgreSQL.
 * UUIDv7 (RFC 9562): time-ordered, so ids sort by creation and make stable cursors.
 */
import { randomFillSync } from 'node:crypto';

let lastMs = 0;
let sequence = 0;

// Random bytes drawn 4 KiB at a time: one call into the system's generator per 256 ids, not one
// or two per id (ids are unique, not secret).
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;
function randomInto(target: Buffer, length: number): void {
  if (poolOffset + length > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  pool.copy(target, 0, poolOffset, poolOffset + length);
  poolOffset += length;
}
const scratch = Buffer.alloc(16);

export function newId(now = Date.now()): string {
  // Within one millisecond, a 12-bit counter keeps ids in creation order.
  if (now === lastMs) sequence = (sequence + 1) & 0xfff;
  else {
    lastMs = now;
    randomInto(scratch, 2);
    sequence = scratch.readUInt16BE(0) & 0x7ff;
  }
  const bytes = scratch;
  randomInto(bytes, 16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

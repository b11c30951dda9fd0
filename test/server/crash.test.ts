/**
 * An acknowledged write survives a crash: a real server process takes a stream of check-ins over
 * HTTP, is killed with SIGKILL mid-stream, and after a restart every check-in it answered 201 to
 * is there (with its audit entry), none twice. On SQLite always; on PostgreSQL when DATABASE_URL
 * is set.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/storage/database.js';
import { seedDatabase } from '../helpers/server.js';
import {
  createPostgresDatabaseOn,
  dropPostgresDatabaseOn,
  http,
  type ServerProcess,
  spawnServer,
} from './processes.js';

/** Writers sending check-ins at once, and how many acknowledgements to wait for before the kill. */
const WRITERS = 8;
const ACKED_BEFORE_KILL = 150;

interface Sent {
  id: string;
  keyResultId: string;
  note: string;
  value: number;
}

async function listCheckIns(base: string, token: string, krId: string) {
  const out: Array<{ id: string; note: string | null; value: number | null }> = [];
  let cursor: string | null = null;
  do {
    const res = await http(
      base,
      `/api/v1/key-results/${krId}/check-ins?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      {
        token,
      },
    );
    expect(res.status, res.text).toBe(200);
    const page = res.body as { items: typeof out; next: string | null };
    out.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return out;
}

const targets: Array<{ name: string; make: () => Promise<{ url: string; cleanup: () => Promise<void> }> }> = [
  {
    name: 'sqlite',
    make: async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'legible-crash-'));
      return {
        url: `sqlite:${path.join(dir, 'legible.db')}`,
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
];
const adminUrl = process.env.DATABASE_URL;
if (adminUrl)
  targets.push({
    name: 'postgres',
    make: async () => {
      const url = await createPostgresDatabaseOn(adminUrl, 'legible_crash');
      return { url, cleanup: () => dropPostgresDatabaseOn(adminUrl, url) };
    },
  });

for (const target of targets) {
  describe(`a server killed mid-stream on ${target.name}`, () => {
    const cleanups: Array<() => Promise<void>> = [];
    afterAll(async () => {
      for (const c of cleanups.reverse()) await c();
    });

    it('keeps every acknowledged check-in after SIGKILL and a restart', async () => {
      const db = await target.make();
      cleanups.push(db.cleanup);
      const world = await seedDatabase(db.url);
      const token = world.users.member.token;
      const krIds = Object.values(world.krs);

      let server: ServerProcess = await spawnServer(db.url);
      cleanups.push(() => server.kill('SIGKILL'));
      const base = server.url;
      const acked: Sent[] = [];
      const attempted = new Set<string>();
      let killed = false;
      let kill: Promise<void> | null = null;

      const writer = async (w: number) => {
        for (let i = 0; ; i++) {
          const keyResultId = krIds[(w + i) % krIds.length]!;
          const note = `writer ${w} check-in ${i}`;
          // Distinct per write, and a possible value of every key result (a rate is 0–100%).
          const value = w * 10 + i / 1000;
          attempted.add(note);
          let res: Awaited<ReturnType<typeof http>>;
          try {
            res = await http(base, `/api/v1/key-results/${keyResultId}/check-ins`, {
              method: 'POST',
              token,
              body: { value, confidence: 6, note },
            });
          } catch {
            // The connection died with the process: this write was never acknowledged.
            if (killed) return;
            throw new Error(`check-in failed before the kill:\n${server.stderr()}`);
          }
          if (res.status !== 201) throw new Error(`check-in answered ${res.status}: ${res.text}`);
          acked.push({ id: (res.body as { id: string }).id, keyResultId, note, value });
          if (acked.length >= ACKED_BEFORE_KILL && !killed) {
            killed = true;
            kill = server.kill('SIGKILL');
          }
        }
      };
      await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
      await kill;
      expect(server.child.signalCode).toBe('SIGKILL');
      expect(acked.length).toBeGreaterThanOrEqual(ACKED_BEFORE_KILL);

      server = await spawnServer(db.url);
      const stored = new Map<string, { note: string | null; value: number | null }>();
      for (const krId of krIds)
        for (const c of await listCheckIns(server.url, token, krId)) {
          expect(stored.has(c.id), `check-in ${c.id} listed twice`).toBe(false);
          stored.set(c.id, { note: c.note, value: c.value });
        }
      const lost = acked.filter((a) => !stored.has(a.id));
      expect(lost, `${lost.length} of ${acked.length} acknowledged check-ins were lost`).toEqual([]);
      for (const a of acked) expect(stored.get(a.id)).toEqual({ note: a.note, value: a.value });
      // Anything else stored was sent (in flight at the kill), and was stored once.
      const notes = [...stored.values()].map((s) => s.note);
      expect(notes.filter((n) => !attempted.has(n ?? ''))).toEqual([]);
      expect(new Set(notes).size).toBe(notes.length);
      // Each stored check-in has its audit entry and its measurement: nothing half-written.
      await server.kill('SIGTERM');
      const handle = createDatabase(db.url);
      try {
        const ids = [...stored.keys()];
        const audited = await handle.db
          .selectFrom('audit_log')
          .select('entity_id')
          .where('action', '=', 'check_in.create')
          .execute();
        expect(new Set(audited.map((a) => a.entity_id))).toEqual(new Set(ids));
        const measured = await handle.db
          .selectFrom('kr_check_ins')
          .innerJoin('measurements', 'measurements.id', 'kr_check_ins.measurement_id')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        expect(Number(measured.n)).toBe(ids.length);
      } finally {
        await handle.close();
      }
    });
  });
}

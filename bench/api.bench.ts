/**
 * `npm run bench:api`: the HTTP API under load, against a bare Fastify hello-world measured just
 * before the reads it is compared with. Seeds 200 teams × 4 objectives × 4 key results × 13 weekly measurements over 4 cycles,
 * starts the real server (a separate process, as deployed) and runs autocannon with 32 connections
 * for 10 s each: GET a team's OKRs for a cycle (rotating teams and cycles) and POST a check-in
 * (rotating key results). On SQLite always, on PostgreSQL too when DATABASE_URL is set.
 * When wrk (Debian's package) is installed, the reads and the ceiling are also measured with it: a
 * load client in C shows the server's share where autocannon saturates a core of its own.
 * Prints figures; asserts nothing.
 * Targets (issue #3): team OKRs p99 < 20 ms and ≥ 40% of the ceiling's throughput; check-ins
 * ≥ 2,000/s on SQLite with durable commits.
 * BENCH_SECONDS shortens the runs; BENCH_ROUNDS (3) sets how many ceiling-then-reads rounds are run; BENCH_ONLY=reads or writes runs one of the two; BENCH_DIALECT=sqlite
 * or postgres runs one database; BENCH_PROFILE=1
 * writes CPU profiles of the server (node --cpu-prof) to a temporary folder it prints.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Kysely, sql } from 'kysely';
import { hashPassword } from '../src/service/accounts/passwords.js';
import { randomSecret, sha256 } from '../src/service/accounts/secrets.js';
import { createDatabase } from '../src/storage/database.js';
import { newId } from '../src/storage/ids.js';
import { migrateOrThrow } from '../src/storage/migrate.js';
import type { Database } from '../src/storage/schema.js';
import {
  createPostgresDatabaseOn,
  dropPostgresDatabaseOn,
  HELLO_SCRIPT,
  type ServerProcess,
  spawnServer,
} from '../test/server/processes.js';
import { measuredKeyResults, rng } from './generate.js';

const TEAMS = 200;
const OBJECTIVES = 4;
const KEY_RESULTS = 4;
const WEEKS = 13;
const CYCLES = [
  { id: '2026-Q1', start: '2026-01-01', end: '2026-03-31' },
  { id: '2026-Q2', start: '2026-04-01', end: '2026-06-30' },
  { id: '2026-Q3', start: '2026-07-01', end: '2026-09-30' },
  { id: '2026-Q4', start: '2026-10-01', end: '2026-12-31' },
];
const CONNECTIONS = 32;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** Rounds of hello-world ceiling then team OKRs, each 10 s (BENCH_ROUNDS). */
const ROUNDS = Math.max(1, Math.floor(Number(process.env.BENCH_ROUNDS ?? 3)) || 1);
const PROFILE = process.env.BENCH_PROFILE === '1';
const ONLY = process.env.BENCH_ONLY;
const DIALECT = process.env.BENCH_DIALECT;

interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  '2xx': number;
}
interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: AutocannonRequest) => AutocannonRequest;
}
type Autocannon = (opts: {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
  requests?: AutocannonRequest[];
  setupClient?: (client: { setRequests(requests: AutocannonRequest[]): void }) => void;
}) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

export interface Seeded {
  token: string;
  teamSlugs: string[];
  krIds: string[];
}

/** Inserts the organisation straight through Kysely, in a few big transactions. */
export async function seedOrganisation(db: Kysely<Database>): Promise<Seeded> {
  const r = rng(7);
  const now = new Date().toISOString();
  const token = `lgb_${randomSecret(32)}`;
  const userId = newId();
  const passwordHash = await hashPassword('bench password, long enough');
  const teams = Array.from({ length: TEAMS }, (_, i) => ({ id: newId(), slug: `team-${i + 1}` }));
  // Titles whose numbers agree with their metrics, a task in disguise now and then: a team's view
  // carries the findings a real team's does (an earlier seed drew titles and metrics apart, so every
  // key result carried two "the title says … but metric says …" warnings, a third of the body).
  const written = measuredKeyResults(TEAMS * CYCLES.length * OBJECTIVES * KEY_RESULTS, 11);
  const krIds: string[] = [];
  const insertAll = async <T extends keyof Database>(
    trx: Kysely<Database>,
    table: T,
    rows: Array<Record<string, unknown>>,
  ) => {
    for (let i = 0; i < rows.length; i += 500)
      await trx
        .insertInto(table)
        .values(rows.slice(i, i + 500) as never)
        .execute();
  };

  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('users')
      .values({
        id: userId,
        email: 'bench@example.com',
        name: 'Bench',
        password_hash: passwordHash,
        is_admin: 0,
        disabled_at: null,
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .execute();
    await trx
      .insertInto('api_tokens')
      .values({
        id: newId(),
        user_id: userId,
        name: 'bench',
        token_hash: sha256(token),
        prefix: token.slice(0, 10),
        created_at: now,
        last_used_at: null,
        revoked_at: null,
      })
      .execute();
    await insertAll(
      trx,
      'cycles',
      CYCLES.map((c) => ({ id: c.id, kind: 'quarter', start_date: c.start, end_date: c.end })),
    );
    await insertAll(
      trx,
      'teams',
      teams.map((t, i) => ({
        id: t.id,
        slug: t.slug,
        name: `Team ${i + 1}`,
        cadence_weekday: 1,
        cadence_weeks: 1,
        created_at: now,
        updated_at: now,
        version: 1,
      })),
    );
    // The bench user is a member of every team: check-ins go through the real permission check.
    await insertAll(
      trx,
      'memberships',
      teams.map((t) => ({ team_id: t.id, user_id: userId, role: 'member', created_at: now })),
    );
  });

  let titleIndex = 0;
  for (const cycle of CYCLES) {
    const objectives: Array<Record<string, unknown>> = [];
    const keyResults: Array<Record<string, unknown>> = [];
    const measurements: Array<Record<string, unknown>> = [];
    const checkIns: Array<Record<string, unknown>> = [];
    const cycleStart = Date.parse(`${cycle.start}T09:00:00Z`);
    // Weekly; in a cycle still under way, spread between its start and now (never in the future).
    const step = Math.min(7 * 86_400_000, (Date.now() - 3_600_000 - cycleStart) / (WEEKS - 1));
    for (const team of teams)
      for (let o = 0; o < OBJECTIVES; o++) {
        const objectiveId = newId();
        objectives.push({
          id: objectiveId,
          team_id: team.id,
          cycle_id: cycle.id,
          key: `objective-${o + 1}`,
          title: ['Make checkout reliable', 'Onboard merchants faster', 'Cut on-call load', 'Grow usage'][o],
          why: null,
          category: ['reliability', 'customer', 'capability', 'customer'][o],
          commitment: o === 0 ? 'committed' : 'aspirational',
          aligns_to: null,
          position: o,
          status: 'active',
          created_at: cycle.start,
          updated_at: cycle.start,
          version: 1,
        });
        for (let k = 0; k < KEY_RESULTS; k++) {
          const krId = newId();
          if (cycle.id === '2026-Q4') krIds.push(krId);
          const { title, metric } = written[titleIndex++]!;
          // Half the key results name their metric in fields, half only in the title.
          const fields = k % 2 === 0 ? metric : null;
          keyResults.push({
            id: krId,
            objective_id: objectiveId,
            team_id: team.id,
            cycle_id: cycle.id,
            key: `kr-${o + 1}-${k + 1}`,
            title,
            metric_name: fields?.name ?? null,
            unit: fields?.unit ?? null,
            baseline: fields?.baseline ?? null,
            target: fields?.target ?? null,
            direction: fields?.direction ?? null,
            caveats: k === 3 ? '[{"kind":"noisy","note":"weekly swings"}]' : '[]',
            position: k,
            status: 'active',
            replaced_by: null,
            grade_override: null,
            grade_reason: null,
            created_at: cycle.start,
            updated_at: cycle.start,
            version: 1,
          });
          // From the baseline most of the way to the target, with week-to-week noise, as typed.
          const from = metric?.baseline ?? 10;
          const to = metric?.target ?? 20;
          const reach = 0.5 + r() * 0.6;
          let measurementId = '';
          for (let w = 0; w < WEEKS; w++) {
            const at = new Date(cycleStart + w * step).toISOString();
            measurementId = newId();
            const trend = from + ((to - from) * reach * w) / (WEEKS - 1);
            measurements.push({
              id: measurementId,
              key_result_id: krId,
              value: Number((trend + (r() - 0.5) * 0.1 * Math.abs(to - from)).toFixed(2)),
              measured_at: at,
              source: 'check-in',
              source_ref: null,
              author_id: userId,
              created_at: at,
            });
          }
          checkIns.push({
            id: newId(),
            key_result_id: krId,
            value: measurements[measurements.length - 1]!.value,
            confidence: 3 + Math.floor(r() * 7),
            note: 'weekly check-in',
            author_id: userId,
            measurement_id: measurementId,
            channel: 'api',
            created_at: measurements[measurements.length - 1]!.created_at,
          });
        }
      }
    await db.transaction().execute(async (trx) => {
      await insertAll(trx, 'objectives', objectives);
      await insertAll(trx, 'key_results', keyResults);
      await insertAll(trx, 'measurements', measurements);
      await insertAll(trx, 'kr_check_ins', checkIns);
    });
  }
  return { token, teamSlugs: teams.map((t) => t.slug), krIds };
}

interface Figures {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  failed: number;
  /** Share of one core each side used during the run: who was the bottleneck on this machine. */
  serverCpu: number | null;
  clientCpu: number;
  /** PostgreSQL's processes, when it runs on this machine. */
  databaseCpu: number | null;
  /** CPU time of the whole machine (every core, every process) per request, in µs. */
  machineUsPerRequest: number | null;
}

/** A process's command name and CPU seconds so far, from /proc/<pid>/stat; null when it is gone. */
function readProcessStat(pid: number | string): { command: string; cpuSeconds: number } | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name is in parentheses and may hold spaces; utime and stime are the 12th and 13th
  // fields after it.
  const close = stat.lastIndexOf(')');
  const fields = stat.slice(close + 2).split(' ');
  return {
    command: stat.slice(stat.indexOf('(') + 1, close),
    cpuSeconds: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS,
  };
}

/** CPU seconds a process has used so far (Linux /proc), or null where there is no /proc. */
function processCpuSeconds(pid: number): number | null {
  return readProcessStat(pid)?.cpuSeconds ?? null;
}

/** CPU seconds used so far by every process with this command name (PostgreSQL's backends), or null. */
function commandCpuSeconds(command: string): number | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  let total = 0;
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcessStat(entry); // null: the process ended
    if (stat?.command === command) total += stat.cpuSeconds;
  }
  return total;
}

/** Busy CPU seconds of the whole machine so far (every core), from /proc/stat. */
function machineBusySeconds(): number | null {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: idle and iowait are not busy.
    const busy = cpu.slice(0, 8).reduce((a, b) => a + b, 0) - cpu[3]! - cpu[4]!;
    return busy / CLOCK_TICKS;
  } catch {
    return null;
  }
}
const CLOCK_TICKS = 100;

const WARM_UP_SECONDS = Math.min(2, SECONDS);

async function run(
  name: string,
  url: string,
  requests?: AutocannonRequest[],
  duration = SECONDS,
  serverPid?: number,
) {
  // Each connection walks the list from its own starting point: autocannon starts every one at
  // the first request, which would send all 32 after the same team at the same moment.
  let connection = 0;
  const setupClient =
    requests && requests.length > 1
      ? (client: { setRequests(requests: AutocannonRequest[]): void }) => {
          const start = Math.floor((connection++ * requests.length) / CONNECTIONS) % requests.length;
          client.setRequests([...requests.slice(start), ...requests.slice(0, start)].map((r) => ({ ...r })));
        }
      : undefined;
  const serverBefore = serverPid ? processCpuSeconds(serverPid) : null;
  const machineBefore = machineBusySeconds();
  const databaseBefore = commandCpuSeconds('postgres');
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration,
    ...(requests ? { requests } : {}),
    ...(setupClient ? { setupClient } : {}),
  });
  const elapsed = (performance.now() - started) / 1000;
  const client = process.cpuUsage(clientBefore);
  const serverAfter = serverPid ? processCpuSeconds(serverPid) : null;
  const machineAfter = machineBusySeconds();
  const databaseAfter = commandCpuSeconds('postgres');
  const requestsDone = result.requests.average * duration;
  const figures: Figures = {
    name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
    serverCpu: serverBefore !== null && serverAfter !== null ? (serverAfter - serverBefore) / elapsed : null,
    clientCpu: (client.user + client.system) / 1e6 / elapsed,
    databaseCpu:
      databaseBefore !== null && databaseAfter !== null && databaseAfter > databaseBefore
        ? (databaseAfter - databaseBefore) / elapsed
        : null,
    machineUsPerRequest:
      machineBefore !== null && machineAfter !== null && requestsDone > 0
        ? ((machineAfter - machineBefore) * 1e6) / requestsDone
        : null,
  };
  return figures;
}

/** GETs every path once, eight at a time. */
async function readEach(base: string, paths: string[], headers: Record<string, string>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const res = await fetch(base + paths[next++]!, { headers });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`GET ${res.url}: ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

function print(f: Figures, ceiling: Figures | null): void {
  const ratio = ceiling ? ` · ${((100 * f.rps) / ceiling.rps).toFixed(0)}% of the ceiling` : '';
  const failed = f.failed > 0 ? ` · ${fmt(f.failed)} FAILED` : '';
  const pct = (share: number) => `${Math.round(100 * share)}%`;
  const cpu = [
    f.serverCpu !== null ? `server ${pct(f.serverCpu)}` : null,
    `load client ${pct(f.clientCpu)}`,
    f.databaseCpu !== null ? `PostgreSQL ${pct(f.databaseCpu)}` : null,
    f.machineUsPerRequest !== null ? `machine ${fmt(f.machineUsPerRequest)} µs/request` : null,
  ].filter(Boolean);
  console.log(
    `  ${f.name.padEnd(34)} ${fmt(f.rps).padStart(7)} req/s · p50 ${f.p50.toFixed(1)} ms · p99 ${f.p99.toFixed(1)} ms${ratio}${failed}`,
  );
  console.log(`  ${''.padEnd(34)} (CPU of one core: ${cpu.join(' · ')})`);
}

/**
 * wrk (Debian's package), when it is installed: a load client written in C that needs a fraction
 * of autocannon's CPU per response. On two cores autocannon saturates one of them turning every
 * 21 KB body into a string, so the server's own share is hidden; wrk shows it. Informative: the
 * verdicts stay autocannon's, as the issue asks.
 */
const WRK = spawnSync('wrk', ['--version'], { encoding: 'utf8' }).error ? null : 'wrk';

interface WrkFigures {
  rps: number;
  p50: number;
  p99: number;
  failed: number;
}

/** Runs wrk (one thread, the same connections and duration), rotating `paths` with `headers`. */
async function runWrk(
  url: string,
  paths: string[] = ['/'],
  headers: Record<string, string> = {},
  duration = SECONDS,
): Promise<WrkFigures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'legible-wrk-'));
  const script = path.join(dir, 'requests.lua');
  const lua = (v: string) => JSON.stringify(v); // a JSON string is a Lua string for these characters
  writeFileSync(
    script,
    [
      `local paths = { ${paths.map(lua).join(', ')} }`,
      `local headers = { ${Object.entries(headers)
        .map(([k, v]) => `[${lua(k)}] = ${lua(v)}`)
        .join(', ')} }`,
      'local n = 0',
      // One thread: every request, whichever connection sends it, takes the next path.
      'request = function()',
      '  n = n % #paths + 1',
      '  return wrk.format("GET", paths[n], headers)',
      'end',
    ].join('\n'),
  );
  try {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(WRK!, [
        '-t1',
        `-c${CONNECTIONS}`,
        `-d${duration}s`,
        '--latency',
        '-s',
        script,
        url,
      ]);
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      child.on('error', reject);
      child.on('close', (code) =>
        code === 0 ? resolve(text) : reject(new Error(`wrk exited ${code}: ${text}`)),
      );
    });
    const ms = (label: string) => {
      const m = new RegExp(`^\\s*${label}\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(output);
      if (!m) return Number.NaN;
      return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1);
    };
    const failed =
      Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0) +
      (/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/
        .exec(output)
        ?.slice(1)
        .reduce((a, b) => a + Number(b), 0) ?? 0);
    return {
      rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1] ?? Number.NaN),
      p50: ms('50%'),
      p99: ms('99%'),
      failed,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function printWrk(name: string, f: WrkFigures, ceiling: WrkFigures | null): void {
  const ratio = ceiling ? ` · ${((100 * f.rps) / ceiling.rps).toFixed(0)}% of wrk's ceiling` : '';
  const failed = f.failed > 0 ? ` · ${fmt(f.failed)} FAILED` : '';
  console.log(
    `  ${name.padEnd(34)} ${fmt(f.rps).padStart(7)} req/s · p50 ${f.p50.toFixed(1)} ms · p99 ${f.p99.toFixed(1)} ms${ratio}${failed}`,
  );
}

interface Ceiling {
  autocannon: Figures;
  wrk: WrkFigures | null;
}

/**
 * The hello-world ceiling, measured just before the runs it is compared with: this machine's speed
 * drifts by tens of percent within minutes (it is shared), so a ceiling from the start of the
 * benchmark can be another machine's by the time the reads run.
 */
async function measureCeiling(hello: ServerProcess, withWrk = true): Promise<Ceiling> {
  await run('warm-up', hello.url, undefined, WARM_UP_SECONDS);
  const autocannonCeiling = await run(
    'Fastify hello-world (ceiling)',
    hello.url,
    undefined,
    SECONDS,
    hello.pid,
  );
  print(autocannonCeiling, null);
  let wrkCeiling: WrkFigures | null = null;
  if (WRK && withWrk) {
    await runWrk(hello.url, undefined, undefined, WARM_UP_SECONDS);
    wrkCeiling = await runWrk(hello.url);
    printWrk('… measured with wrk (C client)', wrkCeiling, null);
  }
  return { autocannon: autocannonCeiling, wrk: wrkCeiling };
}

async function benchDatabase(label: string, url: string, hello: ServerProcess): Promise<void> {
  console.log(`\n${label}`);
  const handle = createDatabase(url);
  const t0 = performance.now();
  await migrateOrThrow(handle.db);
  const seeded = await seedOrganisation(handle.db);
  const counted = await handle.db
    .selectFrom('measurements')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  console.log(
    `  seeded ${TEAMS} teams × ${OBJECTIVES} objectives × ${KEY_RESULTS} key results × ${CYCLES.length} cycles, ${fmt(Number(counted.n))} measurements in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  // As a database in use would be: vacuumed and analysed. Otherwise PostgreSQL's autovacuum of
  // the fresh rows starts a minute in, in the middle of a measured run, on the same two cores.
  await sql`${sql.raw(handle.dialect === 'postgres' ? 'vacuum analyze' : 'analyze')}`.execute(handle.db);
  await handle.close();

  const profileDir = PROFILE ? mkdtempSync(path.join(tmpdir(), 'legible-profile-')) : '';
  const server: ServerProcess = await spawnServer(url, {
    env: { LEGIBLE_LOG: 'warn' },
    ...(PROFILE ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] } : {}),
  });
  const verdicts: string[] = [];
  let wrkVerdict: string | null = null;
  let failed = false;
  let acknowledged: number | null = null;
  try {
    const auth = { authorization: `Bearer ${seeded.token}` };
    const okrPaths = seeded.teamSlugs.flatMap((slug) =>
      CYCLES.map((c) => `/api/v1/teams/${slug}/okrs/${c.id}`),
    );
    // Every team and cycle in turn, each request built once: autocannon rebuilds a request with a
    // setupRequest function every time it sends it, which costs the load client (on the same two
    // cores) more than the server's whole answer.
    const readRequests: AutocannonRequest[] = okrPaths.map((p) => ({
      method: 'GET',
      path: p,
      headers: auth,
    }));
    // What browsers and fetch() send: the same view, gzipped once per version and kept.
    const gzipRequests: AutocannonRequest[] = okrPaths.map((p) => ({
      method: 'GET',
      path: p,
      headers: { ...auth, 'accept-encoding': 'gzip, deflate, br' },
    }));
    // Warm up (JIT, caches) before measuring.
    await run('warm-up', server.url, readRequests, WARM_UP_SECONDS);
    if (ONLY !== 'writes') {
      // Rounds of ceiling-then-reads: the machine's speed drifts between minutes, so each
      // round's ratio compares two runs made back to back, and the verdict takes the median
      // round's ratio (and the worst p99 of all rounds).
      const rounds: Array<{ ceiling: Figures; reads: Figures }> = [];
      let wrkCeiling: WrkFigures | null = null;
      for (let round = 1; round <= ROUNDS; round++) {
        if (ROUNDS > 1) console.log(`  round ${round} of ${ROUNDS}`);
        const measured = await measureCeiling(hello, round === ROUNDS);
        wrkCeiling = measured.wrk ?? wrkCeiling;
        // Views live 30 s (progress and pace move with the clock): each run starts with every
        // one computed, as on a server in use, rather than timing 800 first computations.
        await readEach(server.url, okrPaths, auth);
        const roundReads = await run(
          'GET team OKRs for a cycle',
          server.url,
          readRequests,
          SECONDS,
          server.pid,
        );
        print(roundReads, measured.autocannon);
        failed ||= roundReads.failed > 0;
        rounds.push({ ceiling: measured.autocannon, reads: roundReads });
      }
      const byRatio = [...rounds].sort((a, b) => a.reads.rps / a.ceiling.rps - b.reads.rps / b.ceiling.rps);
      const { ceiling, reads } = byRatio[Math.floor((byRatio.length - 1) / 2)]!;
      const ratios = byRatio.map((r) => `${((100 * r.reads.rps) / r.ceiling.rps).toFixed(0)}%`);
      const worstP99 = Math.max(...rounds.map((r) => r.reads.p99));
      if (ROUNDS > 1)
        console.log(`  (team OKRs by round, lowest first: ${ratios.join(', ')} of that round's ceiling)`);
      // The runs below are compared with the ceiling measured closest to them: the last round's.
      const lastCeiling = rounds[rounds.length - 1]!.ceiling;
      await readEach(server.url, okrPaths, auth);
      const zipped = await run(
        '  … accepting gzip (as browsers do)',
        server.url,
        gzipRequests,
        SECONDS,
        server.pid,
      );
      print(zipped, lastCeiling);
      failed ||= zipped.failed > 0;
      if (wrkCeiling) {
        await readEach(server.url, okrPaths, auth);
        const wrkReads = await runWrk(server.url, okrPaths, auth);
        printWrk('  … measured with wrk (C client)', wrkReads, wrkCeiling);
        failed ||= wrkReads.failed > 0;
        wrkVerdict = `measured with wrk, team OKRs reach ${((100 * wrkReads.rps) / wrkCeiling.rps).toFixed(0)}% of wrk's ceiling, p99 ${wrkReads.p99.toFixed(1)} ms (informative: the verdicts above are autocannon's)`;
      }
      if (label.startsWith('SQLite')) {
        // A second, informative ceiling: Fastify sending a static body the size of this response.
        const sample = await fetch(server.url + okrPaths[0]!, { headers: auth });
        const bodyFile = path.join(mkdtempSync(path.join(tmpdir(), 'legible-body-')), 'okrs.json');
        const text = await sample.text();
        writeFileSync(bodyFile, text);
        const staticServer = await spawnServer('unused', {
          script: HELLO_SCRIPT,
          env: { STATIC_BODY_FILE: bodyFile },
        });
        try {
          await run('warm-up', staticServer.url, undefined, WARM_UP_SECONDS);
          const staticBody = await run(
            `(static ${(text.length / 1024).toFixed(0)} KB body, same size)`,
            staticServer.url,
            undefined,
            SECONDS,
            staticServer.pid,
          );
          print(staticBody, lastCeiling);
          console.log(
            `  (team OKRs reach ${((100 * rounds[rounds.length - 1]!.reads.rps) / staticBody.rps).toFixed(0)}% of a static body of the same size, the last round's reads)`,
          );
        } finally {
          await staticServer.kill('SIGTERM');
          rmSync(path.dirname(bodyFile), { recursive: true, force: true });
        }
      }
      verdicts.push(
        `team OKRs p99 ${worstP99.toFixed(1)} ms${ROUNDS > 1 ? ', the worst round' : ''} (target < 20 ms): ${worstP99 < 20 ? 'met' : 'MISSED'}`,
        `team OKRs throughput ${((100 * reads.rps) / ceiling.rps).toFixed(0)}% of the ceiling${ROUNDS > 1 ? `, the median of ${ROUNDS} rounds (${ratios.join(', ')})` : ''} (target ≥ 40%): ${reads.rps >= 0.4 * ceiling.rps ? 'met' : 'MISSED'}`,
        `team OKRs accepting gzip: p99 ${zipped.p99.toFixed(1)} ms (${zipped.p99 < 20 ? 'met' : 'MISSED'}), ${((100 * zipped.rps) / lastCeiling.rps).toFixed(0)}% of the last round's ceiling (${zipped.rps >= 0.4 * lastCeiling.rps ? 'met' : 'MISSED'})`,
      );
    }
    if (ONLY !== 'reads') {
      // One request per key result, each built once (see the reads above): every key result of
      // the current cycle in turn, each with its own value and note.
      const headers = { ...auth, 'content-type': 'application/json' };
      const checkIns = (note: string): AutocannonRequest[] =>
        seeded.krIds.map((id, n) => ({
          method: 'POST',
          path: `/api/v1/key-results/${id}/check-ins`,
          headers,
          body: JSON.stringify({ value: 40 + (n % 17), confidence: 6, note: `${note} ${n}` }),
        }));
      const writeRequests = checkIns('bench');
      await run('warm-up', server.url, checkIns('warm-up'), WARM_UP_SECONDS);
      const writes = await run('POST a check-in', server.url, writeRequests, SECONDS, server.pid);
      print(writes, null);
      failed ||= writes.failed > 0;
      acknowledged = writes.ok;
      if (label.startsWith('SQLite'))
        verdicts.push(
          `check-ins ${fmt(writes.rps)}/s with synchronous=FULL commits (target ≥ 2,000/s): ${writes.rps >= 2000 ? 'met' : 'MISSED'}`,
        );
    }
  } finally {
    await server.kill('SIGTERM');
    console.log(
      server
        .stderr()
        .split('\n')
        .filter((l) => l.includes('COALESCE'))
        .join('\n'),
    );
  }
  for (const v of verdicts) console.log(`  → ${v}`);
  if (wrkVerdict) console.log(`  (${wrkVerdict})`);
  if (failed) console.log('  ! some requests failed: the figures above are not valid');
  if (PROFILE) console.log(`  CPU profiles of the server: ${profileDir}`);
  if (acknowledged === null) return;
  // Every acknowledged check-in was committed.
  const after = createDatabase(url);
  const rows = await after.db
    .selectFrom('kr_check_ins')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('note', 'like', 'bench %')
    .executeTakeFirstOrThrow();
  console.log(
    `  (${fmt(acknowledged)} check-ins acknowledged, ${fmt(Number(rows.n))} stored: ${Number(rows.n) >= acknowledged ? 'every acknowledged one, and those in flight when the run stopped' : 'SOME ACKNOWLEDGED CHECK-INS ARE MISSING'})`,
  );
  await after.close();
}

async function main(): Promise<void> {
  console.log(
    `legible API benchmarks · node ${process.version} · ${CONNECTIONS} connections · ${SECONDS} s per run · ${new Date().toISOString()}`,
  );
  if (!WRK)
    console.log('(wrk is not installed: apt-get install wrk adds figures from a load client written in C)');
  // Idle between its runs, so it costs the runs in between nothing.
  const hello = await spawnServer('unused', { script: HELLO_SCRIPT });
  const dir = mkdtempSync(path.join(tmpdir(), 'legible-bench-'));
  try {
    if (DIALECT !== 'postgres')
      await benchDatabase(
        'SQLite (WAL, synchronous=FULL, group commit)',
        `sqlite:${path.join(dir, 'bench.db')}`,
        hello,
      );
    const adminUrl = process.env.DATABASE_URL;
    if (adminUrl && DIALECT !== 'sqlite') {
      const url = await createPostgresDatabaseOn(adminUrl, 'legible_bench');
      try {
        await benchDatabase('PostgreSQL', url, hello);
      } finally {
        await dropPostgresDatabaseOn(adminUrl, url);
      }
    } else if (!adminUrl) console.log('\n(PostgreSQL: set DATABASE_URL to run it too)');
  } finally {
    await hello.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run only as a script (the seeding is reused when profiling).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main().catch((error: unknown) => {
    console.error(`\nthe API benchmark stopped: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.DATABASE_URL)
      console.error(`(DATABASE_URL is ${process.env.DATABASE_URL}: is PostgreSQL running there?)`);
    process.exit(1);
  });
}

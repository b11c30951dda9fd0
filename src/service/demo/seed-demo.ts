/**
 * `legible serve --demo`: seeds the sample organisation of demo-data.ts into an empty database,
 * through the same service functions the API uses (so permissions, revisions and the audit log
 * are real). Every date is relative to the services' clock: the current quarter runs up to
 * today, the previous one is complete and graded. Values come from a seeded random generator,
 * so the same day gives the same demo.
 */
import { cadencePeriods } from '../../core/check-in/cadence.js';
import { type Cycle, quarterOf } from '../../core/cycle/cycle.js';
import { parseOkrText } from '../../core/okr-file/parse.js';
import { createUser } from '../accounts/users.js';
import { createTeamCheckIn } from '../cadence/team-check-ins.js';
import { type Actor, type ServiceContext, type Services, SYSTEM_ACTOR } from '../context.js';
import { createDecision } from '../decisions/decisions.js';
import { recordCheckIn, recordMeasurement } from '../okrs/check-ins.js';
import { reviseKeyResult, setGrade } from '../okrs/key-results.js';
import { syncOkrDocument } from '../okrs/sync-document.js';
import { createRequest, decideRequest } from '../requests/requests.js';
import { createTeam, setMember } from '../teams/teams.js';
import {
  CURRENT_OKRS,
  CURRENT_SERIES,
  DECISIONS,
  DEMO_PASSWORD,
  type DemoTeam,
  PEOPLE,
  PREVIOUS_OKRS,
  PREVIOUS_SERIES,
  PREVIOUS_TEAM_CHECK_INS,
  REQUESTS,
  type Series,
  type Shape,
  TEAM_CHECK_INS,
  TEAMS,
} from './demo-data.js';

export interface DemoResult {
  created: boolean;
  summary: string;
  signIn: { email: string; password: string };
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;
const WEEKS = 13;

/** mulberry32: a small seeded generator, so a demo is reproducible. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function hash(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
}

function gauss(rand: () => number): number {
  const u = Math.max(rand(), 1e-9);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

function shaped(shape: Shape, x: number): number {
  switch (shape) {
    case 'early':
      return 1 - (1 - x) ** 2;
    case 'late':
      return x ** 2;
    case 'stall':
      return x < 0.5 ? x * 1.6 : 0.8 + (x - 0.5) * 0.4;
    case 'setback':
      if (x < 0.4) return x * 0.9;
      if (x < 0.55) return 0.36 - (x - 0.4) * 1.2;
      return 0.18 + ((x - 0.55) * 0.82) / 0.45;
    default:
      return x;
  }
}

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const startOf = (day: string) => Date.parse(`${day}T00:00:00Z`);

interface DemoEvent {
  at: number;
  /** Clamped events happen in order just before now when their week has not come yet. */
  clamp?: boolean;
  run: (at: number) => Promise<void>;
}

/** The sample organisation, unless the database already has users or teams. */
export async function seedDemo(services: Services): Promise<DemoResult> {
  const signIn = { email: PEOPLE[0]!.email, password: DEMO_PASSWORD };
  const anyUser = await services.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  const anyTeam = await services.db.selectFrom('teams').select('id').limit(1).executeTakeFirst();
  if (anyUser || anyTeam)
    return {
      created: false,
      summary: 'the database already has users or teams, so no demo data was added',
      signIn,
    };

  const now = services.clock().getTime();
  const current = quarterOf(new Date(now));
  const previous = quarterOf(new Date(startOf(current.start) - DAY));
  const ctxAt = (actor: Actor, at: number): ServiceContext => ({
    ...services,
    actor,
    clock: () => new Date(at),
  });
  const userIds = new Map<string, string>();
  const asUser = (email: string): Actor => ({
    kind: 'user',
    userId: userIds.get(email)!,
    isAdmin: PEOPLE.find((p) => p.email === email)?.admin === true,
  });
  const teamBySlug = new Map(TEAMS.map((t) => [t.slug, t]));
  const writers = (team: DemoTeam) => [team.owner, ...team.members];
  const author = (team: DemoTeam, i: number) => asUser(writers(team)[i % writers(team).length]!);

  // People and teams exist before the previous quarter starts.
  const founding = startOf(previous.start) - 20 * DAY;
  for (const [i, person] of PEOPLE.entries()) {
    const user = await createUser(ctxAt(SYSTEM_ACTOR, founding + i * MINUTE), {
      email: person.email,
      name: person.name,
      password: DEMO_PASSWORD,
      isAdmin: person.admin === true,
    });
    userIds.set(person.email, user.id);
  }
  const admin = asUser(PEOPLE[0]!.email);
  for (const [i, team] of TEAMS.entries()) {
    const at = founding + HOUR + i * MINUTE;
    await createTeam(ctxAt(admin, at), {
      slug: team.slug,
      name: team.name,
      cadence: { weekday: team.weekday, everyWeeks: team.everyWeeks },
      owners: [userIds.get(team.owner)!],
    });
    for (const m of team.members) await setMember(ctxAt(admin, at), team.slug, userIds.get(m)!, 'member');
    for (const v of team.viewers) await setMember(ctxAt(admin, at), team.slug, userIds.get(v)!, 'viewer');
  }

  /** The active key result with this key (or any status when `anyStatus`), or undefined. */
  const findKr = async (team: string, cycle: Cycle, key: string, anyStatus = false) => {
    let q = services.db
      .selectFrom('key_results')
      .innerJoin('teams', 'teams.id', 'key_results.team_id')
      .select(['key_results.id', 'key_results.version', 'key_results.objective_id'])
      .where('teams.slug', '=', team)
      .where('key_results.cycle_id', '=', cycle.id)
      .where('key_results.key', '=', key);
    if (!anyStatus) q = q.where('key_results.status', '=', 'active');
    return q.executeTakeFirst();
  };
  const findObjective = async (team: string, cycle: Cycle, key: string) =>
    services.db
      .selectFrom('objectives')
      .innerJoin('teams', 'teams.id', 'objectives.team_id')
      .select(['objectives.id'])
      .where('teams.slug', '=', team)
      .where('objectives.cycle_id', '=', cycle.id)
      .where('objectives.key', '=', key)
      .executeTakeFirst();

  /** The day of week `w` on which a team checks in on its key results (the quarter's weekly rhythm). */
  const weekDay = (team: DemoTeam, cycle: Cycle, w: number): number => {
    const periods = cadencePeriods({ weekday: team.weekday, everyWeeks: 1 }, cycle).filter(
      (p) => p >= cycle.start,
    );
    const day = periods[w] ?? dayOf(startOf(cycle.start) + w * 7 * DAY);
    return startOf(day);
  };

  const events: DemoEvent[] = [];

  // The OKR files, as a team pushes them a few days before the quarter.
  for (const [cycle, files] of [
    [previous, PREVIOUS_OKRS],
    [current, CURRENT_OKRS],
  ] as const) {
    for (const [i, [slug, yaml]] of Object.entries(files).entries()) {
      const team = teamBySlug.get(slug)!;
      events.push({
        at: startOf(cycle.start) - 4 * DAY + 15 * HOUR + i * MINUTE,
        run: async (at) => {
          const parsed = parseOkrText(yaml.replace('CYCLE', cycle.id), {
            file: `okrs/${cycle.id}/${slug}.yaml`,
          });
          if (!parsed.ok)
            throw new Error(`demo OKR file for ${slug} does not parse: ${parsed.problems[0]?.message}`);
          const file = parsed.files[0]!;
          await syncOkrDocument(ctxAt(asUser(team.owner), at), {
            teamSlug: slug,
            cycleId: cycle.id,
            document: file.document,
            cycle: file.cycle,
            ifMatch: null,
            dryRun: false,
            reason: `${cycle.id} planning`,
          });
        },
      });
    }
  }

  // Weekly key-result check-ins (and daily values from a data source for some).
  const seriesEvents = (cycle: Cycle, all: Series[]) => {
    for (const s of all) {
      const team = teamBySlug.get(s.team)!;
      const rand = random(hash(`${cycle.id}/${s.team}/${s.key}`));
      const from = s.key === 'abandoned-after-timeout' ? 4 : 0;
      const valueAt = (x: number) =>
        s.start +
        (s.end - s.start) * shaped(s.shape, Math.min(1, Math.max(0, (x * 12 - from) / (12 - from))));
      const unused = [...s.notes];
      let previousValue: number | null = null;
      for (let w = from; w < WEEKS; w += 1) {
        const at = weekDay(team, cycle, w) + 9 * HOUR + (hash(s.key) % 300) * MINUTE;
        if (s.silentForDays !== undefined && at > now - s.silentForDays * DAY) continue;
        const x = w / 12;
        const value = s.values ? s.values[w]! : round(valueAt(x) + s.noise * gauss(rand), s.decimals);
        const confidence = Math.max(
          0,
          Math.min(
            10,
            Math.round(s.confidence[0] + (s.confidence[1] - s.confidence[0]) * x + 0.6 * gauss(rand)),
          ),
        );
        const roll = rand();
        // Otherwise a note says only what the numbers say: how this week compares with the last.
        const moved = previousValue === null ? null : movedSince(previousValue, value, s.decimals);
        const note =
          roll < 0.45 && unused.length > 0 ? unused.shift()! : roll < 0.6 && moved !== null ? moved : null;
        previousValue = value;
        events.push({
          at,
          run: async (t) => {
            const kr = await findKr(s.team, cycle, s.key);
            if (!kr) return; // not yet created (a replacement) or no longer active
            await recordCheckIn(ctxAt(author(team, w + (hash(s.key) % 3)), t), kr.id, {
              value,
              confidence,
              note,
              channel: w % 4 === 0 ? 'cli' : 'web',
            });
          },
        });
      }
      if (s.daily) {
        const daily = s.daily;
        const first = startOf(cycle.start);
        const days = Math.round((startOf(cycle.end) - first) / DAY) + 1;
        for (let d = 0; d < days; d += 1) {
          const at = first + d * DAY + 6 * HOUR;
          const weekday = new Date(at).getUTCDay();
          const weekend = weekday === 0 || weekday === 6 ? daily.weekendFactor : 1;
          const value = round(valueAt(d / (days - 1)) * weekend + s.noise * 1.4 * gauss(rand), s.decimals);
          events.push({
            at,
            run: async (t) => {
              const kr = await findKr(s.team, cycle, s.key);
              if (!kr) return;
              await recordMeasurement(ctxAt(SYSTEM_ACTOR, t), kr.id, {
                value,
                at: new Date(t).toISOString(),
                source: 'data-source',
                sourceRef: daily.sourceRef,
              });
            },
          });
        }
      }
    }
  };
  seriesEvents(previous, PREVIOUS_SERIES);
  seriesEvents(current, CURRENT_SERIES);

  // Team check-ins: what changed, what we learned, what is off path, what to stop doing.
  const teamCheckInAt = (team: DemoTeam, cycle: Cycle, w: number) => {
    const day = weekDay(team, cycle, w);
    const periods = cadencePeriods({ weekday: team.weekday, everyWeeks: team.everyWeeks }, cycle);
    const period = [...periods].reverse().find((p) => startOf(p) <= day) ?? periods[0]!;
    return { period, at: Math.max(day, startOf(period)) + 16 * HOUR };
  };
  for (const [i, c] of TEAM_CHECK_INS.entries()) {
    const team = teamBySlug.get(c.team)!;
    const { period, at } = teamCheckInAt(team, current, c.week);
    events.push({
      at,
      run: async (t) => {
        const offPath: Array<{ keyResultId: string; note: string }> = [];
        for (const o of c.offPath ?? []) {
          const kr = await findKr(c.team, current, o.key);
          if (kr) offPath.push({ keyResultId: kr.id, note: o.note });
        }
        await createTeamCheckIn(ctxAt(author(team, i), t), c.team, {
          cycle: current.id,
          period,
          whatChanged: c.whatChanged,
          whatLearned: c.whatLearned,
          offPath,
          ...(c.stopDoing !== undefined ? { stopDoing: c.stopDoing } : {}),
        });
      },
    });
  }
  // The previous quarter: a short check-in every week it ran, each about that week.
  for (const slug of Object.keys(PREVIOUS_OKRS)) {
    const team = teamBySlug.get(slug)!;
    const weeks = PREVIOUS_TEAM_CHECK_INS[slug] ?? [];
    for (let w = 0; w < Math.min(WEEKS, weeks.length); w += 1) {
      const { period, at } = teamCheckInAt(team, previous, w);
      const [whatChanged, whatLearned] = weeks[w]!;
      events.push({
        at,
        run: async (t) => {
          await createTeamCheckIn(ctxAt(author(team, w), t), slug, {
            cycle: previous.id,
            period,
            whatChanged,
            whatLearned,
          });
        },
      });
    }
  }

  // Revisions mid-quarter, each with its reason.
  const payments = teamBySlug.get('payments')!;
  const platform = teamBySlug.get('platform')!;
  events.push({
    at: weekDay(payments, current, 4) + 8 * HOUR,
    clamp: true,
    run: async (t) => {
      const kr = await findKr('payments', current, 'retry-logic');
      if (!kr) return;
      await reviseKeyResult(ctxAt(asUser(payments.owner), t), kr.id, kr.version, {
        kind: 'replace',
        reason:
          '"Ship new retry logic" was a task, and it is done; what we want is fewer checkouts abandoned after a timeout (named off path in the last team check-in).',
        replacement: {
          key: 'abandoned-after-timeout',
          title: 'Reduce checkouts abandoned after a payment timeout from 0.9% to 0.4%',
          metric: {
            name: 'checkouts abandoned after a timeout',
            unit: '%',
            baseline: 0.9,
            target: 0.4,
            direction: 'decrease',
          },
        },
      });
    },
  });
  events.push({
    at: weekDay(platform, current, 5) + 8 * HOUR,
    clamp: true,
    run: async (t) => {
      const kr = await findKr('platform', current, 'diagnosis-time');
      if (!kr) return;
      await reviseKeyResult(ctxAt(asUser(platform.owner), t), kr.id, kr.version, {
        kind: 'retarget',
        reason:
          'Tracing for the payment path moved to next quarter; without it about 20 minutes is the floor for incidents that cross services.',
        title: 'Reduce average incident diagnosis time from 40 minutes to 20 minutes',
        metric: {
          name: 'average incident diagnosis time',
          unit: 'minutes',
          baseline: 40,
          target: 20,
          direction: 'decrease',
        },
      });
    },
  });

  // Requests, triaged against the objectives.
  for (const [i, r] of REQUESTS.entries()) {
    const team = teamBySlug.get(r.team)!;
    events.push({
      at: weekDay(team, current, r.week) + 11 * HOUR + i * MINUTE,
      clamp: true,
      run: async (t) => {
        const created = await createRequest(ctxAt(author(team, i), t), r.team, {
          title: r.title,
          description: r.description,
          requester: r.requester,
        });
        const d = r.decision;
        if (!d) return;
        const decideAt = Math.min(t + DAY, Math.max(t + MINUTE, now - MINUTE));
        const ctx = ctxAt(asUser(team.owner), decideAt);
        if (d.status === 'accepted') {
          const kr = d.keyResult ? await findKr(r.team, current, d.keyResult) : undefined;
          const objective = d.objective ? await findObjective(r.team, current, d.objective) : undefined;
          await decideRequest(ctx, created.id, created.version, {
            status: 'accepted',
            ...(kr ? { keyResultId: kr.id } : {}),
            ...(objective ? { objectiveId: objective.id } : {}),
            expectedEffect: d.expectedEffect,
          });
        } else if (d.status === 'declined') {
          await decideRequest(ctx, created.id, created.version, { status: 'declined', reason: d.reason });
        } else {
          const until = d.deferWeeks ? dayOf(decideAt + d.deferWeeks * 7 * DAY) : null;
          await decideRequest(ctx, created.id, created.version, {
            status: 'deferred',
            reason: d.reason,
            ...(until ? { deferUntil: until } : {}),
          });
        }
      },
    });
  }

  // Decisions, linked to what informed them.
  for (const [i, d] of DECISIONS.entries()) {
    const team = teamBySlug.get(d.team)!;
    events.push({
      at: weekDay(team, current, d.week) + 14 * HOUR + i * MINUTE,
      clamp: true,
      run: async (t) => {
        const objectives: string[] = [];
        for (const key of d.objectives ?? []) {
          const o = await findObjective(d.team, current, key);
          if (o) objectives.push(o.id);
        }
        const keyResults: string[] = [];
        for (const key of d.keyResults ?? []) {
          const kr = (await findKr(d.team, current, key)) ?? (await findKr(d.team, current, key, true));
          if (kr) keyResults.push(kr.id);
        }
        const requests = (
          await services.db
            .selectFrom('requests')
            .innerJoin('teams', 'teams.id', 'requests.team_id')
            .select('requests.id')
            .where('teams.slug', '=', d.team)
            .where('requests.title', 'in', d.requests?.length ? d.requests : [''])
            .execute()
        ).map((r) => r.id);
        await createDecision(ctxAt(asUser(team.owner), t), d.team, {
          title: d.title,
          rationale: d.rationale,
          decidedOn: dayOf(t),
          links: { objectives, keyResults, requests },
        });
      },
    });
  }

  // The previous quarter's grades: one adjusted by a person, with a reason.
  events.push({
    at: startOf(current.start) + 2 * DAY + 10 * HOUR,
    clamp: true,
    run: async (t) => {
      const kr = await findKr('platform', previous, 'noisy-pages');
      if (!kr) return;
      await setGrade(ctxAt(asUser(platform.owner), t), kr.id, kr.version, {
        score: 0.7,
        reason:
          'Most of the remaining noise comes from the legacy queue we retire next quarter; the team removed everything it could change.',
      });
    },
  });

  // Events whose day has not come yet: clamped ones happen just before now, in order; the rest wait.
  const horizon = now - 5 * MINUTE;
  const due = events.filter((e) => e.at <= horizon);
  const clamped = events.filter((e) => e.at > horizon && e.clamp).sort((a, b) => a.at - b.at);
  clamped.forEach((e, i) => {
    e.at = now - 3 * HOUR + i * MINUTE;
  });
  const ordered = [...due, ...clamped].sort((a, b) => a.at - b.at);
  for (const e of ordered) await e.run(e.at);

  const count = async (
    table: 'kr_check_ins' | 'measurements' | 'team_check_ins' | 'requests' | 'decisions',
  ) =>
    Number(
      (
        await services.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const krCount = Number(
    (
      await services.db
        .selectFrom('key_results')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('cycle_id', '=', current.id)
        .where('status', '=', 'active')
        .executeTakeFirstOrThrow()
    ).n,
  );
  const summary =
    `demo organisation: ${TEAMS.length} teams (${TEAMS.map((t) => t.slug).join(', ')}), ${PEOPLE.length} people; ` +
    `${current.id} with ${krCount} key results, ${previous.id} complete and graded; ` +
    `${await count('kr_check_ins')} key-result check-ins, ${await count('measurements')} measurements, ` +
    `${await count('team_check_ins')} team check-ins, ${await count('requests')} requests, ${await count('decisions')} decisions`;
  return { created: true, summary, signIn };
}

/** "Down from 2.31 last week", "Up from 58 last week", "Same as last week": a week's move in words. */
function movedSince(previous: number, value: number, decimals: number): string {
  const shown = (n: number) => n.toFixed(decimals);
  if (shown(previous) === shown(value)) return 'Same as last week.';
  return `${value > previous ? 'Up' : 'Down'} from ${shown(previous)} last week.`;
}

/**
 * `legible push` and `legible pull` against a real server (in-process, on port 0), on SQLite and,
 * with DATABASE_URL, on PostgreSQL. Commands run through the in-process CLI runner.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cli, tempProject } from '../../test/helpers/cli.js';
import {
  api,
  cliDialects,
  createUserWithToken,
  registerServerCommandsOnce,
  startTestServer,
  type TestServer,
} from '../../test/helpers/cli-server.js';
import { parseOkrText } from '../core/okr-file/parse.js';

registerServerCommandsOnce();

/** A port nothing listens on. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const PAYMENTS = `version: 1
team: payments
cycle: 2026-Q4
objectives:
  - key: checkout-reliability
    title: Make checkout something customers never have to retry
    category: reliability
    commitment: committed
    key_results:
      - key: failed-checkouts
        title: Reduce failed checkout attempts from 2.4% to 1.7%
        metric: { name: failed checkout rate, unit: "%", baseline: 2.4, target: 1.7, direction: decrease }
        caveats:
          - kind: noisy
            note: "weekend traffic swings about 15%: compare week on week"
        initiatives:
          - title: Ship new retry logic
            link: https://tracker.example.com/PAY-123
      - key: diagnosis-time
        title: Reduce average incident diagnosis time from 40 minutes to 15 minutes
  - key: onboarding
    title: New merchants can start selling without talking to us
    category: customer
    key_results:
      - key: first-payment
        title: Increase merchants taking a first payment within 24 hours from 35% to 60%
      - key: blog-posts
        title: Publish 4 blog posts
guardrails:
  - title: p95 checkout latency stays under 800 ms
`;

const CHANGED = PAYMENTS.replace('from 2.4% to 1.7%', 'from 2.4% to 1.5%')
  .replace('target: 1.7,', 'target: 1.5,')
  .replace('      - key: blog-posts\n        title: Publish 4 blog posts\n', '');

for (const dialect of cliDialects()) {
  describe(`legible push and pull on ${dialect}`, () => {
    let s: TestServer;
    let team = 0;
    /** A fresh team slug per test, so tests do not depend on each other. */
    const newTeam = () => `team-${dialect}-${++team}`;
    const forTeam = (text: string, slug: string) => text.replace('team: payments', `team: ${slug}`);

    beforeAll(async () => {
      s = await startTestServer(dialect);
    });
    afterAll(async () => {
      await s?.close();
    });

    it('creates on the first push, and a second push of the same file changes nothing and says so', async () => {
      const slug = newTeam();
      const cwd = tempProject({ [`okrs/2026-Q4/${slug}.yaml`]: forTeam(PAYMENTS, slug) });
      const first = await cli(['push', 'okrs', '--reason', 'first draft of Q4', '--create-team'], {
        cwd,
        env: s.env,
      });
      // Nothing on stderr but the note on the new team's name.
      expect(first.stderr).toBe(
        `note: team ${slug} is named "${slug}" for now: give it its name, check-in cadence and time zone under "Team settings" on its page, ${s.env.LEGIBLE_URL}/teams/${slug}\n`,
      );
      expect(first.code).toBe(0);
      expect(first.stdout).toContain(
        `okrs/2026-Q4/${slug}.yaml → ${slug} 2026-Q4: 8 changes made (7 created, 1 guardrail added)`,
      );
      expect(first.stdout).toContain(`created team ${slug}`);
      expect(first.stdout).toContain(
        '+ key result failed-checkouts "Reduce failed checkout attempts from 2.4% to 1.7%" (in checkout-reliability)',
      );
      expect(first.stdout).toContain('+ guardrail "p95 checkout latency stays under 800 ms"');
      const view = await api(s, 'GET', `/api/v1/teams/${slug}/okrs/2026-Q4`);
      expect(view.status).toBe(200);
      expect(view.body.objectives.map((o: { key: string }) => o.key)).toEqual([
        'checkout-reliability',
        'onboarding',
      ]);
      // The reason is recorded with every revision the push made.
      const reasons = await s.server.handle.db
        .selectFrom('key_result_revisions')
        .innerJoin('key_results', 'key_results.id', 'key_result_revisions.key_result_id')
        .innerJoin('teams', 'teams.id', 'key_results.team_id')
        .select('key_result_revisions.reason')
        .where('teams.slug', '=', slug)
        .execute();
      expect(reasons.length).toBe(4);
      expect(new Set(reasons.map((r) => r.reason))).toEqual(new Set(['first draft of Q4']));

      const second = await cli(['push', 'okrs'], { cwd, env: s.env });
      expect(second.code).toBe(0);
      expect(second.stdout).toBe(
        `okrs/2026-Q4/${slug}.yaml → ${slug} 2026-Q4: no changes (the server already matches the file)\n`,
      );
      const after = await api(s, 'GET', `/api/v1/teams/${slug}/okrs/2026-Q4`);
      expect(after.etag).toBe(view.etag);
    });

    it('refuses to push to a team the server does not know unless --create-team says to create it', async () => {
      const slug = newTeam();
      const known = newTeam();
      expect((await api(s, 'POST', '/api/v1/teams', { slug: known, name: known })).status).toBe(201);
      const cwd = tempProject({
        'okrs/typo.yaml': forTeam(PAYMENTS, slug),
        'okrs/known.yaml': forTeam(PAYMENTS, known),
      });
      const refused = `Error: team "${slug}" does not exist on ${s.url}, so nothing was pushed from okrs/typo.yaml: check "team:" in okrs/typo.yaml (the web UI lists the teams), or, to create the team, push again with --create-team (admins only)\n`;
      for (const args of [['--dry-run'], []]) {
        const r = await cli(['push', 'okrs/typo.yaml', ...args], { cwd, env: s.env });
        expect(r.stdout).toBe('');
        expect(r.stderr).toBe(refused);
        expect(r.code).toBe(1);
      }
      expect((await api(s, 'GET', `/api/v1/teams/${slug}`)).status).toBe(404);

      // Several files: the known team is pushed, the unknown one is refused, and the exit code says so.
      const both = await cli(['push', 'okrs'], { cwd, env: s.env });
      expect(both.code).toBe(1);
      expect(both.stdout).toContain(
        `okrs/known.yaml → ${known} 2026-Q4: 8 changes made (7 created, 1 guardrail added)\n`,
      );
      expect(both.stdout).not.toContain('created team');
      expect(both.stdout).toContain('2 documents: 1 changed, 0 already up to date, 1 failed');
      expect(both.stderr).toContain(`Error: okrs/typo.yaml → ${slug} 2026-Q4: team "${slug}" does not exist`);
      expect((await api(s, 'GET', `/api/v1/teams/${slug}`)).status).toBe(404);

      const dry = await cli(['push', 'okrs/typo.yaml', '--create-team', '--dry-run'], { cwd, env: s.env });
      expect(dry.stderr).toBe('');
      expect(dry.code).toBe(0);
      expect(dry.stdout).toContain(
        `okrs/typo.yaml → ${slug} 2026-Q4: 8 changes would be made (7 created, 1 guardrail added); would create team ${slug}; dry run, nothing was changed\n`,
      );
      expect((await api(s, 'GET', `/api/v1/teams/${slug}`)).status).toBe(404);

      const created = await cli(['push', 'okrs/typo.yaml', '--create-team'], { cwd, env: s.env });
      expect(created.code).toBe(0);
      expect(created.stdout).toContain(
        `okrs/typo.yaml → ${slug} 2026-Q4: 8 changes made (7 created, 1 guardrail added); created team ${slug}\n`,
      );
      // Created with its slug for a name: the note says where to give it its own.
      expect(created.stderr).toContain(
        `note: team ${slug} is named "${slug}" for now: give it its name, check-in cadence and time zone under "Team settings" on its page, ${s.env.LEGIBLE_URL}/teams/${slug}\n`,
      );
      expect((await api(s, 'GET', `/api/v1/teams/${slug}`)).status).toBe(200);

      // Pushing again changes nothing, with or without the flag.
      for (const args of [['--create-team'], []]) {
        const again = await cli(['push', 'okrs/typo.yaml', ...args], { cwd, env: s.env });
        expect(again.code).toBe(0);
        expect(again.stdout).toBe(
          `okrs/typo.yaml → ${slug} 2026-Q4: no changes (the server already matches the file)\n`,
        );
      }
    });

    it("pull without --cycle takes the team's current quarter in the team's time zone, not UTC's", async () => {
      const la = newTeam();
      const shanghai = newTeam();
      for (const [slug, timeZone] of [
        [la, 'America/Los_Angeles'],
        [shanghai, 'Asia/Shanghai'],
      ] as const)
        expect((await api(s, 'POST', '/api/v1/teams', { slug, name: slug, timeZone })).status).toBe(201);
      const cwd = tempProject({ 'la.yaml': forTeam(PAYMENTS, la) });
      expect((await cli(['push', 'la.yaml'], { cwd, env: s.env })).code).toBe(0);
      // 03:00 UTC on 1 January 2027: still 31 December 2026 in Los Angeles, 11:00 in Shanghai.
      const now = new Date('2027-01-01T03:00:00Z');
      const pulled = await cli(['pull', '--team', la], { cwd, env: s.env, now });
      expect(pulled.stderr).toBe('');
      expect(pulled.stdout).toBe(
        `wrote okrs/2026-Q4/${la}.yaml: ${la} 2026-Q4, 2 objectives, 4 key results\n`,
      );
      const next = await cli(['pull', '--team', shanghai, '-o', '-'], { cwd, env: s.env, now });
      expect(next.code).toBe(0);
      expect(next.stdout).toContain('cycle: 2027-Q1\n');
      // The user's own zone plays no part: the team's calendar decides.
      const elsewhere = await cli(['pull', '--team', la, '-o', '-'], {
        cwd,
        env: { ...s.env, TZ: 'Asia/Tokyo' },
        now,
      });
      expect(elsewhere.stdout).toContain('cycle: 2026-Q4\n');
      const unknown = await cli(['pull', '--team', 'no-such-team'], { cwd, env: s.env, now });
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toBe(
        `Error: team "no-such-team" does not exist on ${s.url}: check --team (the web UI lists the teams)\n`,
      );
    });

    it('--dry-run prints the diff (+ created, ~ from → to, - retired) and changes nothing', async () => {
      const slug = newTeam();
      const cwd = tempProject({ 'okrs.yaml': forTeam(PAYMENTS, slug) });
      expect((await cli(['push', 'okrs.yaml', '--create-team'], { cwd, env: s.env })).code).toBe(0);
      const before = await api(s, 'GET', `/api/v1/teams/${slug}/okrs/2026-Q4/document`);
      writeFileSync(
        path.join(cwd, 'okrs.yaml'),
        forTeam(CHANGED, slug).replace(
          '      - key: diagnosis-time',
          '      - key: rollback-time\n        title: Reduce time to roll back a bad deploy from 30 minutes to 5 minutes\n      - key: diagnosis-time',
        ),
      );
      const dry = await cli(['push', 'okrs.yaml', '--dry-run'], { cwd, env: s.env });
      expect(dry.code).toBe(0);
      expect(dry.stdout).toContain(
        `okrs.yaml → ${slug} 2026-Q4: 4 changes would be made (1 created, 2 changed, 1 retired); dry run, nothing was changed`,
      );
      expect(dry.stdout).toContain('  ~ key result failed-checkouts (reworded, retargeted)');
      expect(dry.stdout).toContain(
        '      title: "Reduce failed checkout attempts from 2.4% to 1.7%" → "Reduce failed checkout attempts from 2.4% to 1.5%"',
      );
      expect(dry.stdout).toContain('      metric.target: 1.7 → 1.5');
      expect(dry.stdout).toContain(
        '  + key result rollback-time "Reduce time to roll back a bad deploy from 30 minutes to 5 minutes" (in checkout-reliability)',
      );
      expect(dry.stdout).toContain('  ~ key result diagnosis-time\n      position in the file: 2 → 3');
      expect(dry.stdout).toContain(
        '  - key result blog-posts "Publish 4 blog posts" (retired; its history is kept)',
      );
      const after = await api(s, 'GET', `/api/v1/teams/${slug}/okrs/2026-Q4/document`);
      expect(after.etag).toBe(before.etag);
      expect(after.body).toEqual(before.body);
    });

    it('retires a key result removed from the file, keeping it and its history on the server', async () => {
      const slug = newTeam();
      const cwd = tempProject({ 'okrs.yaml': forTeam(PAYMENTS, slug) });
      expect((await cli(['push', 'okrs.yaml', '--create-team'], { cwd, env: s.env })).code).toBe(0);
      writeFileSync(path.join(cwd, 'okrs.yaml'), forTeam(CHANGED, slug));
      const r = await cli(['push', 'okrs.yaml', '--reason', 'blog posts are an initiative, not a result'], {
        cwd,
        env: s.env,
      });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(
        '- key result blog-posts "Publish 4 blog posts" (retired; its history is kept)',
      );
      const view = await api(s, 'GET', `/api/v1/teams/${slug}/okrs/2026-Q4?include=retired`);
      const onboarding = view.body.objectives.find((o: { key: string }) => o.key === 'onboarding');
      const blog = onboarding.keyResults.find((k: { key: string }) => k.key === 'blog-posts');
      expect(blog.status).toBe('retired');
      const detail = await api(s, 'GET', `/api/v1/key-results/${blog.id}`);
      expect(detail.body.revisions.map((r: { kind: string; reason: string }) => [r.kind, r.reason])).toEqual([
        ['created', 'created from the OKR file'],
        ['retired', 'blog posts are an initiative, not a result'],
      ]);
      // Identity by key: the retargeted key result is the same row.
      const failed = view.body.objectives[0].keyResults.find(
        (k: { key: string }) => k.key === 'failed-checkouts',
      );
      const failedDetail = await api(s, 'GET', `/api/v1/key-results/${failed.id}`);
      expect(failedDetail.body.revisions.map((r: { kind: string }) => r.kind)).toEqual([
        'created',
        'reworded',
        'retargeted',
      ]);
    });

    it('pull writes YAML with a header and explicit keys that round-trips: pull → push changes nothing', async () => {
      const slug = newTeam();
      // Keys left out of the source file are derived by the server's parser; pull writes them in.
      const source = forTeam(PAYMENTS, slug).replace('  - key: onboarding\n    title:', '  - title:');
      const cwd = tempProject({ 'src.yaml': source });
      const pushed = await cli(['push', 'src.yaml', '--create-team'], { cwd, env: s.env });
      expect(pushed.code).toBe(0);
      expect(pushed.stderr).toContain('note: 1 item in src.yaml has no key');
      const pull = await cli(['pull', '--team', slug, '--cycle', '2026-Q4'], { cwd, env: s.env });
      expect(pull.stderr).toBe('');
      expect(pull.code).toBe(0);
      const file = `okrs/2026-Q4/${slug}.yaml`;
      expect(pull.stdout).toBe(`wrote ${file}: ${slug} 2026-Q4, 2 objectives, 4 key results\n`);
      const text = readFileSync(path.join(cwd, file), 'utf8');
      expect(
        text.startsWith(`# Legible OKRs: ${slug}, 2026-Q4. Pulled from ${s.url} with legible pull.\n`),
      ).toBe(true);
      expect(text).toContain('  - key: new-merchants-can-start-selling-without-talking\n');
      expect(text).toContain(
        '        caveats:\n          - kind: noisy\n            note: "weekend traffic swings about 15%: compare week on week"\n',
      );
      expect(text).toContain(
        '      - key: failed-checkouts\n        title: Reduce failed checkout attempts from 2.4% to 1.7%\n        metric:\n          name: failed checkout rate\n          unit: "%"\n          baseline: 2.4\n          target: 1.7\n          direction: decrease\n',
      );
      const parsed = parseOkrText(text, { file });
      expect(parsed.ok).toBe(true);
      if (parsed.ok) {
        for (const o of parsed.files[0]!.document.objectives) {
          expect(o.hasExplicitKey).toBe(true);
          for (const k of o.key_results) expect(k.hasExplicitKey).toBe(true);
        }
      }
      const again = await cli(['push', file], { cwd, env: s.env });
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('no changes (the server already matches the file)');
      expect(again.stderr).toBe('');
      const second = await cli(['pull', '--team', slug, '--cycle', '2026-Q4', '--output', '-'], {
        cwd,
        env: s.env,
      });
      expect(second.stdout).toBe(text);
      const json = await cli(['pull', '--team', slug, '--cycle', '2026-Q4', '-o', 'out.json'], {
        cwd,
        env: s.env,
      });
      expect(json.code).toBe(0);
      const back = await cli(['push', 'out.json'], { cwd, env: s.env });
      expect(back.stdout).toContain('no changes');
    });

    it('says so when someone changed the OKRs between reading the ETag and writing (412), and suggests pull', async () => {
      const slug = newTeam();
      const cwd = tempProject({ 'okrs.yaml': forTeam(PAYMENTS, slug) });
      expect((await cli(['push', 'okrs.yaml', '--create-team'], { cwd, env: s.env })).code).toBe(0);
      writeFileSync(path.join(cwd, 'okrs.yaml'), forTeam(CHANGED, slug));
      const realFetch = globalThis.fetch;
      const spy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
        if (init?.method === 'PUT') {
          // A colleague pushes between our GET and our PUT.
          const other = await realFetch(`${s.url}/api/v1/teams/${slug}/okrs/2026-Q4/document`, {
            headers: { authorization: `Bearer ${s.token}` },
          });
          const doc = (await other.json()) as { objectives: Array<{ title: string }> };
          doc.objectives[0]!.title = 'Checkout never needs a retry';
          const put = await realFetch(`${s.url}/api/v1/teams/${slug}/okrs/2026-Q4`, {
            method: 'PUT',
            headers: {
              authorization: `Bearer ${s.token}`,
              'content-type': 'application/json',
              'if-match': other.headers.get('etag')!,
            },
            body: JSON.stringify(doc),
          });
          expect(put.status).toBe(200);
        }
        return realFetch(input, init);
      });
      try {
        const r = await cli(['push', 'okrs.yaml'], { cwd, env: s.env });
        expect(r.code).toBe(1);
        expect(r.stdout).toBe('');
        expect(r.stderr).toBe(
          `Error: the OKRs of ${slug} for 2026-Q4 changed on the server while this push ran (someone else pushed or edited them), so nothing was changed: run "legible pull --team ${slug} --cycle 2026-Q4" to see them, merge, and push again\n`,
        );
      } finally {
        spy.mockRestore();
      }
      const view = await api(s, 'GET', `/api/v1/teams/${slug}/okrs/2026-Q4/document`);
      expect(view.body.objectives[0].title).toBe('Checkout never needs a retry');
      expect(view.body.objectives[1].key_results.map((k: { key: string }) => k.key)).toContain('blog-posts');
    });

    it('refuses a file with parse problems before sending anything (exit 2, file:line:column)', async () => {
      const slug = newTeam();
      const cwd = tempProject({
        'okrs/a.yaml': forTeam(PAYMENTS, slug),
        'okrs/b.yaml':
          'version: 1\nteam: Payments\ncycle: 2026-Q4\nobjectives:\n  - title: x\n    category: reliabilty\n',
      });
      const r = await cli(['push', 'okrs'], { cwd, env: s.env });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(
        'okrs/b.yaml:2:1: team: a team slug is 1–64 characters of a-z, 0-9 and "-", not starting or ending with "-"\n',
      );
      expect(r.stderr).toContain('okrs/b.yaml:6:5: objectives[0].category must be one of');
      expect(r.stderr).toContain(
        'Error: nothing was pushed: 1 file could not be read (fix the problems above; legible lint shows them too)\n',
      );
      expect((await api(s, 'GET', `/api/v1/teams/${slug}`)).status).toBe(404);
    });

    it('refuses two files for the same team and cycle', async () => {
      const cwd = tempProject({ 'a.yaml': PAYMENTS, 'b.yaml': PAYMENTS });
      const r = await cli(['push', 'a.yaml', 'b.yaml'], { cwd, env: s.env });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('Error: nothing was pushed: payments 2026-Q4 is in both a.yaml and b.yaml');
    });

    it('pushes a spreadsheet with one document per team and cycle in it', async () => {
      const a = newTeam();
      const b = newTeam();
      const csv = [
        'team,cycle,objective,category,key_result,baseline,target,unit',
        `${a},2026-Q4,Make checkout reliable,reliability,Reduce failed checkouts from 2.4% to 1.7%,2.4,1.7,%`,
        `${a},2026-Q4,Make checkout reliable,reliability,Reduce p95 checkout latency from 900 ms to 600 ms,900,600,ms`,
        `${b},2026-Q4,Faster releases,capability,Reduce lead time for changes from 3 days to 1 day,3,1,days`,
      ].join('\n');
      const cwd = tempProject({ 'okrs.csv': `${csv}\n` });
      const r = await cli(['push', 'okrs.csv', '--create-team'], { cwd, env: s.env });
      expect(r.stderr).toContain(
        `note: 3 items in okrs.csv have no key, so their keys are derived from the title: rewording one would retire it and create a new one. Add a key column, or move to YAML with "legible pull --team ${a} --cycle 2026-Q4", which writes every key.`,
      );
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`okrs.csv → ${a} 2026-Q4: 3 changes made (3 created)`);
      expect(r.stdout).toContain(`okrs.csv → ${b} 2026-Q4: 2 changes made`);
      expect(r.stdout).toContain('2 documents: 2 changed, 0 already up to date');
      const view = await api(s, 'GET', `/api/v1/teams/${a}/okrs/2026-Q4`);
      expect(view.body.objectives[0].keyResults.length).toBe(2);
      const again = await cli(['push', 'okrs.csv'], { cwd, env: s.env });
      expect(again.stdout).toContain('2 documents: 0 changed, 2 already up to date');

      // Rows without team and cycle columns take --team and --cycle, as in legible lint.
      const c = newTeam();
      const plain = tempProject({
        'sheet.csv':
          'objective,category,key_result\nFaster releases,capability,Reduce lead time for changes from 3 days to 1 day\n',
      });
      const withTeam = await cli(['push', 'sheet.csv', '--team', c, '--cycle', '2026-Q4', '--create-team'], {
        cwd: plain,
        env: s.env,
      });
      expect(withTeam.code).toBe(0);
      expect(withTeam.stdout).toContain(
        `sheet.csv → ${c} 2026-Q4: 2 changes made (2 created); created team ${c}`,
      );
      const badCycle = await cli(['push', 'sheet.csv', '--cycle', 'Q4'], { cwd: plain, env: s.env });
      expect(badCycle.code).toBe(2);
      expect(badCycle.stderr).toContain('Error: --cycle must be a quarter, half or year such as 2026-Q4');
    });

    it('says LEGIBLE_URL should be the server root when it has a path (the router answered "no route"), not that the team does not exist', async () => {
      const slug = newTeam();
      const cwd = tempProject({ 'okrs.yaml': forTeam(PAYMENTS, slug) });
      const env = { ...s.env, LEGIBLE_URL: `${s.url}/api` };
      const pull = await cli(['pull', '--team', slug, '--cycle', '2026-Q4'], { cwd, env });
      expect(pull.code).toBe(1);
      expect(pull.stderr).toBe(
        `Error: LEGIBLE_URL should be the Legible server's root, e.g. ${s.url}, but it is ${s.url}/api: the server has no route GET /api/api/v1/teams/${slug}/okrs/2026-Q4/document (404)\n`,
      );
      const push = await cli(['push', 'okrs.yaml'], { cwd, env });
      expect(push.code).toBe(1);
      expect(push.stderr).toBe(
        `Error: LEGIBLE_URL should be the Legible server's root, e.g. ${s.url}, but it is ${s.url}/api: the server has no route GET /api/api/v1/teams/${slug}/okrs/2026-Q4/document (404)\n`,
      );
      const flag = await cli(['push', 'okrs.yaml', '--url', `${s.url}/legible/`], { cwd, env: s.env });
      expect(flag.code).toBe(1);
      expect(flag.stderr).toContain(
        `Error: --url should be the Legible server's root, e.g. ${s.url}, but it is ${s.url}/legible:`,
      );
      // Nothing was created by the failed pushes.
      expect((await api(s, 'GET', `/api/v1/teams/${slug}`)).status).toBe(404);
    });

    it('pull writes YAML or JSON only: a .csv or unknown extension is refused before anything is written', async () => {
      const slug = newTeam();
      const cwd = tempProject({ 'okrs.yaml': forTeam(PAYMENTS, slug) });
      expect((await cli(['push', 'okrs.yaml', '--create-team'], { cwd, env: s.env })).code).toBe(0);
      const csv = await cli(['pull', '--team', slug, '--cycle', '2026-Q4', '-o', 'p.csv'], {
        cwd,
        env: s.env,
      });
      expect(csv.code).toBe(2);
      expect(csv.stdout).toBe('');
      expect(csv.stderr).toBe(
        'Error: --output p.csv: pull writes YAML or JSON, not CSV: a spreadsheet cannot hold everything a pull writes (keys, caveats, initiatives, guardrails), so pushing it back would lose them; use -o p.yaml (or p.json)\n',
      );
      expect(existsSync(path.join(cwd, 'p.csv'))).toBe(false);
      const txt = await cli(['pull', '--team', slug, '--cycle', '2026-Q4', '-o', 'notes.txt'], {
        cwd,
        env: s.env,
      });
      expect(txt.code).toBe(2);
      expect(txt.stderr).toBe(
        'Error: --output notes.txt: pull writes .yaml, .yml or .json files (or "-" for standard output), not .txt files: use -o notes.yaml\n',
      );
      const bare = await cli(['pull', '--team', slug, '--cycle', '2026-Q4', '-o', 'payments'], {
        cwd,
        env: s.env,
      });
      expect(bare.code).toBe(2);
      expect(bare.stderr).toContain('not a file without an extension: use -o payments.yaml');
      expect(existsSync(path.join(cwd, 'notes.txt'))).toBe(false);
      expect(existsSync(path.join(cwd, 'payments'))).toBe(false);
      const yml = await cli(['pull', '--team', slug, '--cycle', '2026-Q4', '-o', 'p.yml'], {
        cwd,
        env: s.env,
      });
      expect(yml.code).toBe(0);
      expect(readFileSync(path.join(cwd, 'p.yml'), 'utf8')).toContain(`team: ${slug}\n`);
    });

    it('pull never silently replaces a file that differs: it refuses (naming the file and what would be lost), --dry-run shows the diff, --force replaces', async () => {
      const slug = newTeam();
      const file = `okrs/2026-Q4/${slug}.yaml`;
      const cwd = tempProject({
        [file]: `# Hand-written: ask Ada before retargeting\n${forTeam(PAYMENTS, slug)}`,
      });
      expect((await cli(['push', file, '--create-team'], { cwd, env: s.env })).code).toBe(0);
      const before = readFileSync(path.join(cwd, file), 'utf8');
      const pull = ['pull', '--team', slug, '--cycle', '2026-Q4'];
      const refused = await cli(pull, { cwd, env: s.env });
      expect(refused.code).toBe(2);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toBe(
        `Error: ${file} already exists and differs from the server's OKRs for ${slug} 2026-Q4: replacing it would lose its comments and any edits not pushed yet. See the differences with "legible pull --team ${slug} --cycle 2026-Q4 --dry-run" (or what your file would change on the server with "legible push ${file} --dry-run"), then push your edits first, or pass --force to replace the file\n`,
      );
      expect(readFileSync(path.join(cwd, file), 'utf8')).toBe(before);

      const dry = await cli([...pull, '--dry-run'], { cwd, env: s.env });
      expect(dry.code).toBe(0);
      expect(dry.stdout).toContain(`--- ${file} (now)\n+++ ${file} (as pull would write it)\n@@ -1,`);
      expect(dry.stdout).toContain('\n-# Hand-written: ask Ada before retargeting\n');
      expect(dry.stdout).toContain(
        `\n+# Legible OKRs: ${slug}, 2026-Q4. Pulled from ${s.url} with legible pull.\n`,
      );
      expect(dry.stdout).toContain(
        `would replace ${file}: ${slug} 2026-Q4, 2 objectives, 4 key results; dry run, nothing was written\n`,
      );
      expect(readFileSync(path.join(cwd, file), 'utf8')).toBe(before);

      const forced = await cli([...pull, '--force'], { cwd, env: s.env });
      expect(forced.code).toBe(0);
      expect(forced.stdout).toBe(`replaced ${file}: ${slug} 2026-Q4, 2 objectives, 4 key results\n`);
      const pulled = readFileSync(path.join(cwd, file), 'utf8');
      expect(pulled).not.toContain('Hand-written');

      // The same content again is no change at all, with or without --force.
      const same = await cli(pull, { cwd, env: s.env });
      expect(same.code).toBe(0);
      expect(same.stdout).toBe(`${file} is up to date: ${slug} 2026-Q4, 2 objectives, 4 key results\n`);
      expect(readFileSync(path.join(cwd, file), 'utf8')).toBe(pulled);
      // Pulled through another address of the same server: the same OKRs, still up to date.
      const otherAddress = s.url.includes('127.0.0.1')
        ? s.url.replace('127.0.0.1', 'localhost')
        : s.url.replace('localhost', '127.0.0.1');
      const viaOther = await cli(pull, { cwd, env: { ...s.env, LEGIBLE_URL: otherAddress } });
      expect(viaOther.stdout).toBe(`${file} is up to date: ${slug} 2026-Q4, 2 objectives, 4 key results\n`);
      const fresh = await cli([...pull, '-o', 'new/copy.yaml', '--dry-run'], { cwd, env: s.env });
      expect(fresh.stdout).toBe(
        `would write new/copy.yaml: ${slug} 2026-Q4, 2 objectives, 4 key results; dry run, nothing was written\n`,
      );
      expect(existsSync(path.join(cwd, 'new'))).toBe(false);
    });

    it("says a LEGIBLE_TOKEN captured with npm's banner lines is malformed, without sending it", async () => {
      const cwd = tempProject({ 'okrs.yaml': PAYMENTS });
      const spy = vi.spyOn(globalThis, 'fetch');
      try {
        const captured = `> legible@0.1.0 prelegible\n> npm run build:server --silent\n\n${s.token}`;
        const pull = await cli(['pull', '--team', 'payments'], {
          cwd,
          env: { ...s.env, LEGIBLE_TOKEN: captured },
        });
        expect(pull.code).toBe(2);
        expect(pull.stderr).toBe(
          'Error: LEGIBLE_TOKEN is malformed: it has spaces and line breaks (it starts "> legible@…"), but an API token is one word such as lgb_…. It looks like npm\'s "> legible@… prelegible" banner lines were captured with it: create it with $(npx legible tokens create --user you@example.com --name cli), or $(npm run -s legible -- tokens create …), which print only the token\n',
        );
        const accent = await cli(['push', 'okrs.yaml', '--token', 'lgb_café'], { cwd, env: s.env });
        expect(accent.code).toBe(2);
        expect(accent.stderr).toBe(
          'Error: --token is malformed: it has non-ASCII characters (it starts "lgb_caf\\u{e9}"), but an API token is one word such as lgb_…: copy it again, without spaces or line breaks, or create a new one with $(npx legible tokens create --user you@example.com --name cli)\n',
        );
        expect(spy).not.toHaveBeenCalled();
      } finally {
        spy.mockRestore();
      }
    });

    it('explains a bad token, a missing token, an unknown team, a forbidden push and an unreachable server', async () => {
      const slug = newTeam();
      const cwd = tempProject({ 'okrs.yaml': forTeam(PAYMENTS, slug) });
      const badToken = await cli(['push', 'okrs.yaml'], {
        cwd,
        env: { ...s.env, LEGIBLE_TOKEN: 'lgb_not-a-token' },
      });
      expect(badToken.code).toBe(1);
      expect(badToken.stderr).toBe(
        `Error: the server at ${s.url} did not accept the API token (401): check LEGIBLE_TOKEN or --token, or create one with: legible tokens create --user you@example.com --name cli\n`,
      );
      const noToken = await cli(['pull', '--team', slug], { cwd, env: { LEGIBLE_URL: s.url } });
      expect(noToken.code).toBe(2);
      expect(noToken.stderr).toContain('Error: no API token: set LEGIBLE_TOKEN or pass --token');
      const noUrl = await cli(['pull', '--team', slug], { cwd, env: { LEGIBLE_TOKEN: s.token } });
      expect(noUrl.code).toBe(2);
      expect(noUrl.stderr).toContain('Error: no server URL: set LEGIBLE_URL or pass --url');

      const unknown = await cli(['pull', '--team', 'no-such-team', '--cycle', '2026-Q4'], {
        cwd,
        env: s.env,
      });
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toBe(
        `Error: team "no-such-team" does not exist on ${s.url}: check --team (the web UI lists the teams)\n`,
      );

      // A member of no team may not create a team or change one.
      const memberToken = await createUserWithToken(s.databaseUrl, `member-${slug}@example.com`);
      const asMember = { ...s.env, LEGIBLE_TOKEN: memberToken };
      const create = await cli(['push', 'okrs.yaml', '--create-team'], { cwd, env: asMember });
      expect(create.code).toBe(1);
      expect(create.stderr).toBe(
        `Error: team "${slug}" does not exist on ${s.url}, and only an admin may create a team: check "team:" in okrs.yaml, or ask an admin to create it (legible push okrs.yaml --create-team)\n`,
      );
      expect((await cli(['push', 'okrs.yaml', '--create-team'], { cwd, env: s.env })).code).toBe(0);
      const forbidden = await cli(['push', 'okrs.yaml', '--dry-run'], { cwd, env: asMember });
      expect(forbidden.code).toBe(1);
      expect(forbidden.stderr).toBe(
        `Error: not allowed (403): only members of ${slug} can change its OKRs: ask a team owner to add you\n`,
      );
      // Reading is open to everyone signed in.
      expect((await cli(['pull', '--team', slug, '--output', '-'], { cwd, env: asMember })).code).toBe(0);

      const port = await freePort();
      const closed = await cli(['pull', '--team', slug], {
        cwd,
        env: { ...s.env, LEGIBLE_URL: `http://127.0.0.1:${port}` },
      });
      expect(closed.code).toBe(1);
      expect(closed.stderr).toBe(
        `Error: cannot reach the server at http://127.0.0.1:${port}: the connection was refused: is the server running on that host and port?\n`,
      );
      const bare = await cli(['pull', '--team', slug], {
        cwd,
        env: { ...s.env, LEGIBLE_URL: 'localhost:4310' },
      });
      expect(bare.code).toBe(2);
      expect(bare.stderr).toBe(
        'Error: LEGIBLE_URL is "localhost:4310": give a full URL such as http://localhost:4310 (or https://… if the server uses TLS)\n',
      );
      const ftp = await cli(['pull', '--team', slug], {
        cwd,
        env: { ...s.env, LEGIBLE_URL: 'ftp://okrs.example.com' },
      });
      expect(ftp.stderr).toBe(
        'Error: LEGIBLE_URL is "ftp://okrs.example.com": a Legible server URL starts with http:// or https://, such as http://localhost:4100 or https://okrs.example.com\n',
      );
      const words = await cli(['pull', '--team', slug], { cwd, env: { ...s.env, LEGIBLE_URL: 'my server' } });
      expect(words.stderr).toBe(
        'Error: LEGIBLE_URL is "my server": give a full URL such as http://localhost:4100 or https://okrs.example.com\n',
      );
      const notUrl = await cli(['push', 'okrs.yaml', '--url', 'localhost:4100'], { cwd, env: s.env });
      expect(notUrl.code).toBe(2);
      expect(notUrl.stderr).toBe(
        'Error: --url is "localhost:4100": give a full URL such as http://localhost:4100 (or https://… if the server uses TLS)\n',
      );
    });
  });
}

describe('legible push and pull against something that is not a Legible server', () => {
  it('says so instead of writing a proxy page into an OKR file', async () => {
    const server = createHttpServer((request, response) => {
      const status = request.url?.includes('missing') ? 404 : 200;
      response.writeHead(status, { 'content-type': 'text/html' }).end('<html>Sign in to the proxy</html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const cwd = tempProject({ 'okrs.yaml': PAYMENTS });
      const env = { LEGIBLE_URL: url, LEGIBLE_TOKEN: 'lgb_x' };
      const pull = await cli(['pull', '--team', 'payments'], { cwd, env });
      expect(pull.code).toBe(1);
      expect(pull.stderr).toBe(
        `Error: the server at ${url} did not answer like a Legible server (no JSON): is LEGIBLE_URL the address of Legible, not of a proxy's sign-in page?\n`,
      );
      const push = await cli(['push', 'okrs.yaml'], { cwd, env });
      expect(push.code).toBe(1);
      expect(push.stderr).toContain('did not answer like a Legible server');
      const missing = await cli(['pull', '--team', 'payments'], {
        cwd,
        env: { ...env, LEGIBLE_URL: `${url}/missing` },
      });
      expect(missing.code).toBe(1);
      expect(missing.stderr).toBe(
        `Error: the server at ${url}/missing answered 404 without a Legible error: is LEGIBLE_URL the address of a Legible server?\n`,
      );
    } finally {
      server.close();
    }
  });
});

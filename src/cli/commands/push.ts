/**
 * `legible push <files|folders>`: send OKR files to a server. Every file is parsed here first with
 * the parser `legible lint` uses; a file with problems stops the push before anything is sent.
 * Each team and cycle is then read (for its ETag) and replaced with If-Match, so a change made
 * by someone else in between is refused (412), never overwritten. `--dry-run` shows the changes.
 * A team the server does not know is created only with `--create-team` (and only by an admin):
 * a typo in `team:` must not make a stray team.
 */
import type { Command } from 'commander';
import type { CsvDefaults } from '../../core/okr-file/csv.js';
import type { ParsedOkrFile } from '../../core/okr-file/parse.js';
import type { FileProblem } from '../../core/okr-file/problems.js';
import type { ResolvedOkrDocument } from '../../core/okr-file/resolve.js';
import type { OkrDocument } from '../../core/okr-file/schema.js';
import type { SyncChange } from '../../service/okrs/plan-sync.js';
import { expandInputs, readText } from '../files.js';
import {
  ApiClient,
  isProblem,
  isUnknownRoute,
  jsonObject,
  RemoteUnavailableError,
  remoteFrom,
  seg,
} from '../http-client.js';
import { CliError, type CliIo, localQuarter, useColour } from '../io.js';
import { parseFileText } from '../lint-files.js';
import { parseCsvDefaults } from './lint.js';
import { changeLines, colorsFor, countChanges, plural } from './sync-output.js';

const MAX_REASON = 500;

/** The resolved document as the file format (the PUT body): every key explicit, no bookkeeping fields. */
export function toRequestBody(doc: ResolvedOkrDocument): OkrDocument {
  return {
    version: 1,
    team: doc.team,
    cycle: doc.cycle,
    ...(doc.cycle_start !== undefined ? { cycle_start: doc.cycle_start } : {}),
    ...(doc.cycle_end !== undefined ? { cycle_end: doc.cycle_end } : {}),
    objectives: doc.objectives.map(
      ({ hasExplicitKey: _k, hasExplicitCommitment: _c, key_results, ...objective }) => ({
        ...objective,
        key_results: key_results.map(({ hasExplicitKey: _kk, ...kr }) => kr),
      }),
    ),
    ...(doc.guardrails !== undefined ? { guardrails: doc.guardrails } : {}),
  };
}

export function formatProblem(p: FileProblem): string {
  const where = p.line !== null ? `${p.file}:${p.line}:${p.column ?? 1}` : p.file;
  return `${where}: ${p.message}${p.fix ? ` (${p.fix})` : ''}`;
}

/** Reads and parses every input; prints every problem and throws (exit 2) when any file has one. */
export async function readOkrInputs(
  inputs: readonly string[],
  io: CliIo,
  csv: CsvDefaults = {},
): Promise<ParsedOkrFile[]> {
  const files = await expandInputs(inputs.length > 0 ? inputs : ['okrs'], io.cwd).catch((error: unknown) => {
    if (inputs.length === 0 && error instanceof CliError)
      throw new CliError(
        'no files given and there is no okrs/ folder here: run "legible push <files or folders>"',
      );
    throw error;
  });
  const parsed: ParsedOkrFile[] = [];
  const problems: FileProblem[] = [];
  const currentQuarter = localQuarter(io);
  for (const file of files) {
    let text: string;
    const name = file === '-' ? '<stdin>' : file;
    if (file === '-') {
      if (!io.readStdin) throw new CliError('"-" reads standard input, which is not available here');
      text = await io.readStdin();
    } else {
      const read = await readText(file, io.cwd);
      if (!read.ok) {
        problems.push({
          file,
          line: null,
          column: null,
          path: '',
          message: `cannot read it: ${read.reason}`,
        });
        continue;
      }
      text = read.text;
    }
    const result = parseFileText(name, text, currentQuarter, csv);
    if (result.ok) parsed.push(...result.files);
    else problems.push(...result.problems);
  }
  if (problems.length > 0) {
    for (const p of problems) io.stderr(`${formatProblem(p)}\n`);
    const bad = new Set(problems.map((p) => p.file)).size;
    throw new CliError(
      `nothing was pushed: ${plural(bad, 'file')} could not be read (fix the problems above; legible lint shows them too)`,
    );
  }
  const seen = new Map<string, string>();
  for (const f of parsed) {
    const id = `${f.document.team} ${f.cycle.id}`;
    const first = seen.get(id);
    if (first !== undefined)
      throw new CliError(
        `nothing was pushed: ${id} is in both ${first} and ${f.file}; keep one file per team and cycle (a push replaces the whole set, so the second would retire the first)`,
      );
    seen.set(id, f.file);
  }
  return parsed;
}

interface PutResult {
  changes: SyncChange[];
  etag: string;
  dryRun: boolean;
  createdTeam: boolean;
}

/** Whether the server knows `team` (GET /api/v1/teams/:team answers 404 for a team it does not). */
async function teamExists(client: ApiClient, team: string): Promise<boolean> {
  const response = await client.request('GET', `/api/v1/teams/${seg(team)}`);
  if (response.status === 200) return true;
  if (response.status === 404 && isProblem(response.body) && !isUnknownRoute(response)) return false;
  throw client.failure(response, { what: `team ${team}` });
}

/**
 * One document: read the current ETag, then PUT with If-Match. A team the server does not know is
 * refused unless `createTeam` is set. Throws a CliError for this document only.
 */
async function pushOne(
  client: ApiClient,
  f: ParsedOkrFile,
  options: { dryRun: boolean; reason?: string; createTeam: boolean },
): Promise<PutResult> {
  const team = f.document.team;
  const cycle = f.cycle.id;
  const base = `/api/v1/teams/${seg(team)}/okrs/${seg(cycle)}`;
  const current = await client.request('GET', `${base}/document`);
  let etag: string | null = null;
  if (current.status === 200) {
    etag = current.headers.get('etag');
  } else if (current.status !== 404 || !isProblem(current.body) || isUnknownRoute(current)) {
    // A 404 about the team or a custom cycle means the server does not know it yet: the PUT
    // creates it or says why not. A 404 from the router means a wrong URL.
    throw client.failure(current, { what: `the OKRs of ${team} for ${cycle}` });
  } else if (!options.createTeam && !(await teamExists(client, team))) {
    // Asked only on a 404, so a push to a team with OKRs costs no extra request.
    throw new CliError(
      `team "${team}" does not exist on ${client.url}, so nothing was pushed from ${f.file}: check "team:" in ${f.file} (the web UI lists the teams), or, to create the team, push again with --create-team (admins only)`,
      1,
    );
  }
  const query = new URLSearchParams();
  if (options.dryRun) query.set('dryRun', 'true');
  if (options.reason) query.set('reason', options.reason);
  if (options.createTeam) query.set('createTeam', 'true');
  const qs = query.toString();
  const put = await client.request('PUT', `${base}${qs ? `?${qs}` : ''}`, {
    body: toRequestBody(f.document),
    headers: etag ? { 'if-match': etag } : {},
  });
  if (put.status === 200) return jsonObject(client, put) as unknown as PutResult;
  const detail = isProblem(put.body) ? put.body.detail : undefined;
  if (put.status === 412 || put.status === 428)
    throw new CliError(
      `the OKRs of ${team} for ${cycle} changed on the server while this push ran (someone else pushed or edited them), so nothing was changed: run "legible pull --team ${team} --cycle ${cycle}" to see them, merge, and push again`,
      1,
    );
  if (put.status === 404 && !isUnknownRoute(put))
    throw new CliError(
      `team "${team}" does not exist on ${client.url}, and only an admin may create a team: check "team:" in ${f.file}, or ask an admin to create it (legible push ${f.file} --create-team)`,
      1,
    );
  if (put.status === 409)
    throw new CliError(`conflict (409): ${detail ?? 'the server refused the change'}`, 1);
  throw client.failure(put, { what: `the OKRs of ${team} for ${cycle} from ${f.file}` });
}

export function registerPushCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('push')
    .description(
      'send OKR files to a server (LEGIBLE_URL, LEGIBLE_TOKEN): upsert by key, retire what was removed',
    )
    .argument('[inputs...]', 'files or folders (default: okrs/); "-" reads YAML from standard input')
    .option('--dry-run', 'show what would change and change nothing')
    .option('--reason <text>', 'why: recorded with every revision this push makes')
    .option(
      '--create-team',
      'create a team the server does not know yet (admins only); without it, an unknown team is refused',
    )
    .option('--team <slug>', 'CSV files: the team for rows without a team column (default: the file name)')
    .option(
      '--cycle <id>',
      'CSV files: the cycle for rows without a cycle column (default: the folder name, else the current quarter in your time zone)',
    )
    .option('--url <url>', 'server URL (env LEGIBLE_URL)')
    .option(
      '--token <token>',
      'API token (env LEGIBLE_TOKEN; prefer the variable: options end up in shell history)',
    )
    .action(
      async (
        inputs: string[],
        opts: {
          dryRun?: boolean;
          reason?: string;
          createTeam?: boolean;
          team?: string;
          cycle?: string;
          url?: string;
          token?: string;
        },
      ) => {
        const reason = opts.reason?.trim();
        if (opts.reason !== undefined && !reason)
          throw new CliError('--reason is empty: say why, e.g. --reason "retargeted after the Q3 review"');
        if (reason && reason.length > MAX_REASON)
          throw new CliError(`--reason is ${reason.length} characters: keep it under ${MAX_REASON}`);
        const csv = parseCsvDefaults(opts.team, opts.cycle);
        const remote = remoteFrom(io, opts);
        const documents = await readOkrInputs(inputs, io, csv);
        const client = new ApiClient(remote);
        const c = colorsFor(useColour(io));
        const dryRun = opts.dryRun === true;
        let failed = 0;
        let changed = 0;
        let unchanged = 0;
        for (const f of documents) {
          const label = `${f.file} → ${f.document.team} ${f.cycle.id}`;
          let result: PutResult;
          try {
            result = await pushOne(client, f, {
              dryRun,
              createTeam: opts.createTeam === true,
              ...(reason ? { reason } : {}),
            });
          } catch (error) {
            // Without a server or a token no later file can succeed either.
            if (error instanceof RemoteUnavailableError || documents.length === 1) throw error;
            io.stderr(`Error: ${label}: ${(error as Error).message}\n`);
            failed += 1;
            continue;
          }
          const derived = f.document.objectives.reduce(
            (n, o) => n + (o.hasExplicitKey ? 0 : 1) + o.key_results.filter((k) => !k.hasExplicitKey).length,
            0,
          );
          const team = f.document.team;
          const teamNote = result.createdTeam
            ? dryRun
              ? `; would create team ${team}`
              : `; created team ${team}`
            : '';
          if (result.changes.length === 0 && !result.createdTeam) {
            unchanged += 1;
            io.stdout(`${label}: no changes (the server already matches the file)\n`);
          } else if (result.changes.length === 0) {
            changed += 1;
            io.stdout(
              dryRun
                ? `${label}: would create team ${team}, with no OKRs (the file has none); dry run, nothing was changed\n`
                : `${label}: created team ${team}, with no OKRs (the file has none)\n`,
            );
          } else {
            changed += 1;
            const counts = countChanges(result.changes);
            io.stdout(
              dryRun
                ? `${label}: ${plural(result.changes.length, 'change')} would be made (${counts})${teamNote}; dry run, nothing was changed\n`
                : `${label}: ${plural(result.changes.length, 'change')} made (${counts})${teamNote}\n`,
            );
            for (const change of result.changes)
              for (const line of changeLines(change, c)) io.stdout(`  ${line}\n`);
          }
          if (result.createdTeam && !dryRun)
            io.stderr(
              `note: team ${team} is named "${team}" for now: give it its name, check-in cadence and time zone under "Team settings" on its page, ${client.url}/teams/${team}\n`,
            );
          if (derived > 0)
            io.stderr(
              `note: ${plural(derived, 'item')} in ${f.file} ${derived === 1 ? 'has' : 'have'} no key, so ${derived === 1 ? 'its key is' : 'their keys are'} derived from the title: rewording one would retire it and create a new one. ${f.format === 'csv' ? `Add a key column, or move to YAML with "legible pull --team ${f.document.team} --cycle ${f.cycle.id}", which writes every key.` : `Run "legible pull --team ${f.document.team} --cycle ${f.cycle.id}" to write the keys into the file.`}\n`,
            );
        }
        if (documents.length > 1)
          io.stdout(
            `${plural(documents.length, 'document')}: ${changed} ${dryRun ? 'would change' : 'changed'}, ${unchanged} already up to date${failed ? `, ${failed} failed` : ''}\n`,
          );
        setExit(failed > 0 ? 1 : 0);
      },
    );
}

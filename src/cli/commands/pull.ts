/**
 * `legible pull --team T --cycle C`: write a team's OKRs for a cycle from the server as a YAML
 * file (or JSON for a .json output) that round-trips: pushing it back changes nothing. Keys are
 * written explicitly so the next push recognises every objective and key result. A file that
 * exists and differs (hand-written comments, edits not pushed) is replaced only with --force;
 * --dry-run shows the diff. Without --cycle, the cycle is the current quarter in the team's time zone.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { Document, isMap, isSeq, type Node } from 'yaml';
import { parseCycle, quarterOf } from '../../core/cycle/cycle.js';
import { wallClock } from '../../core/cycle/time-zone.js';
import { SLUG_PATTERN } from '../../core/okr-file/schema.js';
import { makeDirectory } from '../../storage/make-directory.js';
import { ApiClient, jsonObject, remoteFrom, seg } from '../http-client.js';
import { CliError, type CliIo, useColour } from '../io.js';
import { unifiedDiff } from '../line-diff.js';
import { colorsFor, plural } from './sync-output.js';

/** Field order in a written file; fields the server adds later go after these. */
const ORDER: Record<string, string[]> = {
  document: ['version', 'team', 'cycle', 'cycle_start', 'cycle_end', 'objectives', 'guardrails'],
  objective: ['key', 'title', 'why', 'category', 'commitment', 'aligns_to', 'key_results'],
  keyResult: ['key', 'title', 'metric', 'caveats', 'initiatives', 'owner'],
  metric: ['name', 'unit', 'baseline', 'target', 'direction'],
  caveat: ['kind', 'note'],
  initiative: ['title', 'link', 'status'],
  guardrail: ['title', 'metric'],
};

function ordered(value: unknown, kind: keyof typeof ORDER): Record<string, unknown> {
  const src = (value ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of ORDER[kind]!) if (src[k] !== undefined && src[k] !== null) out[k] = src[k];
  for (const [k, v] of Object.entries(src)) if (!(k in out) && v !== undefined && v !== null) out[k] = v;
  return out;
}

type Doc = Record<string, unknown> & { objectives?: unknown[]; guardrails?: unknown[] };

/** The document with its fields in the order people write them. */
export function orderDocument(raw: unknown): Doc {
  const doc = ordered(raw, 'document') as Doc;
  if (Array.isArray(doc.objectives))
    doc.objectives = doc.objectives.map((o) => {
      const objective = ordered(o, 'objective');
      if (Array.isArray(objective.key_results))
        objective.key_results = objective.key_results.map((k) => {
          const kr = ordered(k, 'keyResult');
          if (kr.metric) kr.metric = ordered(kr.metric, 'metric');
          if (Array.isArray(kr.caveats)) kr.caveats = kr.caveats.map((c) => ordered(c, 'caveat'));
          if (Array.isArray(kr.initiatives))
            kr.initiatives = kr.initiatives.map((i) => ordered(i, 'initiative'));
          return kr;
        });
      return objective;
    });
  if (Array.isArray(doc.guardrails))
    doc.guardrails = doc.guardrails.map((g) => {
      const guardrail = ordered(g, 'guardrail');
      if (guardrail.metric) guardrail.metric = ordered(guardrail.metric, 'metric');
      return guardrail;
    });
  return doc;
}

/** YAML text with a comment header; a blank line before each objective and before guardrails. */
export function renderOkrYaml(raw: unknown, source: { url: string }): string {
  const doc = orderDocument(raw);
  const yaml = new Document(doc, { aliasDuplicateObjects: false });
  const root = yaml.contents;
  if (isMap(root)) {
    for (const pair of root.items) {
      const key = (pair.key as { value?: unknown } | null)?.value;
      if ((key === 'objectives' || key === 'guardrails') && pair.key) (pair.key as Node).spaceBefore = true;
      if (key === 'objectives' && isSeq(pair.value))
        pair.value.items.forEach((item, i) => {
          if (i > 0) (item as Node).spaceBefore = true;
        });
    }
  }
  const team = String(doc.team);
  const cycle = String(doc.cycle);
  const header = [
    `Legible OKRs: ${team}, ${cycle}. Pulled from ${source.url} with legible pull.`,
    'Edit and push back with: legible push <this file>. Keys tell the server which objective or key',
    'result is which: keep them when you reword a title. A key result removed from this file is',
    'retired on the server (its history is kept). Reference: docs/okr-file.md',
  ];
  yaml.commentBefore = header.map((l) => ` ${l}`).join('\n');
  return yaml.toString({ lineWidth: 0, minContentWidth: 0, indentSeq: true });
}

/**
 * The same OKRs, whichever address of the server they were pulled from (the header names it:
 * localhost and 127.0.0.1 are one server).
 */
function sameButForSource(a: string, b: string): boolean {
  const plain = (text: string) =>
    text.replace(/^(# Legible OKRs: .*?\. Pulled from )\S+( with legible pull\.)/m, '$1…$2');
  return plain(a) === plain(b);
}

function defaultOutput(team: string, cycle: string): string {
  return path.join('okrs', cycle, `${team}.yaml`);
}

/** What -o names: standard output, or a file whose extension says YAML or JSON. @throws CliError (exit 2) for any other */
export function outputFormat(output: string): 'yaml' | 'json' {
  if (output === '-') return 'yaml';
  const ext = path.extname(output).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  if (ext === '.json') return 'json';
  const stem = ext ? output.slice(0, -ext.length) : output;
  if (ext === '.csv')
    throw new CliError(
      `--output ${output}: pull writes YAML or JSON, not CSV: a spreadsheet cannot hold everything a pull writes (keys, caveats, initiatives, guardrails), so pushing it back would lose them; use -o ${stem}.yaml (or ${stem}.json)`,
    );
  throw new CliError(
    `--output ${output}: pull writes .yaml, .yml or .json files (or "-" for standard output), not ${ext ? `${ext} files` : 'a file without an extension'}: use -o ${stem}.yaml`,
  );
}

async function readExisting(full: string, output: string): Promise<string | null> {
  try {
    return await readFile(full, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'EISDIR')
      throw new CliError(
        `--output ${output} is a folder: name the file, e.g. ${path.join(output, 'team.yaml')}`,
      );
    if (code === 'ENOTDIR') return null; // a file in the way of its folder: the write says so
    throw new CliError(
      `cannot read ${output}, which pull would replace: ${code === 'EACCES' ? 'permission denied' : (error as Error).message}`,
    );
  }
}

export function registerPullCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('pull')
    .description("write a team's OKRs for a cycle from a server as a YAML file that pushes back unchanged")
    .requiredOption('--team <slug>', 'team slug')
    .option(
      '--cycle <id>',
      "cycle: 2026-Q4, 2026-H1, 2026 or a custom id (default: the team's current quarter, in its time zone)",
    )
    .option(
      '-o, --output <file>',
      'where to write (default okrs/<cycle>/<team>.yaml; "-" for standard output; .json writes JSON)',
    )
    .option(
      '--force',
      'replace a file that differs from the server (its comments and unpushed edits are lost)',
    )
    .option('--dry-run', 'show how the file would change (a diff) and write nothing')
    .option('--url <url>', 'server URL (env LEGIBLE_URL)')
    .option(
      '--token <token>',
      'API token (env LEGIBLE_TOKEN; prefer the variable: options end up in shell history)',
    )
    .action(
      async (opts: {
        team: string;
        cycle?: string;
        output?: string;
        force?: boolean;
        dryRun?: boolean;
        url?: string;
        token?: string;
      }) => {
        const c = colorsFor(useColour(io));
        const team = opts.team.trim();
        if (!SLUG_PATTERN.test(team))
          throw new CliError(`--team must be a team slug (a-z, 0-9 and "-"), not "${opts.team}"`);
        const given = opts.cycle?.trim();
        if (given !== undefined && !/^[A-Za-z0-9._-]{1,64}$/.test(given))
          throw new CliError(`--cycle must be 2026-Q4, 2026-H1, 2026 or a custom id, not "${opts.cycle}"`);
        // Check every flag before asking the server anything.
        if (opts.output !== undefined) outputFormat(opts.output);
        const remote = remoteFrom(io, opts);
        const client = new ApiClient(remote);
        const teamNotFound = `team "${team}" does not exist on ${client.url}: check --team (the web UI lists the teams)`;
        let cycleId: string;
        if (given) {
          const standard = parseCycle(given);
          cycleId = standard.ok ? standard.cycle.id : given;
        } else {
          // The team's quarter, not UTC's: on 1 January at 03:00 UTC a team in Los Angeles is
          // still in Q4.
          const response = await client.request('GET', `/api/v1/teams/${seg(team)}`);
          if (response.status !== 200)
            throw client.failure(response, { what: `team ${team}`, notFound: teamNotFound });
          const zone = jsonObject(client, response).timeZone;
          cycleId = quarterOf(wallClock(io.now(), typeof zone === 'string' ? zone : 'UTC')).id;
        }
        const output = opts.output ?? defaultOutput(team, cycleId);
        const format = outputFormat(output);
        const response = await client.request(
          'GET',
          `/api/v1/teams/${seg(team)}/okrs/${seg(cycleId)}/document`,
        );
        if (response.status !== 200) {
          const detail = (response.body as { detail?: string } | null)?.detail ?? '';
          throw client.failure(response, {
            what: `the OKRs of ${team} for ${cycleId}`,
            notFound: /cycle/i.test(detail)
              ? `cycle "${cycleId}" does not exist on ${client.url}: use 2026-Q4, 2026-H1 or 2026, or the id of a custom cycle someone pushed`
              : teamNotFound,
          });
        }
        const document = jsonObject(client, response) as Doc;
        const text =
          format === 'json'
            ? `${JSON.stringify(orderDocument(document), null, 2)}\n`
            : renderOkrYaml(document, { url: client.url });
        const objectives = Array.isArray(document.objectives) ? document.objectives : [];
        const keyResults = objectives.reduce<number>(
          (n, o) => n + ((o as { key_results?: unknown[] }).key_results?.length ?? 0),
          0,
        );
        const summary = `${team} ${cycleId}, ${plural(objectives.length, 'objective')}, ${plural(keyResults, 'key result')}${objectives.length === 0 ? ' (the team has no OKRs for this cycle yet)' : ''}`;
        if (output === '-') {
          io.stdout(text);
          setExit(0);
          return;
        }
        const full = path.resolve(io.cwd, output);
        const existing = await readExisting(full, output);
        if (existing !== null && sameButForSource(existing, text)) {
          io.stdout(`${output} is up to date: ${summary}\n`);
          setExit(0);
          return;
        }
        if (opts.dryRun) {
          if (existing === null) {
            io.stdout(`would write ${output}: ${summary}; dry run, nothing was written\n`);
          } else {
            io.stdout(`--- ${output} (now)\n+++ ${output} (as pull would write it)\n`);
            for (const line of unifiedDiff(existing, text))
              io.stdout(
                `${line.startsWith('+') ? c.green(line) : line.startsWith('-') ? c.red(line) : line.startsWith('@@') ? c.cyan(line) : line}\n`,
              );
            io.stdout(`would replace ${output}: ${summary}; dry run, nothing was written\n`);
          }
          setExit(0);
          return;
        }
        if (existing !== null && !opts.force) {
          const again = `legible pull --team ${team} --cycle ${cycleId}${opts.output !== undefined ? ` -o ${output}` : ''}`;
          throw new CliError(
            `${output} already exists and differs from the server's OKRs for ${team} ${cycleId}: replacing it would lose its comments and any edits not pushed yet. See the differences with "${again} --dry-run" (or what your file would change on the server with "legible push ${output} --dry-run"), then push your edits first, or pass --force to replace the file`,
          );
        }
        try {
          makeDirectory(path.dirname(full), `the pulled file ${output}`);
        } catch (error) {
          throw new CliError((error as Error).message);
        }
        // Write a sibling first and rename, so an interrupted pull never leaves half a file.
        const temp = `${full}.${process.pid}.tmp`;
        try {
          await writeFile(temp, text);
          await rename(temp, full);
        } catch (error) {
          await rm(temp, { force: true }).catch(() => {});
          const code = (error as NodeJS.ErrnoException).code;
          throw new CliError(
            `cannot write ${output}: ${code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message}`,
          );
        }
        io.stdout(`${existing === null ? 'wrote' : 'replaced'} ${output}: ${summary}\n`);
        setExit(0);
      },
    );
}

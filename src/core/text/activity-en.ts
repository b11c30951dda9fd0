/**
 * kr-activity for English: clauses split at connectors ("… to reduce …"), each judged by its lead
 * verb (moving a measure, holding a state, producing a result, or doing work) and what it acts on.
 */

import {
  type ActivityVerdict,
  type ClauseJudgement,
  combine,
  hasMeasureQuantity,
  type Judged,
} from './activity-verdict.js';
import { closest } from './distance.js';
import {
  DOING_VERBS,
  DONE_WORDS,
  DOWN_MOVE_VERBS,
  MILESTONE_WORDS,
  MOVE_VERBS,
  NOUN_LIKE_VERBS,
  OUTPUT_NOUNS,
  PEOPLE_NOUNS,
  PREAMBLE,
  RESULT_NOUNS,
  RESULT_VERBS,
  STATE_VERBS,
  STRONG_RESULT_VERBS,
} from './lexicon-en.js';
import type { KeyResultReading } from './read-key-result.js';
import {
  DOING_FORMS,
  MOVE_FORMS,
  RESULT_FORMS,
  STATE_FORMS,
  type VerbClass,
  verbClassOf,
} from './verb-class.js';

const STRONG_RESULT = new Set<string>(STRONG_RESULT_VERBS);
/** "a 10% increase in applicants", "a 75% cut in time": a relative change of something is a measure. */
const PERCENT_CHANGE =
  /\d[\d.,]*\s*%\s*(?:increase|decrease|reduction|improvement|growth|lift|drop|uplift|cut|rise|decline|gain)\b/;
/** "Implement X with 90% adoption", "Launch kiosks with 40% of transactions going through them". */
const WITH_SHARE = /\bwith\s+(?:at least\s+|over\s+|about\s+)?\d[\d.,]*\s*%/;
/** Verb forms too often nouns to end a subject ("test", "review", "design"): never read as the subject's verb. */
const STAFF_UNSAFE = new Set([
  'test',
  'tests',
  'review',
  'reviews',
  'design',
  'designs',
  'report',
  'reports',
  'plan',
  'plans',
  'check',
  'checks',
  'process',
  'processes',
  'release',
  'releases',
  'run',
  'runs',
  'support',
  'supports',
  'change',
  'changes',
  'build',
  'builds',
  'order',
  'orders',
  'request',
  'requests',
  'sign',
  'signs',
  'page',
  'pages',
  'call',
  'calls',
  'post',
  'posts',
  'track',
  'tracks',
  'map',
  'maps',
  'update',
  'updates',
  'record',
  'records',
  'file',
  'files',
  'set',
  'sets',
]);
const DOWN_WORD = /\b(?:reduc|decreas|cut|lower|drop|shrink|halv|minimi|eliminat|fewer|less)\w*/;

/** What people do when a change lands: their behaviour is the outcome ("3 teams use the new process"). */
const ADOPTION_VERBS = new Set([
  'use',
  'uses',
  'using',
  'adopt',
  'adopts',
  'prefer',
  'prefers',
  'choose',
  'chooses',
  'rely',
  'relies',
  'return',
  'returns',
  'recommend',
  'recommends',
  'share',
  'shares',
  'take',
  'takes',
  'report',
  'reports',
  'complete',
  'completes',
  'buy',
  'buys',
  'renew',
  'renews',
  'upgrade',
  'upgrades',
  'pay',
  'pays',
  'visit',
  'visits',
]);
/** What attending looks like: training, courses, workshops, certifications. */
const PARTICIPATION =
  /\b(?:training|trainings|course|courses|workshop|workshops|certification|certifications|onboarding|bootcamp|session|sessions|module|modules|trained\s+(?:on|in))\b/;
/** Having taken part: completed, attended, trained, passed. */
const ATTENDED =
  /\b(?:complet(?:e|es|ed|ing|ion)|attend(?:s|ed|ing|ance)?|trained|finish(?:es|ed)?|passed)\b/;
const ADOPTION_VERB = { cls: 'result', base: 'use', typo: false } as const;
/** The team's own people: onboarding or recruiting them is work, not a result (unlike customers). */
const STAFF = new Set([
  'engineers',
  'engineer',
  'developers',
  'employees',
  'staff',
  'contributors',
  'volunteers',
  'hires',
  'interns',
  'designers',
  'recruiters',
  'reps',
  'managers',
  'mentors',
  'ambassadors',
  'members',
  'teammates',
  'people',
  'specialists',
  'analysts',
  'scientists',
  'writers',
  'trainers',
  'coaches',
  'csms',
  'aes',
  'sdrs',
  'ses',
]);
const DOWN_VERBS = new Set<string>(DOWN_MOVE_VERBS);
const ALL_VERB_FORMS = [
  ...new Set([...MOVE_FORMS.keys(), ...STATE_FORMS.keys(), ...RESULT_FORMS.keys(), ...DOING_FORMS.keys()]),
];
const BASE_VERBS = [...new Set([...MOVE_VERBS, ...STATE_VERBS, ...RESULT_VERBS, ...DOING_VERBS])].filter(
  (v) => v.length >= 4,
);
const RESULT_SET = new Set<string>(RESULT_NOUNS);
const OUTPUT_SET = new Set<string>(OUTPUT_NOUNS);
const PEOPLE_SET = new Set<string>(PEOPLE_NOUNS);
const MILESTONE_SET = new Set<string>(MILESTONE_WORDS);
const DONE_SINGLE = new Set<string>(DONE_WORDS.filter((w) => !w.includes(' ')));
const DONE_PHRASES = DONE_WORDS.filter((w) => w.includes(' '));

/** Words that are never the head of a noun phrase and end one. */
const STOP = new Set([
  'from',
  'to',
  'by',
  'in',
  'on',
  'at',
  'for',
  'with',
  'per',
  'across',
  'within',
  'through',
  'via',
  'and',
  'or',
  'so',
  'that',
  'which',
  'while',
  'into',
  'onto',
  'over',
  'under',
  'below',
  'above',
  'before',
  'after',
  'until',
  'without',
  'against',
  'vs',
  'versus',
  'than',
  'as',
  'is',
  'are',
  'be',
  'being',
  'will',
  'among',
  'between',
  'during',
  'each',
  'every',
  'who',
  'where',
  'when',
  'using',
  'based',
  'including',
  'like',
]);
/** Words skipped at the start of a noun phrase. */
const DETERMINERS = new Set([
  'the',
  'a',
  'an',
  'our',
  'all',
  'every',
  'each',
  'new',
  'more',
  'fewer',
  'less',
  'additional',
  'at',
  'least',
  'over',
  'about',
  'around',
  'approximately',
  'some',
  'its',
  'their',
  'my',
  'this',
  'these',
  'those',
  'key',
  'major',
  'minimum',
  'maximum',
  'total',
  'overall',
  'average',
  'avg',
  'mean',
  'median',
  'current',
  'existing',
  'remaining',
  'first',
  'initial',
  'next',
  'other',
  'any',
  'top',
  'up',
  'down',
  'further',
  'extra',
  'another',
  'monthly',
  'weekly',
  'daily',
  'quarterly',
  'annual',
  'yearly',
  'net',
  'gross',
  'high-quality',
  'quality',
  'successful',
  'successfully',
  'qualified',
  'unique',
  'active',
]);
const NOUN_LIKE = new Set<string>(NOUN_LIKE_VERBS);
const AGENT_NOUN = /(?:er|or|ers|ors)$/;
const METRIC_WORD = /^(?:p\d{2,3}|mtt\w|[a-z]*rate)$/;
const NUMBER_TOKEN = /^[\d.,%$]+[a-z]*$/;
const COMPARATOR_TOKEN = /^[<>≤≥]|->/;

/** Whether text[from, to) holds , ; : ( or ) — a noun phrase does not run across them. */
function hasPunctuation(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k += 1) {
    const c = text[k];
    if (c === ',' || c === ';' || c === ':' || c === '(' || c === ')') return true;
  }
  return false;
}
const COUNT_WORDS = new Set(['number', 'count', 'amount', 'volume', 'quantity', 'no', '#']);
const SHARE_WORDS = new Set([
  'rate',
  'share',
  'percentage',
  'proportion',
  'ratio',
  'fraction',
  'portion',
  '%',
  'percent',
]);

interface Token {
  word: string;
  start: number;
  end: number;
}

const TOKEN = /\d{1,3}(?:,\d{3})+(?:\.\d+)?|[a-z0-9][a-z0-9'’.-]*[a-z0-9]|[a-z0-9]|%|#|[<>≤≥]=?|->/g;

function tokenize(lower: string): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  let m = TOKEN.exec(lower);
  while (m !== null) {
    out.push({ word: m[0], start: m.index, end: m.index + m[0].length });
    m = TOKEN.exec(lower);
  }
  return out;
}

/** Typo candidates by their first two letters (a typo guess must keep them). */
const BY_PREFIX = new Map<string, string[]>();
for (const v of [...BASE_VERBS, ...ALL_VERB_FORMS]) {
  const k = v.slice(0, 2);
  const list = BY_PREFIX.get(k);
  if (list) {
    if (!list.includes(v)) list.push(v);
  } else BY_PREFIX.set(k, [v]);
}

type LeadVerb = { cls: VerbClass; base: string; typo: boolean } | null;
const leadVerbCache = new Map<string, LeadVerb>();

/** A verb at the start, allowing a typo in a word of five letters or more ("reduse", "impliment"). Memoised. */
function leadVerb(word: string): LeadVerb {
  const cached = leadVerbCache.get(word);
  if (cached !== undefined) return cached;
  const result = leadVerbUncached(word);
  if (leadVerbCache.size > 20_000) leadVerbCache.clear();
  leadVerbCache.set(word, result);
  return result;
}

function leadVerbUncached(word: string): LeadVerb {
  const exact = verbClassOf(word);
  if (exact) return { ...exact, typo: false };
  // Typos are only guessed for longer words that are not agent nouns ("worker", "vendor").
  if (
    word.length < 5 ||
    AGENT_NOUN.test(word) ||
    RESULT_SET.has(word) ||
    OUTPUT_SET.has(word) ||
    PEOPLE_SET.has(word)
  ) {
    return null;
  }
  const candidates = BY_PREFIX.get(word.slice(0, 2)) ?? [];
  const guess = closest(word, candidates, word.length >= 8 ? 2 : 1);
  if (!guess) return null;
  const cls = verbClassOf(guess);
  return cls ? { ...cls, typo: true } : null;
}

type Head = 'result' | 'output' | 'people' | 'milestone' | 'unknown';

/** What follows a standard's name: its number, type or level ("SOC 2 Type II", "ISO 27001", "PCI DSS level 1"). */
const STANDARD_SUFFIX = /^(?:\d+(?:\.\d+)*|i{1,3}|iv|type|level|tier|dss)$/;

function classifyWord(word: string, prefer: 'result' | 'output'): Head {
  const w = word.replace(/['’]s$/, '');
  const isResult = RESULT_SET.has(w) || METRIC_WORD.test(w);
  const isOutput = OUTPUT_SET.has(w);
  if (MILESTONE_SET.has(w) && !isResult) return 'milestone';
  if (isResult && isOutput) return prefer;
  if (isResult) return 'result';
  if (isOutput) return 'output';
  if (PEOPLE_SET.has(w)) return 'people';
  return 'unknown';
}

/**
 * The noun phrase starting at token `i`: skips determiners and quantities, stops at a
 * preposition, a verb or punctuation. Follows "number of X" to X and treats "rate of X" as a
 * result.
 */
function nounPhrase(
  tokens: Token[],
  i: number,
  lower: string,
  prefer: 'result' | 'output',
): { head: Head; words: string[]; next: number } {
  const words: string[] = [];
  let j = i;
  while (j < tokens.length) {
    const t = tokens[j]!;
    if (j > i && hasPunctuation(lower, tokens[j - 1]!.end, t.start)) break;
    const w = t.word;
    if (
      words.length === 0 &&
      (DETERMINERS.has(w) || NUMBER_TOKEN.test(w) || w === '%' || (w === 'of' && false))
    ) {
      j += 1;
      continue;
    }
    if (w === 'of') {
      const last = words[words.length - 1];
      if (last && COUNT_WORDS.has(last)) {
        // "number of blog posts" → the posts.
        const inner = nounPhrase(tokens, j + 1, lower, 'output');
        return { head: inner.head, words: [...words, 'of', ...inner.words], next: inner.next };
      }
      if (last && SHARE_WORDS.has(last)) return { head: 'result', words, next: j };
      break;
    }
    if (STOP.has(w) || COMPARATOR_TOKEN.test(w)) break;
    if (words.length > 0) {
      // "PRs merged per engineer", "services expose an endpoint": the noun phrase ended.
      if (w.endsWith('ed') && !RESULT_SET.has(w)) break;
      // A verb right after a noun we know starts a clause ("services expose an endpoint").
      const prev = words[words.length - 1]!;
      const prevIsNoun = RESULT_SET.has(prev) || OUTPUT_SET.has(prev) || PEOPLE_SET.has(prev);
      // "people share stories": after people, what people do ("market share" stays a noun).
      if (PEOPLE_SET.has(prev) && ADOPTION_VERBS.has(w)) break;
      const v = verbClassOf(w) ?? (ADOPTION_VERBS.has(w) ? ADOPTION_VERB : null);
      if (
        prevIsNoun &&
        v &&
        !NOUN_LIKE.has(w) &&
        !RESULT_SET.has(w) &&
        !OUTPUT_SET.has(w) &&
        !PEOPLE_SET.has(w) &&
        !MILESTONE_SET.has(w) &&
        !(w.endsWith('ing') || w.endsWith('s'))
      )
        break;
    }
    if (words.length === 0 && (w === 'out' || w === 'off' || w === 'up' || w === 'down')) {
      j += 1;
      continue;
    }
    words.push(w);
    j += 1;
    if (words.length >= 6) break;
  }
  // The head is the last word ("customer interviews" → interviews; "newsletter list" → list, unknown),
  // before a standard's number or type ("SOC 2 Type II", "ISO 27001": the head is SOC, ISO).
  let h = words.length - 1;
  while (h > 0 && STANDARD_SUFFIX.test(words[h]!)) h -= 1;
  const last = words[MILESTONE_SET.has(words[h] ?? '') ? h : words.length - 1];
  const head: Head = last === undefined ? 'unknown' : classifyWord(last, prefer);
  return { head, words, next: j };
}

const FREQ =
  '(?:hourly|daily|weekly|fortnightly|biweekly|monthly|quarterly|yearly|annually|on demand|on-demand)';
const FROM_TO_NUMBERS = /\bfrom\b[^,;]*?\d[^,;]*?\b(?:to|->)\b/;
const ARROW_NUMBERS = /\d\s*(?:->)\s*\$?\d/;
/** "from weekly to daily", "from once a month to on demand". */
const FROM_TO_FREQUENCY = new RegExp(
  `\\bfrom (?:once )?(?:a |per )?${FREQ}\\b.*\\b(?:to|->) (?:multiple times )?(?:a |per )?${FREQ}`,
);

const EN_COMPARATOR =
  /(?:\b(?:below|under|above|over|less than|more than|fewer than|at least|at most|no more than|no less than|within|or less|or more|or fewer|max|min)\b|[<>≤≥]|\+(?=\s|$))/;

/** A clause's judgement from its verb and what the verb acts on. */
function judgeClauseEn(
  clause: string,
  offset: number,
  reading: KeyResultReading,
  isFirst: boolean,
): ClauseJudgement {
  const lower = clause.toLowerCase();
  const tokens = tokenize(lower);
  if (tokens.length === 0) return { kind: 'neutral', reason: 'deliverable', cue: null };
  const end = offset + clause.length;
  const qs = reading.quantities.filter((q) => q.start >= offset && q.end <= end);
  const hasFromTo = FROM_TO_NUMBERS.test(lower) || ARROW_NUMBERS.test(lower) || FROM_TO_FREQUENCY.test(lower);
  const hasComparatorQty = qs.length > 0 && EN_COMPARATOR.test(lower);
  const measure = hasMeasureQuantity(reading, offset, end);

  // "X% of <things> …": adoption (people) or share of work (done words), or a service level.
  const share = /^(?:~|about|over|at least)?\s*\d[\d.,]*\s*%\s*of\s+(?:all\s+|our\s+|the\s+)?/.exec(lower);
  const doneHit =
    DONE_PHRASES.find((p) => lower.includes(p)) ?? tokens.find((t) => DONE_SINGLE.has(t.word))?.word ?? null;

  // "Zero P1 incidents", "No data-loss incidents": a level of zero is a measure.
  if (/^(?:zero|0|no|none)\b/.test(lower) && !doneHit && tokens.length > 1 && !leadVerb(tokens[1]!.word)) {
    return { kind: 'outcome', reason: 'metric-fragment', cue: first0(tokens) };
  }
  // A noun phrase with a level ("Worker OOM kills: 0 per week", "Sync conflicts down 50%",
  // "Design system adopted by 90% of squads"), even when its first word could be a verb.
  const isLevelFragment =
    /:\s*[<>≤≥~]?\s*\$?\d/.test(lower) ||
    /\b(?:down|up)\s+(?:by\s+)?\d/.test(lower) ||
    /\wed\s+by\s+(?:over\s+|at least\s+)?\d[\d.]*\s*%/.test(lower);
  // A relative change of something ("drive a 10% increase in applicants") is a measure, whatever the verb.
  if (PERCENT_CHANGE.test(lower)) return { kind: 'outcome', reason: 'measure', cue: null };
  // "100% of managers trained", "Achieve 100% completion of mandatory compliance training": the
  // team's own people attending is participation, whatever the share (docs/kr-activity-labelling.md §7).
  if (!hasFromTo && PARTICIPATION.test(lower) && ATTENDED.test(lower)) {
    const staff =
      tokens.some((t) => STAFF.has(t.word)) || /\b(?:mandatory|compliance|required)\b/.test(lower);
    if (staff) return { kind: 'activity', reason: 'participation', cue: ATTENDED.exec(lower)![0] };
  }
  const leadIndex = 0;
  const first = tokens[0]!;
  let lead =
    isLevelFragment && !/(?:ing|ed)$/.test(first.word) && tokens.length > 2 && !verbClassOf(tokens[1]!.word)
      ? null
      : leadVerb(first.word);
  if (isLevelFragment && /:\s*[<>≤≥~]?\s*\$?\d/.test(lower)) lead = null;
  // "Make sure each rep gets 10 SAOs" is "ensure".
  if (first.word === 'make' && tokens[1]?.word === 'sure')
    lead = { cls: 'state', base: 'ensure', typo: false };
  // A gerund naming a measure ("Hiring manager satisfaction 4.2/5") is a noun phrase, not an instruction.
  if (
    lead &&
    lead.cls === 'doing' &&
    first.word.endsWith('ing') &&
    nounPhrase(tokens, 0, lower, 'result').head === 'result'
  ) {
    lead = null;
  }
  // "Deploy frequency from weekly to daily", "Build time under 10 min", "Test coverage 80%".
  const second = tokens[1]?.word;
  if (
    lead &&
    lead.cls !== 'move' &&
    NOUN_LIKE.has(first.word) &&
    second &&
    RESULT_SET.has(second) &&
    !OUTPUT_SET.has(second)
  ) {
    if (nounPhrase(tokens, 1, lower, 'result').head === 'result') lead = null;
  }
  if (isLevelFragment && !lead) {
    const np0 = nounPhrase(tokens, 0, lower, 'result');
    if (np0.head !== 'output' && !doneHit) return { kind: 'outcome', reason: 'metric-fragment', cue: null };
  }
  // "Bring down", "drive up": phrasal movement.
  if (
    /^(?:bring|brought|drive|driving|drove|get|got|push|take|took|move|moved)\b[^,;]*?\b(?:down|up)\b/.test(
      lower,
    )
  ) {
    lead = { cls: 'move', base: first.word, typo: false };
  }
  // "More students completing Algebra I", "Fewer pages at night": a change in a count of results.
  if (!lead && /^(?:more|fewer|less)\s/.test(lower)) {
    const np0 = nounPhrase(tokens, 1, lower, 'result');
    if (np0.head !== 'output') return { kind: 'outcome', reason: 'movement', cue: first.word };
  }
  if (share) {
    const rest = lower.slice(share[0].length);
    const np = nounPhrase(tokenize(rest), 0, rest, 'result');
    if (
      np.head === 'people' ||
      (/\b(?:use|using|uses|adopt|adopted|adopting|deploy|self-serve|rate|report|say|choose|return|prefer|complete|are satisfied|recommend)\b/.test(
        rest,
      ) &&
        !doneHit)
    ) {
      return { kind: 'outcome', reason: 'adoption', cue: share[0].trim() };
    }
    if (doneHit) return { kind: 'activity', reason: 'share-of-work', cue: doneHit };
    if (np.head === 'output') {
      return /\b(?:have|with|covered|has)\b/.test(rest) && !/\brate|coverage\b/.test(rest)
        ? { kind: 'activity', reason: 'share-of-work', cue: np.words.at(-1) ?? null }
        : { kind: 'outcome', reason: 'measure', cue: share[0].trim() };
    }
    return { kind: 'outcome', reason: 'measure', cue: share[0].trim() };
  }

  if (lead) {
    const word = first.word;
    const np = nounPhrase(tokens, leadIndex + 1, lower, lead.cls === 'move' ? 'result' : 'output');
    const objectMeasure = measure || hasFromTo || hasComparatorQty;
    switch (lead.cls) {
      case 'move':
        // Growing the count of what the team makes is output; shrinking a count of bad things is an outcome.
        if (!DOWN_VERBS.has(lead.base)) {
          let head = np.head;
          let cue = np.words.at(-1) ?? word;
          const lastQ = qs[qs.length - 1];
          if (head === 'unknown' && lastQ) {
            // "Grow the platform team from 5 to 9 engineers": what the number counts.
            const rest = reading.clean.slice(lastQ.end).toLowerCase();
            const after = nounPhrase(tokenize(rest), 0, rest, 'result');
            if (after.words.length > 0) {
              head = after.head;
              cue = after.words.at(-1) ?? cue;
            }
          }
          // A percent target makes it a share ("Increase docs linked to tickets to 75%"), not a count.
          const percentTarget = reading.target?.unit?.kind === 'percent';
          if (
            head === 'output' &&
            !percentTarget &&
            !/\b(?:rate|time|coverage|frequency|quality|latency|adoption|usage)\b/.test(np.words.join(' '))
          ) {
            return { kind: 'activity', reason: 'output-count', cue };
          }
        }
        return { kind: 'outcome', reason: 'movement', cue: word };
      case 'state': {
        if (np.head === 'milestone' && !objectMeasure)
          return { kind: 'activity', reason: 'milestone', cue: np.words.at(-1) ?? word };
        if (np.head === 'output' && !objectMeasure)
          return { kind: 'activity', reason: 'deliverable', cue: np.words.at(-1) ?? word };
        if (np.head === 'output' && qs.length > 0 && !measure)
          return { kind: 'activity', reason: 'output-count', cue: np.words.at(-1) ?? word };
        if (doneHit && !objectMeasure && np.head !== 'result')
          return { kind: 'activity', reason: 'done-state', cue: doneHit };
        return { kind: 'outcome', reason: objectMeasure ? 'measure' : 'movement', cue: word };
      }
      case 'result': {
        const firstQ = qs[0];
        if (firstQ?.unit?.kind === 'percent' && /^\s*of\b/.test(reading.clean.slice(firstQ.end))) {
          return { kind: 'outcome', reason: 'measure', cue: word };
        }
        if (hasFromTo) return { kind: 'outcome', reason: 'measure', cue: word };
        // "Onboard 2 new contributors" is staffing; "Onboard 50 customers" is a result.
        const objectWord = np.words.at(-1);
        if (
          (lead.base === 'onboard' || lead.base === 'recruit' || lead.base === 'get') &&
          objectWord &&
          STAFF.has(objectWord)
        ) {
          return { kind: 'activity', reason: 'doing-verb', cue: word };
        }
        if (np.head === 'output' || np.head === 'milestone') {
          return {
            kind: 'activity',
            reason: qs.length > 0 ? 'output-count' : 'deliverable',
            cue: np.words.at(-1) ?? word,
          };
        }
        if (np.head === 'result' || np.head === 'people' || measure || hasComparatorQty) {
          return { kind: 'outcome', reason: 'result-count', cue: word };
        }
        if (STRONG_RESULT.has(lead.base) && qs.length > 0)
          return { kind: 'outcome', reason: 'result-count', cue: word };
        return { kind: 'activity', reason: 'doing-verb', cue: word };
      }
      case 'doing': {
        // "Upgrade React from 16 to 18" is a task; "Hold p99 under 300 ms" is a level to keep.
        const withShare = WITH_SHARE.exec(lower);
        if (isFirst && withShare) {
          // "Implement the intake form with 90% adoption": the launch is the initiative, the share the measure.
          return {
            kind: 'outcome',
            reason: 'mixed',
            cue: word,
            task: clause.slice(0, withShare.index).trim(),
          };
        }
        if (isFirst && ((hasFromTo && (measure || np.head === 'result')) || (hasComparatorQty && measure))) {
          return { kind: 'outcome', reason: 'mixed', cue: word };
        }
        // "Publish 4 blog posts": the count is of the team's own output.
        if (np.head === 'output' && qs.length > 0)
          return { kind: 'activity', reason: 'output-count', cue: word };
        return { kind: 'activity', reason: 'doing-verb', cue: word };
      }
    }
  }

  // No verb at the start: a fragment. Look for a verb later ("Churn reduced to 2%", "Onboarding flow redesigned").
  for (let k = 1; k < tokens.length; k += 1) {
    const w = tokens[k]!.word;
    // Base forms are often nouns ("type scale", "price drop"); only inflected verbs count here.
    const v = w.endsWith('s') || w.endsWith('ed') || w.endsWith('ing') ? verbClassOf(w) : null;
    if (!v) continue;
    if (v.cls === 'move') {
      const subject = nounPhrase(tokens, 0, lower, 'result');
      if (subject.head === 'output' && !measure)
        return { kind: 'activity', reason: 'output-count', cue: subject.words.at(-1) ?? null };
      return { kind: 'outcome', reason: 'movement', cue: tokens[k]!.word };
    }
    break;
  }
  // A subject and its verb: "Reps use the new pricing model", "Campaigns generate 30 opps",
  // "CEs document technical requirements", "Every P1 fix ships with a regression test".
  const subject = nounPhrase(tokens, 0, lower, 'result');
  const verbToken = tokens[subject.next];
  if (verbToken && subject.words.length > 0) {
    const vw = verbToken.word;
    const vc = verbClassOf(vw);
    // ("people" is also counted output, as in "Hire 5 people"; as a subject it is whoever acts.)
    const peopleSubject = subject.head === 'people' || PEOPLE_SET.has(subject.words.at(-1) ?? '');
    if (peopleSubject && ADOPTION_VERBS.has(vw)) {
      // "All employees complete security training" is attendance, not a change in behaviour.
      const staffSubject = subject.words.some((w) => STAFF.has(w));
      if (staffSubject && PARTICIPATION.test(lower.slice(verbToken.end))) {
        return { kind: 'activity', reason: 'participation', cue: vw };
      }
      return { kind: 'outcome', reason: 'adoption', cue: vw };
    }
    if (vc && STRONG_RESULT.has(vc.base) && qs.length > 0)
      return { kind: 'outcome', reason: 'result-count', cue: vw };
    if (
      vc?.cls === 'doing' &&
      !ADOPTION_VERBS.has(vw) &&
      !(measure || hasComparatorQty || hasFromTo) &&
      !STAFF_UNSAFE.has(vw)
    ) {
      return { kind: 'activity', reason: 'doing-verb', cue: vw };
    }
  }
  // "we have at least 4 articles published", "12 posts/month": a count of the team's output.
  // (Not after a metric's name: "MTTR for P2 incidents under 8 business hours" is a level.)
  for (const q of measure || hasFromTo || subject.head === 'result' ? [] : qs) {
    if (q.unit !== null && q.unit.kind !== 'count') continue;
    // "per 1k sessions" is the denominator of a rate, not a count of anything.
    if (/\bper\s*$/.test(reading.clean.slice(0, q.start).toLowerCase())) continue;
    const rest = reading.clean.slice(q.end).toLowerCase();
    const after = nounPhrase(tokenize(rest), 0, rest, 'output');
    if (after.head === 'output' && !DOWN_WORD.test(lower)) {
      return { kind: 'activity', reason: 'output-count', cue: after.words.at(-1) ?? null };
    }
  }
  const np = nounPhrase(tokens, 0, lower, 'result');
  const firstQ = qs[0];
  if (firstQ && firstQ.start - offset <= 2 && np.head === 'output' && !measure) {
    return { kind: 'activity', reason: 'output-count', cue: np.words.at(-1) ?? null };
  }
  if (doneHit && !(measure || hasComparatorQty || hasFromTo))
    return { kind: 'activity', reason: 'done-state', cue: doneHit };
  if (
    qs.length > 0 &&
    (np.head === 'result' || np.head === 'people' || measure || hasComparatorQty || hasFromTo)
  ) {
    return { kind: 'outcome', reason: 'metric-fragment', cue: null };
  }
  if (
    tokens.some((t) => classifyWord(t.word, 'result') === 'result') &&
    np.head !== 'output' &&
    np.head !== 'milestone'
  ) {
    return { kind: 'outcome', reason: 'metric-fragment', cue: null };
  }
  if (np.head === 'milestone') return { kind: 'activity', reason: 'milestone', cue: np.words.at(-1) ?? null };
  return { kind: isFirst ? 'activity' : 'neutral', reason: 'deliverable', cue: null };
}

const CLAUSE_BOUNDARY =
  /[,;:]\s*(?:and\s+|thereby\s+|which\s+|so\s+)?(?=[a-z]+(?:ing|e|s|ed)?\b)|\s-\s|\s(?:in order to|so that|so as to|resulting in|leading to|which will|which|that will|thereby|and thus|to|and|while|by)\s+(?=[a-z])/gi;

/** Splits at connectors that start a new verb clause ("… to reduce …", "…, cutting …", "… so that …"). */
function splitClausesEn(clean: string): Array<{ text: string; offset: number }> {
  const out: Array<{ text: string; offset: number }> = [];
  const boundary = CLAUSE_BOUNDARY;
  boundary.lastIndex = 0;
  let last = 0;
  for (const m of clean.matchAll(boundary)) {
    const at = m.index ?? 0;
    const after = clean.slice(at + m[0].length);
    const nextWord = /^[a-z]+/i.exec(after)?.[0]?.toLowerCase() ?? '';
    const v = verbClassOf(nextWord) ?? (nextWord.length >= 5 ? leadVerb(nextWord) : null);
    // Split only where a verb starts the next clause ("to reduce", not "to 15 minutes").
    if (!v || (v.cls === 'doing' && !/^(?:[,;:]|\s(?:and|to|by|while|in order to|so that)\b)/.test(m[0])))
      continue;
    if (/^\sby\s+$/i.test(m[0]) && !/ing$/.test(nextWord)) continue;
    out.push({ text: clean.slice(last, at), offset: last });
    last = at + m[0].length;
  }
  out.push({ text: clean.slice(last), offset: last });
  return out.filter((c) => c.text.trim().length > 0);
}

function first0(tokens: Token[]): string | null {
  return tokens[0]?.word ?? null;
}

/** Drops "By Q3, we will", "KR:", and a short label before a verb ("Tech debt: remove …"). */
function stripPreambleEn(clean: string): { text: string; offset: number } {
  let offset = 0;
  const m = PREAMBLE.exec(clean);
  if (m && m[0].length < clean.length) offset = m[0].length;
  const label = clean.includes(':') ? /^[A-Za-z][\w &/'-]{0,30}:\s+/.exec(clean.slice(offset)) : null;
  if (label) {
    const next = /^[a-z]+/i.exec(clean.slice(offset + label[0].length))?.[0]?.toLowerCase() ?? '';
    if (verbClassOf(next)) offset += label[0].length;
  }
  return { text: clean.slice(offset), offset };
}

export function classifyEn(reading: KeyResultReading, text: string): ActivityVerdict {
  const { text: body, offset } = stripPreambleEn(text);
  const clauses = splitClausesEn(body);
  const judged: Judged[] = [];
  for (let i = 0; i < clauses.length; i += 1) {
    const c = clauses[i]!;
    c.offset += offset;
    const j = judgeClauseEn(c.text, c.offset, reading, i === 0) as Judged;
    j.clause = c;
    judged.push(j);
  }
  return combine(judged, reading);
}

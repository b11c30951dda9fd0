/**
 * Telling a task or output ("Ship new retry logic", "Publish 4 blog posts", "编写运维手册") from
 * an outcome ("Reduce failed checkout attempts by 30 percent", "将结账失败率从2.4%降至1.7%").
 *
 * The reading is a small, explainable grammar over word lists (lexicon-en.ts, lexicon-zh.ts):
 * the text is split into clauses; each clause is judged by its verb and what the verb acts on
 * (a measure, a result such as customers or revenue, or the team's own output); the clauses are
 * then combined. The labelling definition is docs/kr-activity-labelling.md.
 */
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
import {
  ZH_DOING,
  ZH_DONE,
  ZH_MILESTONES,
  ZH_MOVE,
  ZH_OUTPUT_NOUNS,
  ZH_PREAMBLE,
  ZH_RESULT,
  ZH_RESULT_NOUNS,
  ZH_STATE,
} from './lexicon-zh.js';
import { blankOwnerNotes } from './owner-note.js';
import type { KeyResultReading } from './read-key-result.js';
import {
  DOING_FORMS,
  MOVE_FORMS,
  RESULT_FORMS,
  STATE_FORMS,
  type VerbClass,
  verbClassOf,
} from './verb-class.js';

/** Why a line was judged an activity (or an outcome): what the message can point to. */
export type ActivityReason =
  | 'doing-verb'
  | 'output-count'
  | 'milestone'
  | 'done-state'
  | 'deliverable'
  | 'share-of-work'
  | 'measure'
  | 'movement'
  | 'result-count'
  | 'adoption'
  | 'metric-fragment'
  | 'mixed';

export interface ActivityVerdict {
  isActivity: boolean;
  reason: ActivityReason;
  /** The word that decided ("Ship", "上线", "posts"). */
  cue: string | null;
  /** The task part, when the line is a task (or a task mixed with a measure): kept as an initiative. */
  task: string | null;
  /** True when one line holds both a task and a measure of its effect. */
  isMixed: boolean;
}

// ------------------------------------------------------------------ English

const STRONG_RESULT = new Set<string>(STRONG_RESULT_VERBS);
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
      const v = verbClassOf(w);
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
  // The head is the last word ("customer interviews" → interviews; "newsletter list" → list, unknown).
  const last = words[words.length - 1];
  const head: Head = last === undefined ? 'unknown' : classifyWord(last, prefer);
  return { head, words, next: j };
}

/** True when a quantity in the clause is a measure: %, a duration, money, a score, a multiple, "zero". */
function hasMeasureQuantity(reading: KeyResultReading, from: number, to: number): boolean {
  return reading.quantities.some(
    (q) =>
      q.start >= from &&
      q.end <= to &&
      q.unit !== null &&
      ['percent', 'points', 'duration', 'currency', 'score', 'multiplier', 'size'].includes(q.unit.kind),
  );
}

interface ClauseJudgement {
  kind: 'outcome' | 'activity' | 'neutral';
  reason: ActivityReason;
  cue: string | null;
  /** The task inside an outcome clause ("通过引入缓存" → "引入缓存"). */
  task?: string | null;
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
  const leadIndex = 0;
  const first = tokens[0]!;
  let lead =
    isLevelFragment && !/(?:ing|ed)$/.test(first.word) && tokens.length > 2 && !verbClassOf(tokens[1]!.word)
      ? null
      : leadVerb(first.word);
  if (isLevelFragment && /:\s*[<>≤≥~]?\s*\$?\d/.test(lower)) lead = null;
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
          if (
            head === 'output' &&
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

function classifyEn(reading: KeyResultReading, text: string): ActivityVerdict {
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

// ------------------------------------------------------------------ Chinese

const alternations = new WeakMap<readonly string[], RegExp>();

/** The earliest (and at that place the longest) word of `words` in `text`. */
function firstHit(text: string, words: readonly string[]): { word: string; index: number } | null {
  let pattern = alternations.get(words);
  if (!pattern) {
    const sorted = [...words]
      .sort((a, b) => b.length - a.length)
      .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    pattern = new RegExp(sorted.join('|'));
    alternations.set(words, pattern);
  }
  const m = pattern.exec(text);
  return m ? { word: m[0], index: m.index } : null;
}

/** The last (rightmost) word of `words` in `text`: Chinese noun phrases are head-final. */
const byLastChar = new WeakMap<readonly string[], Map<string, string[]>>();

/**
 * The word of `words` that ends last in `text` (at that end, the longest). Scans from the end,
 * looking only at words that end with the character there.
 */
function lastHit(text: string, words: readonly string[]): { word: string; index: number } | null {
  let index = byLastChar.get(words);
  if (!index) {
    index = new Map();
    for (const w of [...words].sort((a, b) => b.length - a.length)) {
      const last = w[w.length - 1]!;
      const list = index.get(last);
      if (list) list.push(w);
      else index.set(last, [w]);
    }
    byLastChar.set(words, index);
  }
  for (let end = text.length; end > 0; end -= 1) {
    const candidates = index.get(text[end - 1]!);
    if (!candidates) continue;
    for (const w of candidates) {
      if (w.length <= end && text.startsWith(w, end - w.length)) return { word: w, index: end - w.length };
    }
  }
  return null;
}

/** Which of two hits ends later (the head of a Chinese noun phrase is its last noun). */
function endsLater(
  a: { word: string; index: number } | null,
  b: { word: string; index: number } | null,
): boolean {
  if (!a) return false;
  if (!b) return true;
  return a.index + a.word.length > b.index + b.word.length;
}

/** The team's own output counted right after a quantity: "10篇技术文章", "5名工程师", "20个用户访谈". */
function zhOutputCount(clause: string, reading: KeyResultReading, offset: number): string | null {
  for (const q of reading.quantities) {
    if (q.start < offset || q.end > offset + clause.length) continue;
    if (q.unit && q.unit.kind !== 'count') continue;
    // The noun phrase after the number, up to punctuation or a verb.
    const after = /^[^，,；;。、\d]{0,10}/.exec(reading.clean.slice(q.end))![0];
    const out = lastHit(after, ZH_OUTPUT_NOUNS);
    const res = lastHit(after, ZH_RESULT_NOUNS);
    if (out && endsLater(out, res)) return out.word;
    if (!out && !res && q.unit && ['篇', '场', '期', '节', '门', '款', '套'].includes(q.unit.unit))
      return q.unit.unit;
  }
  return null;
}

const ZH_COMPARATOR =
  /(?:≥|≤|>|<|不低于|不高于|不超过|不少于|低于|高于|超过|少于|大于|小于|以内|以下|以上|至少|至多|控制在)/;
const ZH_FROM_TO =
  /(?:从|由)[^，,；;]*?\d[^，,；;]*?(?:降至|降到|降低到|降低至|提升至|提升到|提高到|提高至|增长到|增长至|增加到|增加至|缩短到|缩短至|减少到|减少至|下降到|下降至|上升到|上升至|增至|减至|压缩至|压缩到|到|至)/;
/** "由1.20升级到1.28": numbers joined by a doing verb are versions, not a measure. */
const ZH_VERSION_CHANGE =
  /\d[^，,；;\d]{0,3}(?:升级|迁移|切换|替换|更换|改为|换成)(?:到|至|为)?[^，,；;\d]{0,3}\d/;
const ZH_UP = /(?:提升|提高|增加|增长|增至|上升|翻倍|翻番|扩大)/;
/**
 * Verbs that bring a count down. As in English ("Reduce support tickets from 120 to 40"),
 * fewer of something is an outcome even when the thing is what the team handles or makes
 * ("将开户咨询工单从1.8个降至0.5个"): only growing the team's own output is an activity.
 */
const ZH_DOWN = /(?:降低|减少|下降|缩短|压缩|减半|降至|降到|削减|减低|缩减|下调|减至|砍掉)/;
/** "容器化率": the share of a migration done. */
const ZH_WORK_RATE = /(?:容器化|上云|迁移|接入|改造|上线|落地)率/;
const ZH_ZERO = /(?:^|[^清归])零(?!售|件|食|钱|星|散|基础|点|部件|距离|信任|代码|碳)/;
/** "通过引入缓存，…", "借助X带来…": the means is a task, the rest decides. */
const ZH_MEANS = /^(?:通过|借助|依靠|利用|依托|基于)/;
/** A short phrase before the verb that does not change who acts: "与各业务方对齐", "每月回访", "针对大客户…". */
const ZH_LEAD_PHRASE =
  /^(?:(?:每(?:天|日|周|月|季度?|年|个月|双周)|全年|全员|持续|定期|按月|按季度?|按周)\s*|(?:与|和|跟|同|为|对|针对|围绕|面向|联合|协同)[^，,；;]{1,10}?(?=对齐|沟通|协调|确认|共建|合作|开展|完成|推进|输出|建立|制定|召开|举办|组织|梳理|回访|拜访))/;

const ZH_STRONG_RESULT = [
  '拉新',
  '获客',
  '签约',
  '成交',
  '回款',
  '带来',
  '斩获',
  '赢得',
  '拿下',
  '挽回',
  '节税',
  '节省',
  '创收',
  '增收',
  '转化',
];

function judgeClauseZh(
  clause: string,
  offset: number,
  reading: KeyResultReading,
  isFirst: boolean,
): ClauseJudgement {
  const m = ZH_PREAMBLE.exec(clause);
  let body = m && m[0].length < clause.length ? clause.slice(m[0].length) : clause;
  const lead = ZH_LEAD_PHRASE.exec(body);
  if (lead && lead[0].length < body.length) body = body.slice(lead[0].length);
  const qs = reading.quantities.filter((q) => q.start >= offset && q.end <= offset + clause.length);
  const measure = hasMeasureQuantity(reading, offset, offset + clause.length);
  const fromTo = ZH_FROM_TO.test(body) && !ZH_VERSION_CHANGE.test(body);
  const comparator = qs.length > 0 && ZH_COMPARATOR.test(body);
  const result = firstHit(body, ZH_RESULT_NOUNS);
  const output = firstHit(body, ZH_OUTPUT_NOUNS);
  const move = firstHit(body, ZH_MOVE);
  const state = firstHit(body, ZH_STATE);
  const doing = firstHit(body, ZH_DOING);
  const resultVerb = firstHit(body, ZH_RESULT);
  const done = firstHit(body, ZH_DONE);
  const milestone = firstHit(body, ZH_MILESTONES);
  const outputCount = zhOutputCount(clause, reading, offset);
  const leadsWith = (hit: { index: number } | null) => hit !== null && hit.index <= 1;
  const lastResult = lastHit(body, ZH_RESULT_NOUNS);
  const lastOutput = lastHit(body, ZH_OUTPUT_NOUNS);

  // "80%的团队使用…": adoption.
  if (
    /\d\s*%\s*(?:的)?\s*(?:用户|客户|团队|员工|工程师|研发|开发者|商家|门店|业务线|部门)[^，,；;]{0,10}?(?:使用|采用|接入|切换到|迁移到|通过|自助|满意|认可)/.test(
      body,
    )
  ) {
    return { kind: 'outcome', reason: 'adoption', cue: null };
  }
  // "完成80%服务的容器化改造", "容器化率从30%提升至80%": a share of the team's own work.
  if (ZH_WORK_RATE.test(body)) return { kind: 'activity', reason: 'share-of-work', cue: null };
  if (
    /\d\s*%\s*(?:的)?[^，,；;]{0,12}?(?:改造|迁移|上线|接入|容器化|上云|重构|改版|覆盖|落地|切换|替换|完成)/.test(
      body,
    ) &&
    !/率/.test(body) &&
    !(move && result)
  ) {
    return { kind: 'activity', reason: 'share-of-work', cue: null };
  }
  // "全年零数据泄露事件", "财务报表零差错": a level of zero.
  if (ZH_ZERO.test(body) && !leadsWith(doing))
    return { kind: 'outcome', reason: 'metric-fragment', cue: null };
  // "通过裂变活动带来付费用户3000+": the means is an initiative; the result is the key result.
  if (ZH_MEANS.test(body)) {
    const rest = body.slice(2);
    const effect = firstHit(rest, ZH_MOVE) ?? firstHit(rest, ZH_STATE) ?? firstHit(rest, ZH_STRONG_RESULT);
    if (
      effect &&
      (firstHit(rest.slice(effect.index), ZH_RESULT_NOUNS) || measure || qs.length > 0 || result)
    ) {
      return {
        kind: 'outcome',
        reason: 'mixed',
        cue: effect.word,
        task: body.slice(2, effect.index).replace(/[，,]$/, '') || null,
      };
    }
  }
  // ZH_DOWN is only tested where a count of output would otherwise decide.
  if (
    outputCount &&
    !(result && endsLater(result, output) && (fromTo || comparator || move)) &&
    !ZH_DOWN.test(body)
  ) {
    return { kind: 'activity', reason: 'output-count', cue: outputCount };
  }
  // "将团队技术分享从每月1次增加到每周1次": more of what the team makes is output.
  const up = ZH_UP.exec(body);
  if (up) {
    const subject = body
      .slice(0, up.index)
      .replace(/^(?:将|把|使|让)/, '')
      .replace(/(?:从|由)[^，,]*$/, '');
    const sOut = lastHit(subject, ZH_OUTPUT_NOUNS);
    const sRes = lastHit(subject, ZH_RESULT_NOUNS);
    if (sOut && endsLater(sOut, sRes) && !/(?:率|时长|时间|满意|质量|效率)$/.test(subject)) {
      return { kind: 'activity', reason: 'output-count', cue: sOut.word };
    }
  }
  if (fromTo || comparator) {
    if (
      output &&
      (!result || output.index < result.index) &&
      !measure &&
      leadsWith(doing) &&
      !ZH_DOWN.test(body)
    ) {
      return { kind: 'activity', reason: 'output-count', cue: output.word };
    }
    return { kind: 'outcome', reason: 'measure', cue: null };
  }
  if (
    move &&
    (result || measure) &&
    !(output && result && output.index < result.index && !measure && leadsWith(doing))
  ) {
    return { kind: 'outcome', reason: 'movement', cue: move.word };
  }
  if (milestone && !result && !measure) return { kind: 'activity', reason: 'milestone', cue: milestone.word };
  if (done && !measure && !(result && move))
    return { kind: 'activity', reason: 'done-state', cue: done.word };
  // A noun phrase that states a level: "自动化测试覆盖率达到60%", "核心页面FPS稳定在55以上".
  const verbAfterResult =
    (state ?? move) !== null && result !== null && result.index < (state ?? move)!.index;
  if (verbAfterResult && (measure || qs.length > 0))
    return { kind: 'outcome', reason: 'measure', cue: (state ?? move)!.word };
  // "完成/实现/处理 …": the last noun decides ("完成年度销售目标3000万" vs "完成性能测试报告").
  if (leadsWith(resultVerb) && lastResult) {
    const tailDoing = lastHit(body.slice(2), ZH_DOING);
    const tailWork = endsLater(tailDoing, lastOutput) ? tailDoing : lastOutput;
    if (endsLater(lastResult, tailWork))
      return { kind: 'outcome', reason: 'result-count', cue: resultVerb!.word };
    return { kind: 'activity', reason: 'doing-verb', cue: resultVerb!.word };
  }
  if (leadsWith(doing)) {
    if (leadsWith(state) && result && (measure || qs.length > 0))
      return { kind: 'outcome', reason: 'measure', cue: state!.word };
    return { kind: 'activity', reason: 'doing-verb', cue: doing!.word };
  }
  if (state && (result || measure || qs.length > 0) && !(output && !result)) {
    return { kind: 'outcome', reason: 'measure', cue: state.word };
  }
  const strong = firstHit(body, ZH_STRONG_RESULT);
  if (strong && qs.length > 0) return { kind: 'outcome', reason: 'result-count', cue: strong.word };
  if (resultVerb && result && (!output || result.index <= output.index))
    return { kind: 'outcome', reason: 'result-count', cue: resultVerb.word };
  if (move && (!output || endsLater(lastResult, lastOutput)))
    return { kind: 'outcome', reason: 'movement', cue: move.word };
  if (result && (qs.length > 0 || !output || result.index > (output?.index ?? -1))) {
    return { kind: 'outcome', reason: 'metric-fragment', cue: null };
  }
  if (doing) return { kind: 'activity', reason: 'doing-verb', cue: doing.word };
  if (output) return { kind: 'activity', reason: 'deliverable', cue: output.word };
  return { kind: isFirst ? 'activity' : 'neutral', reason: 'deliverable', cue: null };
}

function splitClausesZh(clean: string): Array<{ text: string; offset: number }> {
  const out: Array<{ text: string; offset: number }> = [];
  let last = 0;
  for (const m of clean.matchAll(/[,，;；、。]|(?:从而|进而|以便|使得|以此|借此|并且)(?=[^\d])/g)) {
    const at = m.index ?? 0;
    if (at > last) out.push({ text: clean.slice(last, at), offset: last });
    last = at + m[0].length;
  }
  if (last < clean.length) out.push({ text: clean.slice(last), offset: last });
  return out.filter((c) => c.text.trim().length > 0);
}

function classifyZh(reading: KeyResultReading, text: string): ActivityVerdict {
  // "通过引入缓存，将P99延迟…": the means clause is a task, the rest decides.
  const clauses = splitClausesZh(text);
  const judged: Judged[] = [];
  for (let i = 0; i < clauses.length; i += 1) {
    const c = clauses[i]!;
    const j = judgeClauseZh(c.text, c.offset, reading, i === 0) as Judged;
    j.clause = c;
    judged.push(j);
  }
  return combine(judged, reading);
}

// ------------------------------------------------------------------ combining

/** A clause's judgement with the clause (judgements are fresh objects: the clause is added in place). */
type Judged = ClauseJudgement & { clause: { text: string; offset: number } };

function combine(judged: Judged[], reading: KeyResultReading): ActivityVerdict {
  if (judged.length === 0)
    return {
      isActivity: true,
      reason: 'deliverable',
      cue: null,
      task: reading.clean || null,
      isMixed: false,
    };
  const outcome = judged.find((j) => j.kind === 'outcome');
  const activity = judged.find((j) => j.kind === 'activity');
  if (outcome) {
    if (outcome.reason === 'mixed' && outcome.task) {
      return { isActivity: false, reason: 'mixed', cue: outcome.cue, task: outcome.task, isMixed: true };
    }
    const isMixed =
      activity !== undefined && (activity.reason === 'doing-verb' || activity.reason === 'output-count');
    return {
      isActivity: false,
      reason: isMixed ? 'mixed' : outcome.reason,
      cue: outcome.cue,
      task: isMixed ? activity!.clause.text.replace(/^(?:通过|借助|依靠|利用)/, '').trim() : null,
      isMixed,
    };
  }
  const lead = activity ?? judged[0]!;
  return { isActivity: true, reason: lead.reason, cue: lead.cue, task: reading.clean, isMixed: false };
}

/** Judges a read key result: activity (task, output, milestone) or outcome. Never throws. */
export function classifyActivity(reading: KeyResultReading): ActivityVerdict {
  if (reading.clean.length === 0)
    return { isActivity: false, reason: 'measure', cue: null, task: null, isMixed: false };
  // An owner note ("负责人：张三", "(owner: @alice)") is neither task nor measure: kr-person-owner's business.
  const text = blankOwnerNotes(reading.clean);
  return reading.language === 'zh' ? classifyZh(reading, text) : classifyEn(reading, text);
}

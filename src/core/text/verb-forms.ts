/**
 * English verb inflections, generated from base forms: "ship" → ships, shipped, shipping.
 * Enough morphology for key results, not a general stemmer.
 */

const IRREGULAR: Record<string, string[]> = {
  build: ['built'],
  write: ['wrote', 'written'],
  rewrite: ['rewrote', 'rewritten'],
  run: ['ran'],
  hold: ['held'],
  make: ['made'],
  get: ['got', 'gotten'],
  grow: ['grew', 'grown'],
  keep: ['kept'],
  take: ['took', 'taken'],
  drive: ['drove', 'driven'],
  bring: ['brought'],
  find: ['found'],
  teach: ['taught'],
  give: ['gave', 'given'],
  go: ['went', 'gone'],
  win: ['won'],
  spend: ['spent'],
  speak: ['spoke', 'spoken'],
  begin: ['began', 'begun'],
  do: ['did', 'done'],
  be: ['is', 'are', 'was', 'were', 'been', 'being'],
  have: ['has', 'had'],
  see: ['saw', 'seen'],
  lead: ['led'],
  send: ['sent'],
  buy: ['bought'],
  sell: ['sold'],
  shrink: ['shrank', 'shrunk'],
  rise: ['rose', 'risen'],
  fall: ['fell', 'fallen'],
  meet: ['met'],
  beat: ['beaten'],
  break: ['broke', 'broken'],
  stand: ['stood'],
  spin: ['spun'],
  read: ['read'],
  set: ['set'],
  cut: ['cut'],
  put: ['put'],
  hit: ['hit'],
  split: ['split'],
  learn: ['learnt'],
  catch: ['caught'],
  pay: ['paid'],
  lay: ['laid'],
  hire: ['hired'],
};

const VOWELS = 'aeiou';

function doublesFinal(base: string): boolean {
  // Short verbs ending consonant-vowel-consonant double it: ship → shipped, plan → planned.
  if (base.length < 3 || base.length > 5) return false;
  const [a, b, c] = base.slice(-3);
  return !VOWELS.includes(a!) && VOWELS.includes(b!) && !VOWELS.includes(c!) && !'wxy'.includes(c!);
}

/** Every form of `base` (the base included). */
export function inflect(base: string): string[] {
  const forms = new Set<string>([base]);
  if (base.includes(' ') || base.includes('-')) return [...forms];
  const last = base.at(-1)!;
  const stemE = last === 'e' ? base.slice(0, -1) : base;
  if (/(?:s|x|z|ch|sh)$/.test(base)) forms.add(`${base}es`);
  else if (last === 'y' && !VOWELS.includes(base.at(-2)!)) forms.add(`${base.slice(0, -1)}ies`);
  else forms.add(`${base}s`);
  if (last === 'e') {
    forms.add(`${base}d`);
    forms.add(`${stemE}ing`);
  } else if (last === 'y' && !VOWELS.includes(base.at(-2)!)) {
    forms.add(`${base.slice(0, -1)}ied`);
    forms.add(`${base}ing`);
  } else {
    forms.add(`${base}ed`);
    forms.add(`${base}ing`);
    if (doublesFinal(base)) {
      forms.add(`${base}${last}ed`);
      forms.add(`${base}${last}ing`);
    }
  }
  for (const f of IRREGULAR[base] ?? []) forms.add(f);
  return [...forms];
}

/** form → base, for a list of bases. */
export function formIndex(bases: readonly string[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const base of bases) for (const form of inflect(base)) if (!index.has(form)) index.set(form, base);
  return index;
}

/** Two-syllable verbs stressed on the end, which double their last letter: committed, controlled. */
const DOUBLES_AT_END = new Set([
  'commit',
  'submit',
  'admit',
  'permit',
  'refer',
  'prefer',
  'occur',
  'control',
  'patrol',
  'transfer',
  'compel',
  'expel',
  'omit',
]);

/** The past participle of `base`: "respond" → responded, "ship" → shipped, "write" → written. */
export function pastParticiple(base: string): string {
  if (base === 'be') return 'been';
  const irregular = IRREGULAR[base];
  if (irregular) return irregular[irregular.length - 1]!;
  const last = base.at(-1)!;
  if (last === 'e') return `${base}d`;
  if (last === 'y' && !VOWELS.includes(base.at(-2) ?? 'a')) return `${base.slice(0, -1)}ied`;
  // Only one-syllable verbs double (ship → shipped, not open → openned), and a few stressed at the end.
  const syllables = base.match(/[aeiouy]+/g)?.length ?? 0;
  const doubles = (syllables === 1 && doublesFinal(base)) || DOUBLES_AT_END.has(base);
  return doubles ? `${base}${last}ed` : `${base}ed`;
}

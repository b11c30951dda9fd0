import { describe, expect, it } from 'vitest';
import type { KeyResultView } from '../api/types.js';
import {
  addDays,
  currentQuarter,
  cycleChoices,
  dayIn,
  describeCaveat,
  describeConfidence,
  describeCyclePosition,
  describeGrade,
  describeMetric,
  describePace,
  describeStaleness,
  FALLBACK_TIME_ZONE,
  formatDateTime,
  formatDay,
  formatNumber,
  formatProgress,
  formatShortDay,
  formatValue,
  knownTimeZone,
  langOf,
  parseNumberInput,
  progressWidth,
  quarterSpan,
  relativeDay,
  sortFindings,
  summariseFindings,
  summariseTeam,
  validateCheckIn,
} from './format.js';

describe('formatValue', () => {
  it.each([
    [2.4, '%', '2.4%'],
    [40, 'min', '40 min'],
    [300, 'ms', '300 ms'],
    [1250, null, '1,250'],
    [30, '$', '$30'],
    [-5, '$', '-$5'],
    [1.23456, 'x', '1.23x'],
    [0.00123, null, '0.00123'],
    [0, '%', '0%'],
    [null, '%', '—'],
  ])('%s %s → %s', (value, unit, expected) => {
    expect(formatValue(value, unit)).toBe(expected);
  });

  it.each([
    [1e308, '1e308'],
    [-2.5e20, '-2.5e20'],
    [1.23456e15, '1.23e15'],
    [1e15, '1e15'],
    [123_456_789_012, '123,456,789,012'],
    [3e-9, '3e-9'],
    [-1e-300, '-1e-300'],
    [0.0000012, '0.0000012'],
  ])('writes %s short: %s', (value, expected) => {
    expect(formatNumber(value)).toBe(expected);
  });
  it('never writes a value longer than a few dozen characters', () => {
    for (const value of [Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 1e21, 12345678901234.56])
      expect(formatValue(value, 'ms').length).toBeLessThan(30);
  });
  it('keeps non-finite numbers readable', () => {
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('Infinity');
  });
});

describe('describeMetric', () => {
  const metric = { name: 'x', unit: 'min', baseline: 40, target: 15, direction: 'decrease' };
  it('shows baseline → target and direction', () => {
    expect(describeMetric(metric)).toBe('40 min → 15 min (decrease)');
  });
  it('names what is missing', () => {
    expect(describeMetric({ ...metric, baseline: null, direction: null })).toBe('no baseline → 15 min');
    expect(describeMetric({ ...metric, target: null })).toBe('40 min → no target (decrease)');
  });
  it('shows a relative target ("by 30%") as the change when there is no baseline to apply it to', () => {
    const relative = { name: null, unit: null, baseline: null, target: null };
    expect(describeMetric({ ...relative, direction: 'decrease', relative: { amount: 30, unit: '%' } })).toBe(
      'no baseline → −30% (decrease)',
    );
    expect(describeMetric({ ...relative, direction: 'increase', relative: { amount: 5, unit: 'pp' } })).toBe(
      'no baseline → +5 pp (increase)',
    );
    expect(describeMetric({ ...relative, direction: 'increase', relative: { amount: 2, unit: 'x' } })).toBe(
      'no baseline → ×2 (increase)',
    );
    expect(describeMetric({ ...relative, direction: 'decrease', relative: { amount: 2, unit: 'x' } })).toBe(
      'no baseline → ÷2 (decrease)',
    );
    expect(describeMetric({ ...relative, direction: null, relative: { amount: 10, unit: 'min' } })).toBe(
      'no baseline → 10 min',
    );
  });
  it('reads thresholds', () => {
    expect(
      describeMetric({ name: null, unit: '%', baseline: null, target: 99.9, direction: 'at-least' }),
    ).toBe('at least 99.9%');
    expect(describeMetric({ name: null, unit: 'ms', baseline: 350, target: 300, direction: 'at-most' })).toBe(
      '350 ms → 300 ms (stay at or below)',
    );
  });
});

describe('progress', () => {
  it('rounds for text and clamps for the bar', () => {
    expect(formatProgress(0.571)).toBe('57%');
    expect(formatProgress(1.15)).toBe('115%');
    expect(formatProgress(null)).toBe('—');
    expect(progressWidth(1.15)).toBe(100);
    expect(progressWidth(-0.2)).toBe(0);
    expect(progressWidth(null)).toBe(0);
  });
});

describe('describeStaleness: silence is never green', () => {
  const base = { isStale: false, lastValueAt: '2026-11-20T00:00:00Z', daysSinceValue: 3, staleAfterDays: 14 };
  it.each([
    [{ ...base, lastValueAt: null, daysSinceValue: null }, 'No value yet', 'warn'],
    [{ ...base, isStale: true, daysSinceValue: 16 }, 'No value for 16 days', 'bad'],
    [{ ...base, isStale: true, daysSinceValue: 1 }, 'No value for 1 day', 'bad'],
    [{ ...base, daysSinceValue: 0 }, 'Updated today', 'neutral'],
    [{ ...base, daysSinceValue: 1 }, 'Updated yesterday', 'neutral'],
    [base, 'Updated 3 days ago', 'neutral'],
  ])('%j', (staleness, label, tone) => {
    expect(describeStaleness(staleness)).toEqual({ label, tone });
  });

  it.each([
    [{ ...base, lastValueAt: null, daysSinceValue: null }, 'No value in the cycle', 'warn'],
    [{ ...base, isStale: true, daysSinceValue: 16 }, "No value in the cycle's last 16 days", 'bad'],
    [{ ...base, daysSinceValue: 0 }, "Last value on the cycle's last day", 'neutral'],
    [{ ...base, daysSinceValue: 1 }, 'Last value 1 day before the cycle ended', 'neutral'],
    [base, 'Last value 3 days before the cycle ended', 'neutral'],
  ])('once the cycle has ended, counts to its end and says so: %j', (staleness, label, tone) => {
    expect(describeStaleness(staleness, 'ended')).toEqual({ label, tone });
  });
});

describe('describePace', () => {
  it('words each status; only ahead and on pace are green', () => {
    expect(describePace('ahead', 0.5)).toEqual({
      label: 'Ahead of pace',
      tone: 'good',
      detail: 'Ahead of pace: 50% expected by now',
    });
    expect(describePace('behind', 0.6).tone).toBe('warn');
    expect(describePace('at-risk', 0.6).tone).toBe('bad');
    expect(describePace('unknown', 0.6)).toEqual({
      label: 'Pace unknown',
      tone: 'warn',
      detail: 'Pace unknown',
    });
    expect(describePace('ended', 1)).toEqual({
      label: 'Cycle ended',
      tone: 'neutral',
      detail: 'The cycle has ended: the grade says how it went',
    });
    expect(describePace('something-new', 0.6).label).toBe('something-new');
  });
});

describe('describeConfidence', () => {
  it.each([
    [null, 'not given', 'warn'],
    [0, '0/10 · unlikely', 'bad'],
    [4, '4/10 · unsure', 'warn'],
    [7, '7/10 · likely', 'good'],
    [10, '10/10 · likely', 'good'],
  ])('%s', (value, label, tone) => {
    expect(describeConfidence(value)).toEqual({ label, tone });
  });
});

describe('describeGrade', () => {
  const grade = { score: 0.4, band: 'yellow' as const, verdict: 'missed', summary: '', final: false };
  it('says whether the grade is final', () => {
    expect(describeGrade(grade, 'active')).toEqual({ label: 'Grade so far 0.4', tone: 'warn' });
    expect(
      describeGrade({ ...grade, score: 1, band: 'green', verdict: 'met', final: true }, 'ended'),
    ).toEqual({
      label: 'Grade 1.0',
      tone: 'good',
    });
    // A committed key result 99% of the way is missed, and not shown in green.
    expect(
      describeGrade({ ...grade, score: 0.9, band: 'green', verdict: 'missed', final: true }, 'ended'),
    ).toEqual({
      label: 'Missed · grade 0.9',
      tone: 'warn',
    });
    expect(describeGrade(null, 'ended')).toBeNull();
  });
});

describe('describeCaveat', () => {
  it('names the weakness and keeps the note', () => {
    expect(describeCaveat({ kind: 'noisy', note: 'weekend traffic swings about 15%' })).toBe(
      'Noisy metric: weekend traffic swings about 15%',
    );
    expect(describeCaveat({ kind: 'incomplete-baseline' })).toBe('Incomplete baseline');
    expect(describeCaveat({ kind: 'proxy' })).toBe('Proxy metric');
    expect(describeCaveat({ kind: 'new-kind' })).toBe('Caveat (new-kind)');
  });
});

describe('findings', () => {
  const findings = [
    { severity: 'info' as const },
    { severity: 'warning' as const },
    { severity: 'error' as const },
    { severity: 'warning' as const },
  ];
  it('sorts errors first and counts by severity', () => {
    expect(sortFindings(findings).map((f) => f.severity)).toEqual(['error', 'warning', 'warning', 'info']);
    expect(summariseFindings(findings)).toBe('1 error, 2 warnings, 1 note');
    expect(summariseFindings([])).toBe('');
  });
});

describe('cycles', () => {
  const now = new Date('2026-11-25T10:00:00Z');
  it('finds the current quarter', () => {
    expect(currentQuarter(now)).toBe('2026-Q4');
    expect(currentQuarter(new Date('2027-01-01T00:00:00Z'))).toBe('2027-Q1');
  });
  it('offers the cycles in use, newest first, with the current quarter in its place', () => {
    const inUse = [
      { id: '2027-Q1', start: '2027-01-01' },
      { id: '2026-Q4', start: '2026-10-01' },
      { id: 'offsite-2026', start: '2026-09-01' },
      { id: '2026-Q3', start: '2026-07-01' },
    ];
    expect(cycleChoices(inUse, now)).toEqual(['2027-Q1', '2026-Q4', 'offsite-2026', '2026-Q3']);
    // No team has used this quarter yet: it is still offered, before the older ones.
    expect(cycleChoices([inUse[0]!, inUse[3]!], now)).toEqual(['2027-Q1', '2026-Q4', '2026-Q3']);
    expect(cycleChoices([{ id: '2026-Q2', start: '2026-04-01' }], now)).toEqual(['2026-Q4', '2026-Q2']);
    expect(cycleChoices([{ id: '2027-Q1', start: '2027-01-01' }], now)).toEqual(['2027-Q1', '2026-Q4']);
  });
  it('never offers a cycle that does not exist: no guessed quarters, halves or years', () => {
    const choices = cycleChoices([{ id: '2026-Q3', start: '2026-07-01' }], now);
    for (const made of ['2026-Q1', '2026-H1', '2026-H2', '2026', '2027-Q1'])
      expect(choices).not.toContain(made);
  });
  it('keeps the cycle on the page, and falls back to the current quarter without the list', () => {
    expect(cycleChoices([{ id: '2026-Q4', start: '2026-10-01' }], now, 'hackweek-7')).toEqual([
      'hackweek-7',
      '2026-Q4',
    ]);
    expect(cycleChoices(null, now)).toEqual(['2026-Q4']);
    expect(cycleChoices(null, now, '2026-Q3')).toEqual(['2026-Q3', '2026-Q4']);
  });
  it("knows a quarter's days", () => {
    expect(quarterSpan('2026-Q3')).toEqual({ start: '2026-07-01', end: '2026-09-30' });
    expect(quarterSpan('2024-Q1')).toEqual({ start: '2024-01-01', end: '2024-03-31' });
    expect(quarterSpan('2026-H1')).toBeNull();
  });
  it('says where a cycle is', () => {
    const q4 = { start: '2026-10-01', end: '2026-12-31' };
    expect(describeCyclePosition({ ...q4, phase: 'active' }, now, 'UTC')).toBe('Day 56 of 92');
    expect(describeCyclePosition({ ...q4, phase: 'upcoming' }, now, 'UTC')).toBe('Starts 1 Oct 2026');
    expect(describeCyclePosition({ ...q4, phase: 'ended' }, now, 'UTC')).toBe('Ended 31 Dec 2026');
  });
  it("counts the cycle's day in the team's time zone, not the reader's", () => {
    const q4 = { start: '2026-10-01', end: '2026-12-31' };
    // 23:30 UTC on 25 Nov is already 26 Nov in Tokyo and still 25 Nov in New York.
    const late = new Date('2026-11-25T23:30:00Z');
    expect(describeCyclePosition({ ...q4, phase: 'active' }, late, 'UTC')).toBe('Day 56 of 92');
    expect(describeCyclePosition({ ...q4, phase: 'active' }, late, 'Asia/Tokyo')).toBe('Day 57 of 92');
    expect(describeCyclePosition({ ...q4, phase: 'active' }, late, 'America/New_York')).toBe('Day 56 of 92');
    const early = new Date('2026-11-25T02:00:00Z');
    expect(describeCyclePosition({ ...q4, phase: 'active' }, early, 'America/New_York')).toBe('Day 55 of 92');
  });
  it("writes a moment's date in the team's time zone", () => {
    expect(formatShortDay('2026-09-28T23:30:00Z', 'Asia/Tokyo')).toBe('29 Sept');
    expect(formatShortDay('2026-09-28T23:30:00Z', 'UTC')).toBe('28 Sept');
    expect(formatDateTime('2026-09-28T23:30:00Z', 'Asia/Tokyo')).toBe('29 Sept 2026, 08:30');
    expect(formatDateTime('2026-09-28T23:30:00Z', 'America/Los_Angeles')).toBe('28 Sept 2026, 16:30');
    expect(dayIn(new Date('2026-09-28T23:30:00Z'), 'Asia/Tokyo')).toBe('2026-09-29');
  });
  it("writes a moment's day in the team's time zone, and a calendar day as it is", () => {
    // A request made at 23:30 UTC on 28 Sept was made on 29 Sept in Tokyo.
    expect(formatDay('2026-09-28T23:30:00Z', 'Asia/Tokyo')).toBe('29 Sept 2026');
    expect(formatDay('2026-09-28T23:30:00Z', 'UTC')).toBe('28 Sept 2026');
    // A day ("decided on", a period, a cycle's end) is that day everywhere.
    expect(formatDay('2026-09-28', 'Asia/Tokyo')).toBe('28 Sept 2026');
    expect(formatDay('2026-09-28', 'America/Los_Angeles')).toBe('28 Sept 2026');
    expect(formatDay('not a date', 'UTC')).toBe('not a date');
  });
  it('falls back to UTC, and only to UTC, when the zone is unknown', () => {
    expect(FALLBACK_TIME_ZONE).toBe('UTC');
    expect(knownTimeZone(undefined)).toBe('UTC');
    expect(knownTimeZone('')).toBe('UTC');
    expect(knownTimeZone('Mars/Olympus')).toBe('UTC');
    expect(knownTimeZone('Asia/Tokyo')).toBe('Asia/Tokyo');
    // A name this browser does not know is written in UTC, not in the reader's zone.
    expect(formatDateTime('2026-09-28T23:30:00Z', 'Mars/Olympus')).toBe('28 Sept 2026, 23:30');
    expect(dayIn(new Date('2026-09-28T23:30:00Z'), 'Mars/Olympus')).toBe('2026-09-28');
  });
  it('adds days to a calendar day', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
  it('counts calendar days', () => {
    expect(relativeDay('2026-11-25T01:00:00Z', now, 'UTC')).toBe('today');
    expect(relativeDay('2026-11-24T23:00:00Z', now, 'UTC')).toBe('yesterday');
    expect(relativeDay('2026-11-20T10:00:00Z', now, 'UTC')).toBe('5 days ago');
    expect(relativeDay('2026-11-27T10:00:00Z', now, 'UTC')).toBe('in 2 days');
  });
  it("counts calendar days in the team's time zone", () => {
    const late = new Date('2026-11-25T23:30:00Z');
    // In Tokyo it is already 26 Nov: a value from 01:00 UTC on 25 Nov was yesterday there.
    expect(relativeDay('2026-11-25T01:00:00Z', late, 'UTC')).toBe('today');
    expect(relativeDay('2026-11-25T01:00:00Z', late, 'Asia/Tokyo')).toBe('yesterday');
  });
});

describe('parseNumberInput', () => {
  it.each([
    ['1.7', null, 1.7],
    [' 40 ', null, 40],
    ['1,7', null, 1.7],
    ['12,5', null, 12.5],
    ['1,250,000', null, 1250000],
    ['12,500.5', null, 12500.5],
    ['2.4%', '%', 2.4],
    ['40 min', 'min', 40],
    ['-3', null, -3],
    ['.5', null, 0.5],
    ['1e3', null, 1000],
    ['', null, null],
  ])('%j → %s', (text, unit, value) => {
    expect(parseNumberInput(text, unit)).toEqual({ ok: true, value });
  });
  it.each(['thirty', '1.2.3', '2.4%', '--1', '1,2,3'])('refuses %j', (text) => {
    const r = parseNumberInput(text);
    expect(r.ok).toBe(false);
  });
  it.each([
    ['1,200', '"1,200" could mean 1200 or 1.2: write 1200 or 1.2, without the comma'],
    ['1,250', '"1,250" could mean 1250 or 1.25: write 1250 or 1.25, without the comma'],
    ['-3,500 ms', '"-3,500 ms" could mean -3500 or -3.5: write -3500 or -3.5, without the comma'],
  ])(
    'refuses the ambiguous %j (a decimal comma would read 1000× too large) and names both readings',
    (text, message) => {
      expect(parseNumberInput(text, 'ms')).toEqual({ ok: false, message });
    },
  );
  it('says how to write it', () => {
    expect(parseNumberInput('thirty')).toEqual({
      ok: false,
      message: '"thirty" is not a number: write it like 1.7 or 40',
    });
  });
});

describe('validateCheckIn', () => {
  it('builds the body', () => {
    expect(validateCheckIn({ value: '30', confidence: '7', note: '  runbooks help ' }, 'min')).toEqual({
      ok: true,
      body: { value: 30, confidence: 7, note: 'runbooks help' },
    });
    expect(validateCheckIn({ value: '', confidence: '0', note: '' }, null)).toEqual({
      ok: true,
      body: { value: null, confidence: 0, note: null },
    });
  });
  it('names every bad field', () => {
    expect(validateCheckIn({ value: 'x', confidence: '11', note: '' }, null)).toEqual({
      ok: false,
      errors: {
        value: '"x" is not a number: write it like 1.7 or 40',
        confidence: 'confidence is a whole number from 0 to 10',
      },
    });
    expect(validateCheckIn({ value: '1', confidence: '', note: '' }, null)).toEqual({
      ok: false,
      errors: { confidence: 'say how likely the target is, from 0 (no chance) to 10 (certain)' },
    });
    expect(validateCheckIn({ value: '1', confidence: '6.5', note: '' }, null).ok).toBe(false);
    expect(validateCheckIn({ value: '1', confidence: '5', note: 'x'.repeat(2001) }, null)).toEqual({
      ok: false,
      errors: { note: 'the note is 2001 characters; keep it under 2,000' },
    });
  });
});

describe('summariseTeam', () => {
  const kr = (over: Partial<KeyResultView>): KeyResultView =>
    ({
      status: 'active',
      findings: [],
      latestValue: { value: 1, at: '2026-11-20T00:00:00Z', source: 'check-in' },
      staleness: {
        isStale: false,
        lastValueAt: '2026-11-20T00:00:00Z',
        daysSinceValue: 5,
        staleAfterDays: 14,
      },
      pace: { expected: 0.5, status: 'on-track' },
      offPath: null,
      ...over,
    }) as KeyResultView;
  it('counts what needs attention, ignoring retired key results', () => {
    const health = summariseTeam([
      {
        keyResults: [
          kr({
            latestValue: null,
            pace: { expected: 0.5, status: 'unknown' },
            findings: [{ rule: 'kr-activity', severity: 'warning', message: '' }],
          }),
          kr({
            staleness: { isStale: true, lastValueAt: 'x', daysSinceValue: 20, staleAfterDays: 14 },
            pace: { expected: 0.5, status: 'behind' },
          }),
          kr({
            offPath: { checkInId: 'c1', period: '2026-11-16', note: 'detection matters more', since: 'x' },
          }),
          kr({ status: 'retired', latestValue: null }),
        ],
      },
      { keyResults: [kr({ pace: { expected: 0.5, status: 'at-risk' } })] },
    ]);
    expect(health).toEqual({
      objectives: 2,
      keyResults: 4,
      withoutValue: 1,
      stale: 1,
      onPace: 1,
      behind: 1,
      atRisk: 1,
      noPace: 1,
      findings: 1,
      offPath: 1,
      grades: { green: 0, yellow: 0, red: 0, none: 4 },
    });
  });
  it('accounts for every key result in one pace count: at risk apart from behind, unknown pace counted', () => {
    // The demo's Data team: 2 on track, 1 ahead, 1 at risk, 1 with no pace yet.
    const health = summariseTeam([
      {
        keyResults: [kr({}), kr({ pace: { expected: 0.7, status: 'ahead' } })],
      },
      {
        keyResults: [
          kr({ pace: { expected: 0.5, status: 'at-risk' } }),
          kr({ pace: { expected: 0.5, status: 'unknown' } }),
        ],
      },
      { keyResults: [kr({ pace: { expected: 0, status: 'not-started' } })] },
    ]);
    expect(health.keyResults).toBe(5);
    expect([health.onPace, health.behind, health.atRisk, health.noPace]).toEqual([2, 0, 1, 2]);
    expect(health.onPace + health.behind + health.atRisk + health.noPace).toBe(health.keyResults);
  });
  it('counts findings on the objectives as well as on their key results', () => {
    const finding = { rule: 'obj-has-category', severity: 'warning' as const, message: '' };
    const health = summariseTeam([
      { findings: [finding, finding], keyResults: [kr({ findings: [finding] })] },
      { findings: [], keyResults: [] },
    ]);
    expect(health.findings).toBe(3);
  });
  it('counts grades by band, and the key results without one', () => {
    const grade = (score: number, band: 'green' | 'yellow' | 'red') =>
      ({ score, band, verdict: '', summary: '', final: true }) as const;
    const health = summariseTeam([
      {
        keyResults: [
          kr({ grade: grade(0.9, 'green') }),
          kr({ grade: grade(0.8, 'green') }),
          kr({ grade: grade(0.5, 'yellow') }),
          kr({ grade: grade(0.2, 'red') }),
          kr({ grade: null }),
          kr({ status: 'retired', grade: grade(0.1, 'red') }),
        ],
      },
    ]);
    expect(health.grades).toEqual({ green: 2, yellow: 1, red: 1, none: 1 });
  });
});

describe('langOf', () => {
  it('marks Chinese titles', () => {
    expect(langOf('将平均故障诊断时间从40分钟降至15分钟')).toBe('zh');
    expect(langOf('Reduce p95 latency from 900 ms to 400 ms')).toBeUndefined();
  });
});

/**
 * A key result's state at a glance: the team's word that it is off the best path, latest value,
 * progress, confidence, staleness, pace, grade, caveats.
 */
import type { KeyResultView } from '../api/types.js';
import { describeCheckInPeriod } from '../lib/cadence.js';
import {
  describeCaveat,
  describeConfidence,
  describeGrade,
  describeMetric,
  describePace,
  describeStaleness,
  formatValue,
  langOf,
  type Tone,
} from '../lib/format.js';
import { useTeamDates } from '../lib/team-time-zone.js';
import { ProgressBar } from './progress-bar.js';
import { Badge } from './ui.js';

export function paceTone(status: string): Tone {
  return describePace(status, 0).tone;
}

export function MetricLine({ kr }: { kr: KeyResultView }) {
  const m = kr.metric;
  return (
    <p className="metric-line">
      <span className="metric-name">{m.name ?? 'Metric'}</span>: <span>{describeMetric(m)}</span>
    </p>
  );
}

export function Caveats({ kr }: { kr: KeyResultView }) {
  if (kr.caveats.length === 0) return null;
  return (
    <ul className="caveats" aria-label="Caveats of this metric">
      {kr.caveats.map((c) => (
        <li key={`${c.kind}:${c.note ?? ''}`} className="caveat">
          <span aria-hidden="true">⚠ </span>
          {describeCaveat(c)}
        </li>
      ))}
    </ul>
  );
}

/**
 * The team's word, from a check-in, that this key result no longer represents the best path:
 * shown until the team acts on it (revises, retires or replaces it), so the decision cannot be
 * forgotten between check-ins. The check-in is named by its period, as the team's check-in log
 * heads each entry, so the two can be matched.
 */
export function OffPathNotice({ kr }: { kr: Pick<KeyResultView, 'offPath' | 'status'> }) {
  const dates = useTeamDates();
  const mark = kr.offPath;
  if (!mark || kr.status !== 'active') return null;
  return (
    <div className="off-path" role="note" aria-label="No longer the best path">
      <p className="off-path-said">
        <Badge tone="warn">No longer the best path</Badge>{' '}
        <span>
          — the team said so in the check-in for the {describeCheckInPeriod(mark.period, dates.day)}:{' '}
          <q lang={langOf(mark.note)}>{mark.note}</q>
        </span>
      </p>
      <p className="off-path-help muted">It stays marked until the team revises, retires or replaces it.</p>
    </div>
  );
}

export function KeyResultState({ kr, phase }: { kr: KeyResultView; phase: string }) {
  // The latest value's date is the team's, as the server counts its days.
  const dates = useTeamDates();
  const pace = describePace(kr.pace.status, kr.pace.expected);
  const stale = describeStaleness(kr.staleness, phase);
  const confidence = describeConfidence(kr.confidence?.value);
  const grade = describeGrade(kr.grade, phase);
  const unit = kr.metric.unit;
  // A retired or replaced key result is no longer worked towards: what it reached stays shown,
  // without the prompts (stale, no confidence, pace, how to set a target) meant for a live one.
  const live = kr.status === 'active';
  const toneOfBar: Tone = kr.progress === null || !live ? 'neutral' : pace.tone;
  return (
    <div className="kr-state">
      <OffPathNotice kr={kr} />
      <div className="kr-value">
        <span className="kr-value-number" data-testid="latest-value">
          {kr.latestValue ? formatValue(kr.latestValue.value, unit) : '—'}
        </span>
        <span className="kr-value-label">
          {kr.latestValue ? `latest, ${dates.dateTime(kr.latestValue.at)}` : 'no value yet'}
        </span>
      </div>
      <ProgressBar
        progress={kr.progress}
        expected={phase === 'active' && live ? kr.pace.expected : null}
        tone={toneOfBar}
        label={`Progress of ${kr.title}`}
      />
      {live && kr.progress === null && kr.progressNote ? (
        <p className="progress-note">{kr.progressNote}</p>
      ) : null}
      {live || grade ? (
        <ul className="kr-badges" aria-label="State">
          {live ? (
            <li>
              <Badge tone={stale.tone}>{stale.label}</Badge>
            </li>
          ) : null}
          {live ? (
            <li>
              <Badge
                tone={confidence.tone}
                title="Confidence of reaching the target, from the latest check-in"
              >
                Confidence {confidence.label}
              </Badge>
            </li>
          ) : null}
          {kr.pace.status === 'ended' || !live ? null : (
            <li>
              <Badge tone={pace.tone} title={pace.detail}>
                {pace.label}
              </Badge>
            </li>
          )}
          {grade ? (
            <li>
              <Badge tone={grade.tone} title={kr.grade?.summary}>
                {grade.label}
              </Badge>
            </li>
          ) : null}
        </ul>
      ) : null}
    </div>
  );
}

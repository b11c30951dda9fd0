/** Progress from baseline (0%) to target (100%), with where the pace says it should be by now. */
import { formatProgress, progressWidth, type Tone } from '../lib/format.js';

export function ProgressBar({
  progress,
  expected,
  tone,
  label,
}: {
  progress: number | null;
  /** Expected progress by now (0–1), drawn as a tick; omitted outside an active cycle. */
  expected?: number | null;
  tone: Tone;
  label: string;
}) {
  const text =
    progress === null ? 'no progress measured yet' : `${formatProgress(progress)} of the way to the target`;
  return (
    <div className="progress">
      <div
        className={`progress-track progress-${progress === null ? 'none' : tone}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={progress === null ? undefined : Math.round(progressWidth(progress))}
        aria-valuetext={text}
      >
        <div className="progress-fill" style={{ width: `${progressWidth(progress)}%` }} />
        {expected !== undefined && expected !== null && expected > 0 && expected < 1 ? (
          <div className="progress-expected" style={{ left: `${expected * 100}%` }} aria-hidden="true" />
        ) : null}
      </div>
      <span className="progress-text" aria-hidden="true">
        {formatProgress(progress)}
      </span>
    </div>
  );
}

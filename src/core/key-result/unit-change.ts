/**
 * A key result's recorded values are plain numbers, read in the key result's unit as it is now:
 * they carry no unit of their own. A change from one unit to another after values were recorded
 * would read every one of them in the new unit (35 recorded as minutes read as 35 hours), and its
 * progress, pace and chart would be wrong without a word. So a key result that has values keeps
 * its unit: numbers said in another unit are said in its own, and a different measure is a new key
 * result. Giving a unit to a key result that had none, or dropping one, misreads nothing (the
 * numbers stay as they were) and is what the linter asks for ("from X% to Y%"). Pure: the server
 * asks it on a retarget and on a push of a file.
 */
import { convertQuantity, sameUnit } from '../text/units.js';

export interface UnitChange {
  /** The unit the key result is measured in now (null: none). */
  from: string | null;
  /** The unit it would be measured in. */
  to: string | null;
  /** How many values were recorded (null: some, how many not known), and the latest of them. */
  values: { count: number | null; latest: number | null };
  /** The baseline and target it would have, in `to` (to say them in `from`). */
  baseline: number | null;
  target: number | null;
  /** How a different measure is made where the change comes from: the API's replace, or a file's new key. */
  via: 'api' | 'file';
}

const shown = (value: number) => String(Number(value.toPrecision(6)));
const amount = (value: number, unit: string) =>
  unit === '%' ? `${shown(value)}%` : `${shown(value)} ${unit}`;

/** Why this change of unit is refused, or null when it may be made. */
export function refuseUnitChange(change: UnitChange): string | null {
  const { from, to, values } = change;
  if (values.count === 0 || from === null || to === null || sameUnit(from, to)) return null;
  const recorded =
    values.count === null
      ? `values were recorded in ${from}`
      : values.count === 1
        ? `1 value was recorded in ${from}`
        : `${values.count} values were recorded in ${from}`;
  const example =
    values.latest === null ? '' : ` (${amount(values.latest, from)} as ${amount(values.latest, to)})`;
  const misread = `measured in ${to}, ${values.count === 1 ? 'it' : 'they'} would be read as ${to}${example}`;
  const newMeasure =
    change.via === 'api'
      ? `replace the key result to measure in ${to} (the old one keeps its values)`
      : `give the key result a new key to measure in ${to} (the old one is retired with its values)`;
  if (convertQuantity(1, to, from) === null)
    return `${recorded}; ${misread}. ${to} is a different measure: keep ${from}, or ${newMeasure}`;
  const said = (['baseline', 'target'] as const).flatMap((field) => {
    const value = change[field];
    const converted = value === null ? null : convertQuantity(value, to, from);
    return value === null || converted === null
      ? []
      : [`${field} ${amount(value, to)} is ${amount(converted, from)}`];
  });
  return `${recorded}; ${misread}. Keep ${from} and say the numbers in it${said.length ? ` (${said.join(', ')})` : ''}, or ${newMeasure}`;
}

import { z } from 'zod';

/**
 * Which way a metric should move. `increase`/`decrease` move from a baseline to a target;
 * `at-least`/`at-most` hold a threshold (an SLO, a guardrail).
 */
export const DirectionSchema = z.enum(['increase', 'decrease', 'at-least', 'at-most']);
export type Direction = z.infer<typeof DirectionSchema>;

/** True when higher values are better for the direction. */
export function isHigherBetter(direction: Direction): boolean {
  return direction === 'increase' || direction === 'at-least';
}

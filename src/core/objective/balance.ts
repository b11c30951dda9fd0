/**
 * The balance of a team's set: how many objectives (and key results) serve customers,
 * reliability/quality and capability. A set with a missing category is lopsided.
 */
import { CATEGORIES, type Category } from './category.js';

export interface BalanceInput {
  category?: Category | null | undefined;
  keyResultCount: number;
}

export interface Balance {
  objectives: Record<Category, number>;
  keyResults: Record<Category, number>;
  uncategorised: number;
  missing: Category[];
  /** Share of key results in the largest category, 0–1 (1 = everything in one category). */
  dominantShare: number;
  dominant: Category | null;
}

/** Computes the balance of a set of objectives. */
export function computeBalance(objectives: readonly BalanceInput[]): Balance {
  const byObjective = { customer: 0, reliability: 0, capability: 0 } as Record<Category, number>;
  const byKr = { customer: 0, reliability: 0, capability: 0 } as Record<Category, number>;
  let uncategorised = 0;
  for (const o of objectives) {
    if (!o.category) {
      uncategorised += 1;
      continue;
    }
    byObjective[o.category] += 1;
    byKr[o.category] += o.keyResultCount;
  }
  const totalKr = CATEGORIES.reduce((n, c) => n + byKr[c], 0);
  let dominant: Category | null = null;
  for (const c of CATEGORIES)
    if (byKr[c] > 0 && (dominant === null || byKr[c] > byKr[dominant])) dominant = c;
  return {
    objectives: byObjective,
    keyResults: byKr,
    uncategorised,
    missing: CATEGORIES.filter((c) => byObjective[c] === 0),
    dominantShare: totalKr === 0 || dominant === null ? 0 : byKr[dominant] / totalKr,
    dominant,
  };
}

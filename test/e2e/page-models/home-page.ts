/** The home page: every team's set for a cycle at a glance, and the cycle picker. */
import type { Locator, Page } from 'playwright-core';

export class HomePage {
  readonly cycleSelect: Locator;

  constructor(readonly page: Page) {
    this.cycleSelect = page.getByLabel('Cycle');
  }

  async goto(cycle?: string): Promise<void> {
    await this.page.goto(cycle ? `/?cycle=${encodeURIComponent(cycle)}` : '/');
  }

  team(name: string): Locator {
    return this.page.getByRole('region', { name, exact: true });
  }

  /** The badges of a team's key results: "2 on pace", "1 at risk", "3 lint findings". */
  async badges(name: string): Promise<string[]> {
    return this.team(name)
      .getByRole('list', { name: 'State of the key results' })
      .getByRole('listitem')
      .allTextContents();
  }

  /** The line that says how many of a team's key results have gone quiet, apart from the counts. */
  quiet(name: string): Locator {
    return this.team(name).locator('.team-quiet');
  }

  async grades(name: string): Promise<string[]> {
    return this.team(name)
      .getByRole('list', { name: 'Grades of the key results' })
      .getByRole('listitem')
      .allTextContents();
  }
}

/** The sum of the counts in the badges that match `pattern`: "2 on pace" + "1 at risk" → 3. */
export function countIn(badges: readonly string[], pattern: RegExp): number {
  return badges.filter((b) => pattern.test(b)).reduce((n, b) => n + Number.parseInt(b, 10), 0);
}

/** The team check-in section of a team's page. */
import type { Locator } from 'playwright-core';

export class TeamCheckInSection {
  readonly form: Locator;

  constructor(readonly root: Locator) {
    this.form = root.getByRole('form', { name: 'Team check-in' });
  }

  status(): Locator {
    return this.root.locator('.section-head .badge');
  }

  async record(input: {
    changed: string;
    learned: string;
    offPath?: { keyResult: string; why: string };
    stop?: string;
  }) {
    await this.root.getByRole('button', { name: 'Record the team check-in' }).click();
    await this.form.getByLabel('What changed?').fill(input.changed);
    await this.form.getByLabel('What did we learn?').fill(input.learned);
    if (input.offPath) {
      await this.form.getByRole('checkbox', { name: input.offPath.keyResult }).check();
      await this.form.getByLabel(`Why, for “${input.offPath.keyResult}”`).fill(input.offPath.why);
    }
    if (input.stop) await this.form.getByLabel('What should we stop doing?').fill(input.stop);
    await this.form.getByRole('button', { name: 'Save team check-in' }).click();
  }

  recent(): Locator {
    return this.root.locator('.team-check-ins > li');
  }
}

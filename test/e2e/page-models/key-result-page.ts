/** One key result's page: its check-in form and its revise form. */
import type { Locator, Page } from 'playwright-core';

export class KeyResultPage {
  readonly checkIn: Locator;
  readonly revise: Locator;

  constructor(readonly page: Page) {
    this.checkIn = page.getByRole('form', { name: /^Check in on / });
    this.revise = page.getByRole('form', { name: 'Revise this key result' });
  }

  async goto(id: string, title: string): Promise<void> {
    await this.page.goto(`/key-results/${id}`);
    await this.page.getByRole('heading', { level: 1, name: title }).waitFor();
  }

  /** The error shown next to a check-in field. */
  checkInError(label: string): Locator {
    return this.checkIn
      .locator('.field')
      .filter({ has: this.page.getByLabel(label) })
      .locator('.field-error');
  }
}

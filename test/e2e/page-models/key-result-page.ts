/** One key result's page: its check-in form and its revise form. */
import type { Locator, Page } from 'playwright-core';
import { CheckInForm } from './team-okrs-page.js';

export class KeyResultPage {
  readonly checkIn: Locator;
  /** The check-in form's fields and their errors, as on a team's key-result card. */
  readonly checkInForm: CheckInForm;
  readonly revise: Locator;

  constructor(readonly page: Page) {
    this.checkIn = page.getByRole('form', { name: /^Check in on / });
    this.checkInForm = new CheckInForm(this.checkIn);
    this.revise = page.getByRole('form', { name: 'Revise this key result' });
  }

  async goto(id: string, title: string): Promise<void> {
    await this.page.goto(`/key-results/${id}`);
    await this.page.getByRole('heading', { level: 1, name: title }).waitFor();
  }
}

/** One key result's page: its check-in form and its revise form. */
import type { Locator, Page } from 'playwright-core';
import { CheckInForm } from './team-okrs-page.js';

export class KeyResultPage {
  readonly checkIn: Locator;
  /** The check-in form's fields and their errors, as on a team's key-result card. */
  readonly checkInForm: CheckInForm;
  readonly revise: Locator;
  /** The Revisions section: the history, newest first, and the revise form. */
  readonly revisions: Locator;

  constructor(readonly page: Page) {
    this.checkIn = page.getByRole('form', { name: /^Check in on / });
    this.checkInForm = new CheckInForm(this.checkIn);
    this.revise = page.getByRole('form', { name: 'Revise this key result' });
    this.revisions = page.getByRole('region', { name: 'Revisions' });
  }

  /** The newest revision in the history whose label (Reworded, Retired, …) is `label`. */
  revision(label: string): Locator {
    return this.revisions
      .getByRole('list', { name: 'Revisions, newest first' })
      .locator(':scope > li')
      .filter({ hasText: new RegExp(`^${label} `) })
      .first();
  }

  async goto(id: string, title: string): Promise<void> {
    await this.page.goto(`/key-results/${id}`);
    await this.page.getByRole('heading', { level: 1, name: title }).waitFor();
  }
}

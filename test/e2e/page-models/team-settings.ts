/** The team settings section of a team's page (owners and admins). */
import type { Locator, Page } from 'playwright-core';

export class TeamSettingsSection {
  readonly root: Locator;
  readonly form: Locator;

  static readonly labels = {
    name: 'Team name',
    weekday: 'Team check-in day',
    everyWeeks: 'How often',
    timeZone: 'Time zone',
  } as const;

  constructor(readonly page: Page) {
    this.root = page.getByRole('region', { name: 'Team settings' });
    this.form = this.root.getByRole('form', { name: 'Team settings' });
  }

  get summary(): Locator {
    return this.root.getByTestId('team-settings-summary');
  }

  field(name: keyof typeof TeamSettingsSection.labels): Locator {
    return this.form.getByLabel(TeamSettingsSection.labels[name], { exact: true });
  }

  /** The error shown next to a field. */
  errorFor(name: keyof typeof TeamSettingsSection.labels): Locator {
    // `has` is matched inside each field, so its locator starts from the page, not the form.
    const control = this.page.getByLabel(TeamSettingsSection.labels[name], { exact: true });
    return this.form.locator('.field').filter({ has: control }).locator('.field-error');
  }

  async open(): Promise<void> {
    await this.root.getByRole('button', { name: 'Change the team settings' }).click();
  }

  async save(): Promise<void> {
    await this.form.getByRole('button', { name: 'Save team settings' }).click();
  }
}

/** The first-visit page that creates the first admin. */
import type { Locator, Page } from 'playwright-core';

export class SetupPage {
  readonly heading: Locator;
  readonly form: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Create the first admin' });
    this.form = page.locator('main form');
  }

  async createAdmin(user: { name: string; email: string; password: string }): Promise<void> {
    await this.form.getByLabel('Your name').fill(user.name);
    await this.form.getByLabel('Email').fill(user.email);
    await this.form.getByLabel('Password').fill(user.password);
    await this.form.getByRole('button', { name: 'Create admin and sign in' }).click();
  }
}

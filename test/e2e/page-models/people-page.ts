/** The People page (admins): every account, and the form that creates one. */
import type { Locator, Page } from 'playwright-core';

export class PeoplePage {
  readonly heading: Locator;
  readonly form: Locator;
  readonly table: Locator;

  static readonly labels = {
    name: 'Name',
    email: 'Email',
    password: 'Initial password',
    isAdmin: /^Admin:/,
  } as const;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'People' });
    this.form = page.getByRole('form', { name: 'Create an account' });
    this.table = page.getByRole('table', { name: 'Accounts' });
  }

  async goto(): Promise<void> {
    await this.page.goto('/people');
  }

  field(name: keyof typeof PeoplePage.labels): Locator {
    return this.form.getByLabel(PeoplePage.labels[name], {
      exact: typeof PeoplePage.labels[name] === 'string',
    });
  }

  /** The error shown next to a field. */
  errorFor(name: 'name' | 'email' | 'password'): Locator {
    const control = this.page.getByLabel(PeoplePage.labels[name], { exact: true });
    return this.form.locator('.field').filter({ has: control }).locator('.field-error');
  }

  async create(user: { name: string; email: string; password: string; isAdmin?: boolean }): Promise<void> {
    await this.field('name').fill(user.name);
    await this.field('email').fill(user.email);
    await this.field('password').fill(user.password);
    await this.field('isAdmin').setChecked(user.isAdmin ?? false);
    await this.form.getByRole('button', { name: 'Create account' }).click();
  }

  /** Each row of the table as its cells' text: name, email, admin, account (not the actions). */
  async rows(): Promise<string[][]> {
    return this.table
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) =>
          Array.from(tr.querySelectorAll('td:not(.people-actions)')).map((td) =>
            (td.textContent ?? '').trim(),
          ),
        ),
      );
  }

  /** Reads every page of the list ("Show more people" until it is gone). */
  async showAll(): Promise<void> {
    const more = this.page.getByRole('button', { name: 'Show more people' });
    for (;;) {
      await this.table.waitFor();
      await this.page.waitForLoadState('networkidle');
      if ((await more.count()) === 0) return;
      await more.click();
    }
  }

  /** The row of the account with this email. */
  row(email: string): Locator {
    return this.table
      .locator('tbody tr')
      .filter({ has: this.page.getByRole('cell', { name: email, exact: true }) });
  }

  /** A row's cells as text: name, email, admin, account. */
  async rowText(email: string): Promise<string[]> {
    return this.row(email)
      .locator('td:not(.people-actions)')
      .evaluateAll((tds) => tds.map((td) => (td.textContent ?? '').trim()));
  }

  /** The notice in a row (a refusal, or that the list was read again). */
  notice(email: string): Locator {
    return this.row(email).getByRole('alert');
  }
}

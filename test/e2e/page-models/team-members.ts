/** The Members section of a team's page: the list for everyone, the forms for owners and admins. */
import type { Locator, Page } from 'playwright-core';

export class TeamMembersSection {
  readonly root: Locator;
  /** Add a person by email (owners and admins only). */
  readonly addForm: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByRole('region', { name: 'Members', exact: true });
    this.addForm = this.root.getByRole('form', { name: 'Add a person' });
  }

  /** The rows of the list. */
  get rows(): Locator {
    return this.root.getByRole('list', { name: /^Members of / }).getByRole('listitem');
  }

  /** The row of the member called `name`. */
  row(name: string): Locator {
    return this.rows.filter({ hasText: name });
  }

  /** "Name email Role" of each row, as it reads. */
  async lines(): Promise<string[]> {
    return (await this.rows.locator('.member-line').allTextContents()).map((t) =>
      t.replace(/\s+/g, ' ').trim(),
    );
  }

  addField(label: 'Email' | 'Role'): Locator {
    return this.addForm.getByLabel(label, { exact: true });
  }

  /** The error shown beside a field of the add form. */
  addErrorFor(label: 'Email' | 'Role'): Locator {
    return this.addForm
      .locator('.field')
      .filter({ has: this.page.getByLabel(label, { exact: true }) })
      .locator('.field-error');
  }

  async add(email: string, role: 'Owner' | 'Member' | 'Viewer' = 'Member'): Promise<void> {
    await this.addField('Email').fill(email);
    await this.addField('Role').selectOption({ label: role });
    await this.addForm.getByRole('button', { name: 'Add to team' }).click();
  }

  /** Opens the role form of `name`'s row, chooses `role` and saves. */
  async changeRole(name: string, role: 'Owner' | 'Member' | 'Viewer'): Promise<Locator> {
    await this.root.getByRole('button', { name: `Change the role of ${name}` }).click();
    const form = this.root.getByRole('form', { name: `Role of ${name}` });
    await form.getByLabel('Role', { exact: true }).selectOption({ label: role });
    await form.getByRole('button', { name: 'Save role' }).click();
    return form;
  }

  /** Asks to remove `name` and returns the row, where the confirmation shows. */
  async askToRemove(name: string): Promise<Locator> {
    await this.root.getByRole('button', { name: new RegExp(`^Remove ${name} from `) }).click();
    return this.row(name);
  }
}

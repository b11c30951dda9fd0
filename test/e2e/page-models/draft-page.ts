/** The "draft a key result" page with live lint. */
import type { Locator, Page } from 'playwright-core';

export class DraftPage {
  readonly input: Locator;
  readonly lint: Locator;

  constructor(readonly page: Page) {
    this.input = page.getByLabel('Key result', { exact: true });
    this.lint = page.getByRole('region', { name: 'Live lint' });
  }

  async goto(): Promise<void> {
    await this.page.goto('/draft');
  }

  /** Types like a person (key by key), so the linter runs on every change. */
  async type(text: string): Promise<void> {
    await this.input.fill('');
    await this.input.pressSequentially(text, { delay: 5 });
  }

  findings(): Locator {
    return this.lint.getByRole('list', { name: 'Findings for this text' }).getByRole('listitem');
  }

  finding(rule: string): Locator {
    return this.findings().filter({ has: this.page.getByText(rule, { exact: true }) });
  }

  get reading(): Locator {
    return this.lint.locator('.lint-reading');
  }
}

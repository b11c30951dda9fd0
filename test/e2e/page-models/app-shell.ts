/** What every signed-in page has: the main navigation, the user's name and sign-out. */
import type { Locator, Page } from 'playwright-core';

export class AppShell {
  readonly nav: Locator;
  readonly signOutButton: Locator;
  readonly status: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Main' });
    this.signOutButton = page.getByRole('button', { name: 'Sign out' });
    this.status = page.getByRole('status').filter({ hasText: /\S/ });
  }

  pageTitle(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  async signOut(): Promise<void> {
    await this.signOutButton.click();
  }
}

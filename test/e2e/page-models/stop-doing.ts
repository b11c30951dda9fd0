/** The "What we stopped doing" section of a team's page. */
import type { Locator, Page } from 'playwright-core';

export class StopDoingSection {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByRole('region', { name: 'What we stopped doing' });
  }

  items(): Locator {
    return this.root.getByRole('list', { name: 'Stop-doing items' }).getByRole('listitem');
  }

  item(title: string): Locator {
    return this.items().filter({ hasText: title });
  }

  /** The status change buttons of an item, e.g. "Mark as stopped". */
  action(title: string, label: string): Locator {
    return this.item(title).getByRole('button', { name: new RegExp(`^${label}`) });
  }
}

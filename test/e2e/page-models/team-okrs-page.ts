/** A team's OKRs for a cycle, and the key-result cards on it. */
import type { Locator, Page } from 'playwright-core';

export class CheckInForm {
  constructor(readonly root: Locator) {}

  static readonly labels = {
    value: /^Current value/,
    confidence: 'Confidence (0–10)',
    note: 'Note',
  } as const;

  get value(): Locator {
    return this.root.getByLabel(CheckInForm.labels.value);
  }

  get confidence(): Locator {
    return this.root.getByLabel(CheckInForm.labels.confidence);
  }

  get note(): Locator {
    return this.root.getByLabel(CheckInForm.labels.note);
  }

  /** The error shown next to a field. */
  errorFor(field: keyof typeof CheckInForm.labels): Locator {
    return this.root
      .locator('.field')
      .filter({ has: this.root.page().getByLabel(CheckInForm.labels[field]) })
      .locator('.field-error');
  }

  async fill(input: { value?: string; confidence?: string; note?: string }): Promise<void> {
    if (input.value !== undefined) await this.value.fill(input.value);
    if (input.confidence !== undefined) await this.confidence.fill(input.confidence);
    if (input.note !== undefined) await this.note.fill(input.note);
  }

  async save(): Promise<void> {
    await this.root.getByRole('button', { name: 'Save check-in' }).click();
  }
}

export class KeyResultCard {
  constructor(
    readonly root: Locator,
    readonly title: string,
  ) {}

  get latestValue(): Locator {
    return this.root.getByTestId('latest-value');
  }

  get progress(): Locator {
    return this.root.getByRole('progressbar', { name: `Progress of ${this.title}` });
  }

  get findings(): Locator {
    return this.root.getByRole('list', { name: `Lint findings for ${this.title}` }).getByRole('listitem');
  }

  get caveats(): Locator {
    return this.root.getByRole('list', { name: 'Caveats of this metric' }).getByRole('listitem');
  }

  get state(): Locator {
    return this.root.getByRole('list', { name: 'State' });
  }

  /** Opens the check-in form and returns it. */
  async openCheckIn(): Promise<CheckInForm> {
    await this.root.getByRole('button', { name: `Check in on ${this.title}` }).click();
    return new CheckInForm(this.root.getByRole('form', { name: `Check in on ${this.title}` }));
  }
}

export class TeamOkrsPage {
  readonly cycleSelect: Locator;

  constructor(readonly page: Page) {
    this.cycleSelect = page.getByLabel('Cycle');
  }

  async goto(team: string, cycle?: string): Promise<void> {
    await this.page.goto(cycle ? `/teams/${team}/${cycle}` : `/teams/${team}`);
  }

  objective(title: string): Locator {
    return this.page.getByRole('region', { name: title, exact: true });
  }

  keyResult(title: string): KeyResultCard {
    return new KeyResultCard(this.page.getByRole('article', { name: title, exact: true }), title);
  }
}

/** The Requests and Decisions cards of a team's page: record a request, triage it, record a decision. */
import type { Locator, Page } from 'playwright-core';

export class TriageForm {
  constructor(readonly root: Locator) {}

  choose(kind: 'Accept' | 'Decline' | 'Defer'): Promise<void> {
    return this.root.getByRole('radio', { name: new RegExp(`^${kind}\\b`) }).check();
  }

  get serves(): Locator {
    return this.root.getByLabel('Serves', { exact: true });
  }

  get effect(): Locator {
    return this.root.getByLabel('Expected effect', { exact: true });
  }

  get reason(): Locator {
    return this.root.getByLabel('Reason', { exact: true });
  }

  get until(): Locator {
    return this.root.getByLabel('Look at it again on', { exact: true });
  }

  /** The error shown next to the field with this label. */
  errorFor(label: string): Locator {
    return this.root
      .locator('.field')
      .filter({ has: this.root.page().getByLabel(label, { exact: true }) })
      .locator('.field-error');
  }

  async submit(action: 'Accept request' | 'Decline request' | 'Defer request'): Promise<void> {
    await this.root.getByRole('button', { name: action }).click();
  }

  async accept(serves: string, effect: string): Promise<void> {
    await this.choose('Accept');
    await this.serves.selectOption({ label: serves });
    await this.effect.fill(effect);
    await this.submit('Accept request');
  }

  async decline(reason: string): Promise<void> {
    await this.choose('Decline');
    await this.reason.fill(reason);
    await this.submit('Decline request');
  }
}

export class TeamLogSection {
  readonly requests: Locator;
  readonly decisions: Locator;

  constructor(readonly page: Page) {
    this.requests = page.getByRole('region', { name: 'Requests', exact: true });
    this.decisions = page.getByRole('region', { name: 'Decisions', exact: true });
  }

  get requestForm(): Locator {
    return this.requests.getByRole('form', { name: 'Record a request' });
  }

  get decisionForm(): Locator {
    return this.decisions.getByRole('form', { name: 'Record a decision' });
  }

  async recordRequest(input: { title: string; requester?: string; description?: string }): Promise<void> {
    await this.requests.getByRole('button', { name: 'Record a request' }).click();
    await this.requestForm.getByLabel('What is asked for').fill(input.title);
    if (input.requester) await this.requestForm.getByLabel('Who asked').fill(input.requester);
    if (input.description) await this.requestForm.getByLabel('Details').fill(input.description);
    await this.requestForm.getByRole('button', { name: 'Save request' }).click();
  }

  toTriage(): Locator {
    return this.requests.getByRole('list', { name: 'Requests to triage' }).getByRole('listitem');
  }

  triaged(): Locator {
    return this.requests.getByRole('list', { name: 'Triaged requests' }).getByRole('listitem');
  }

  /** A request's entry, wherever it is listed. */
  request(title: string): Locator {
    return this.requests.getByRole('listitem').filter({ has: this.page.getByText(title, { exact: true }) });
  }

  async openTriage(title: string): Promise<TriageForm> {
    await this.request(title)
      .getByRole('button', { name: /^Triage/ })
      .click();
    return new TriageForm(this.requests.getByRole('form', { name: `Triage “${title}”` }));
  }

  async recordDecision(input: { what: string; why: string; links?: Array<string | RegExp> }): Promise<void> {
    await this.decisions.getByRole('button', { name: 'Record a decision' }).click();
    await this.decisionForm.getByLabel('What was decided').fill(input.what);
    await this.decisionForm.getByLabel('Why', { exact: true }).fill(input.why);
    for (const link of input.links ?? [])
      await this.decisionForm.getByRole('checkbox', { name: link }).check();
    await this.decisionForm.getByRole('button', { name: 'Save decision' }).click();
  }

  decisionList(): Locator {
    return this.decisions.getByRole('list', { name: 'Decisions, most recent first' }).getByRole('listitem');
  }
}

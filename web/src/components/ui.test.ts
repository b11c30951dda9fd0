import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SubmitButton } from './ui.js';

type Props = Parameters<typeof SubmitButton>[0];

const render = (props: Props) => renderToStaticMarkup(createElement(SubmitButton, props));

/** What the button's click does: whether it cancels (so the form is not submitted). */
function clickCancels(props: Props): boolean {
  const button = SubmitButton(props) as ReactElement<{
    onClick: (event: { preventDefault: () => void }) => void;
  }>;
  let cancelled = false;
  button.props.onClick({
    preventDefault: () => {
      cancelled = true;
    },
  });
  return cancelled;
}

describe('SubmitButton', () => {
  it('is a submit button with its label, not marked unavailable, while idle', () => {
    expect(render({ busy: false, className: 'primary', children: 'Save request' })).toBe(
      '<button type="submit" class="primary" aria-disabled="false">Save request</button>',
    );
    expect(clickCancels({ busy: false, children: 'Save request' })).toBe(false);
  });

  it('while busy says so and is aria-disabled, never disabled (which would drop focus to the body)', () => {
    const html = render({ busy: true, className: 'primary', children: 'Save request' });
    expect(html).toBe('<button type="submit" class="primary" aria-disabled="true">Saving…</button>');
    expect(html).not.toMatch(/\bdisabled=""/);
    expect(render({ busy: true, busyLabel: 'Adding…', children: 'Add to team' })).toBe(
      '<button type="submit" aria-disabled="true">Adding…</button>',
    );
  });

  it('submits nothing when pressed while busy', () => {
    expect(clickCancels({ busy: true, children: 'Save request' })).toBe(true);
  });
});

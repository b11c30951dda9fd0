import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.js';
import { checkedBy, type FormSubmitState, runSubmission } from './form-submit.js';

/** A form's state as a log of what a submit changed, in order. */
function form(busy = false): { state: FormSubmitState; log: string[] } {
  const log: string[] = [];
  return {
    log,
    state: {
      busy,
      setBusy: (b) => log.push(`busy ${b}`),
      setErrors: (e) => log.push(`errors ${JSON.stringify(e)}`),
      setFormError: (m) => log.push(`message ${JSON.stringify(m)}`),
      setOffForm: (o) => log.push(`offForm ${o}`),
      focusProblem: () => log.push('focus problem'),
    },
  };
}

const refusal = new ApiError({
  status: 400,
  code: 'validation_failed',
  detail: 'body.title: Too big: expected string to have <=300 characters',
  errors: [
    { path: 'body.title', message: 'Too big: expected string to have <=300 characters' },
    { path: 'body.keyResultId', message: 'That key result is retired' },
  ],
});

describe('runSubmission', () => {
  it('marks the fields its check refuses, moves focus to the first and sends nothing', async () => {
    const { state, log } = form();
    const sent: unknown[] = [];
    await runSubmission(state, {
      check: () => checkedBy({ title: 'Say what is asked for' }, { title: '' }),
      send: async (body) => {
        sent.push(body);
      },
      shows: ['title'],
    });
    expect(sent).toEqual([]);
    expect(log).toEqual([
      'message null',
      'offForm false',
      'errors {"title":"Say what is asked for"}',
      'focus problem',
    ]);
  });

  it('sends what passed its check, busy only while sending, and clears the last errors', async () => {
    const { state, log } = form();
    const sent: unknown[] = [];
    await runSubmission(state, {
      check: () => checkedBy({}, { title: 'Ship it' }),
      send: async (body) => {
        log.push('send');
        sent.push(body);
      },
      shows: ['title'],
    });
    expect(sent).toEqual([{ title: 'Ship it' }]);
    expect(log).toEqual(['message null', 'offForm false', 'errors {}', 'busy true', 'send', 'busy false']);
  });

  it('shows a refusal beside the fields the form shows and says the rest at its top', async () => {
    const { state, log } = form();
    await runSubmission(state, {
      check: () => checkedBy({}, {}),
      send: () => Promise.reject(refusal),
      shows: ['title'],
    });
    expect(log.slice(4)).toEqual([
      'errors {"title":"Use at most 300 characters"}',
      'message "That key result is retired"',
      'offForm true',
      'focus problem',
      'busy false',
    ]);
  });

  it("says a refusal that names no field in the server's words, and one that never got an answer", async () => {
    for (const [error, said] of [
      [
        new ApiError({ status: 403, code: 'forbidden', detail: 'Only owners change the team.' }),
        'Only owners change the team.',
      ],
      [new Error('Failed to fetch'), 'Failed to fetch'],
    ] as const) {
      const { state, log } = form();
      await runSubmission(state, {
        check: () => checkedBy({}, {}),
        send: () => Promise.reject(error),
        shows: [],
      });
      expect(log.slice(4, 7)).toEqual(['errors {}', `message ${JSON.stringify(said)}`, 'offForm false']);
    }
  });

  it('reads a refusal with the form’s own reading when it has one, and then calls onRefused', async () => {
    const { state, log } = form();
    await runSubmission(state, {
      check: () => checkedBy({}, {}),
      send: () => Promise.reject(refusal),
      errorsOf: () => ({ fields: { serves: 'That key result is retired' }, message: null, offForm: false }),
      onRefused: () => log.push('refused'),
    });
    expect(log.slice(4)).toEqual([
      'errors {"serves":"That key result is retired"}',
      'message null',
      'offForm false',
      'refused',
      'focus problem',
      'busy false',
    ]);
  });

  it('leaves a refusal the form answers itself (a stale copy) to it, and still moves focus to the problem', async () => {
    const stale = new ApiError({ status: 412, code: 'precondition_failed', detail: 'Changed meanwhile.' });
    const { state, log } = form();
    await runSubmission(state, {
      check: () => checkedBy({}, {}),
      send: () => Promise.reject(stale),
      shows: [],
      answer: async (error) => {
        log.push('answered');
        return error instanceof ApiError && error.isStale;
      },
      onRefused: () => log.push('refused'),
    });
    expect(log.slice(4)).toEqual(['answered', 'focus problem', 'busy false']);

    // Any other refusal is shown as usual.
    const other = form();
    await runSubmission(other.state, {
      check: () => checkedBy({}, {}),
      send: () => Promise.reject(refusal),
      shows: ['title'],
      answer: (error) => error instanceof ApiError && error.isStale,
    });
    expect(other.log).toContain('errors {"title":"Use at most 300 characters"}');
  });

  it('clears the form’s own notices as it starts, before the check', async () => {
    const { state, log } = form();
    await runSubmission(state, {
      onStart: () => log.push('start'),
      check: () => {
        log.push('check');
        return checkedBy({ title: 'Say what is asked for' }, {});
      },
      send: async () => {},
      shows: ['title'],
    });
    expect(log.slice(0, 4)).toEqual(['message null', 'offForm false', 'start', 'check']);
  });

  it('ignores a second submit while the first is sending', async () => {
    const { state, log } = form(true);
    let checked = false;
    await runSubmission(state, {
      onStart: () => log.push('start'),
      check: () => {
        checked = true;
        return checkedBy({}, {});
      },
      send: async () => {},
      shows: [],
    });
    expect(checked).toBe(false);
    expect(log).toEqual([]);
  });

  it('sends once for two submits in one go when busy is read as it is set (as useFormSubmit does)', async () => {
    // useFormSubmit keeps busy in a ref as well as in state: each submit reads it as it starts,
    // before the render that shows "Saving…". That holds only if busy is set before the first await.
    let busyNow = false;
    const sent: unknown[] = [];
    const submitOnce = () =>
      runSubmission(
        {
          busy: busyNow,
          setBusy: (b) => {
            busyNow = b;
          },
          setErrors: () => {},
          setFormError: () => {},
          setOffForm: () => {},
          focusProblem: () => {},
        },
        {
          check: () => checkedBy({}, { title: 'Ship it' }),
          send: async (body) => {
            sent.push(body);
            await new Promise((resolve) => setTimeout(resolve, 10));
          },
          shows: ['title'],
        },
      );
    await Promise.all([submitOnce(), submitOnce()]);
    expect(sent).toEqual([{ title: 'Ship it' }]);
    expect(busyNow).toBe(false);
    // Once the first is saved, the next submit sends again.
    await submitOnce();
    expect(sent).toHaveLength(2);
  });
});

describe('checkedBy', () => {
  it('gives the body when no field has an error, else the errors', () => {
    expect(checkedBy({}, { name: 'Ada' })).toEqual({ ok: true, body: { name: 'Ada' } });
    expect(checkedBy({ name: 'Enter your name' }, { name: '' })).toEqual({
      ok: false,
      errors: { name: 'Enter your name' },
    });
  });
});

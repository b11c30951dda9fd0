/** First visit with no users: create the first admin account, then you are signed in. */
import { type FormEvent, useState } from 'react';
import type { Me, SessionResponse } from '../api/types.js';
import { Field, FormError, PageTitle, SubmitButton, useFormSubmit } from '../components/ui.js';
import { emailError } from '../lib/email.js';
import { checkedBy } from '../lib/form-submit.js';
import { navigate } from '../lib/navigation.js';
import { MIN_PASSWORD_LENGTH } from '../lib/people.js';
import { paths } from '../lib/routes.js';
import { useSession } from '../session.js';

export function SetupPage({ onDone }: { onDone: () => void }) {
  const { api, setMe } = useSession();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  // After a refusal (here or by the server): the first field marked invalid, else the notice.
  const form = useFormSubmit();
  const { errors, busy } = form;

  const submit = (event: FormEvent) =>
    form.submit(event, {
      check: () => {
        const local: Record<string, string> = {};
        if (!name.trim()) local.name = 'Enter your name';
        const emailProblem = emailError(email.trim());
        if (emailProblem) local.email = emailProblem;
        if (password.length < MIN_PASSWORD_LENGTH)
          local.password = `Use at least ${MIN_PASSWORD_LENGTH} characters`;
        return checkedBy(local, { email: email.trim(), name: name.trim(), password });
      },
      send: async (body) => {
        const session = await api.post<SessionResponse>('/api/v1/setup', body);
        api.csrfToken = session.csrfToken;
        const me = await api.get<Me>('/api/v1/me');
        setMe(me);
        onDone();
        navigate(paths.home(), { replace: true });
      },
      shows: ['name', 'email', 'password'],
    });

  return (
    <div className="narrow">
      <PageTitle title="Create the first admin">Create the first admin</PageTitle>
      <p>
        Legible has no accounts yet. The account you create now is the administrator: it can create teams and
        invite people. Everyone signed in can read every team's OKRs.
      </p>
      <form ref={form.formRef} onSubmit={submit} noValidate className="card form">
        <FormError message={form.formError} />
        <Field label="Your name" error={errors.name}>
          {(p) => <input {...p} autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="Email" error={errors.email}>
          {(p) => (
            <input
              {...p}
              type="email"
              autoComplete="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </Field>
        <Field
          label="Password"
          error={errors.password}
          hint={`At least ${MIN_PASSWORD_LENGTH} characters; a passphrase is best.`}
        >
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <div className="form-actions">
          <SubmitButton busy={busy} busyLabel="Creating…" className="primary">
            Create admin and sign in
          </SubmitButton>
        </div>
      </form>
    </div>
  );
}

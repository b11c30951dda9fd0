/** Sign in with email and password. */
import { type FormEvent, useState } from 'react';
import type { Me, SessionResponse } from '../api/types.js';
import { Field, FormError, PageTitle, SubmitButton, useFormSubmit } from '../components/ui.js';
import { checkedBy } from '../lib/form-submit.js';
import { navigate } from '../lib/navigation.js';
import { paths } from '../lib/routes.js';
import { useSession } from '../session.js';

export function SignInPage({ next }: { next: string | null }) {
  const { api, setMe } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // After a refusal (here or by the server): the first field marked invalid, else the notice.
  const form = useFormSubmit();
  const { errors, busy } = form;

  const submit = (event: FormEvent) =>
    form.submit(event, {
      check: () => {
        const local: Record<string, string> = {};
        if (!email.trim()) local.email = 'Enter your email address';
        if (!password) local.password = 'Enter your password';
        return checkedBy(local, { email: email.trim(), password });
      },
      send: async (body) => {
        const session = await api.post<SessionResponse>('/api/v1/auth/sign-in', body);
        api.csrfToken = session.csrfToken;
        setMe(await api.get<Me>('/api/v1/me'));
        navigate(next ?? paths.home(), { replace: true });
      },
      shows: ['email', 'password'],
      // A refused password is typed again.
      onRefused: () => setPassword(''),
    });

  return (
    <div className="narrow">
      <PageTitle title="Sign in">Sign in</PageTitle>
      <form ref={form.formRef} onSubmit={submit} noValidate className="card form">
        <FormError message={form.formError} />
        <Field label="Email" error={errors.email}>
          {(p) => (
            <input
              {...p}
              type="email"
              autoComplete="username"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </Field>
        <Field label="Password" error={errors.password}>
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <div className="form-actions">
          <SubmitButton busy={busy} busyLabel="Signing in…" className="primary">
            Sign in
          </SubmitButton>
        </div>
      </form>
      <p className="muted">
        No account? Ask your Legible admin; they create accounts on the People page or with{' '}
        <code>legible users create</code>.
      </p>
    </div>
  );
}

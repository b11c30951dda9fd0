/** First visit with no users: create the first admin account, then you are signed in. */
import { type FormEvent, useRef, useState } from 'react';
import { formErrorsOf } from '../api/client.js';
import type { Me, SessionResponse } from '../api/types.js';
import { Field, FormError, PageTitle, useFocusAfterRender } from '../components/ui.js';
import { emailError } from '../lib/email.js';
import { navigate } from '../lib/navigation.js';
import { MIN_PASSWORD_LENGTH } from '../lib/people.js';
import { paths } from '../lib/routes.js';
import { useSession } from '../session.js';

export function SetupPage({ onDone }: { onDone: () => void }) {
  const { api, setMe } = useSession();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  // After a refusal (here or by the server): the first field marked invalid, else the notice.
  const focusAfterRender = useFocusAfterRender(formRef);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = 'Enter your name';
    const emailProblem = emailError(email.trim());
    if (emailProblem) local.email = emailProblem;
    if (password.length < MIN_PASSWORD_LENGTH)
      local.password = `Use at least ${MIN_PASSWORD_LENGTH} characters`;
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length > 0) {
      focusAfterRender('problem');
      return;
    }
    setBusy(true);
    try {
      const session = await api.post<SessionResponse>('/api/v1/setup', {
        email: email.trim(),
        name: name.trim(),
        password,
      });
      api.csrfToken = session.csrfToken;
      const me = await api.get<Me>('/api/v1/me');
      setMe(me);
      onDone();
      navigate(paths.home(), { replace: true });
    } catch (error) {
      const result = formErrorsOf(error, ['name', 'email', 'password']);
      setErrors(result.fields);
      setFormError(result.message);
      focusAfterRender('problem');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="narrow">
      <PageTitle title="Create the first admin">Create the first admin</PageTitle>
      <p>
        Legible has no accounts yet. The account you create now is the administrator: it can create teams and
        invite people. Everyone signed in can read every team's OKRs.
      </p>
      <form ref={formRef} onSubmit={submit} noValidate className="card form">
        <FormError message={formError} />
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
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create admin and sign in'}
          </button>
        </div>
      </form>
    </div>
  );
}

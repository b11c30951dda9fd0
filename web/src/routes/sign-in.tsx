/** Sign in with email and password. */
import { type FormEvent, useRef, useState } from 'react';
import { formErrorsOf } from '../api/client.js';
import type { Me, SessionResponse } from '../api/types.js';
import { Field, FormError, PageTitle, useFocusAfterRender } from '../components/ui.js';
import { navigate } from '../lib/navigation.js';
import { paths } from '../lib/routes.js';
import { useSession } from '../session.js';

export function SignInPage({ next }: { next: string | null }) {
  const { api, setMe } = useSession();
  const [email, setEmail] = useState('');
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
    if (!email.trim()) local.email = 'Enter your email address';
    if (!password) local.password = 'Enter your password';
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length > 0) {
      focusAfterRender('problem');
      return;
    }
    setBusy(true);
    try {
      const session = await api.post<SessionResponse>('/api/v1/auth/sign-in', {
        email: email.trim(),
        password,
      });
      api.csrfToken = session.csrfToken;
      setMe(await api.get<Me>('/api/v1/me'));
      navigate(next ?? paths.home(), { replace: true });
    } catch (error) {
      const result = formErrorsOf(error, ['email', 'password']);
      setErrors(result.fields);
      setFormError(result.message);
      setPassword('');
      focusAfterRender('problem');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="narrow">
      <PageTitle title="Sign in">Sign in</PageTitle>
      <form ref={formRef} onSubmit={submit} noValidate className="card form">
        <FormError message={formError} />
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
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </div>
      </form>
      <p className="muted">
        No account? Ask your Legible admin; they create accounts on the People page or with{' '}
        <code>legible users create</code>.
      </p>
    </div>
  );
}

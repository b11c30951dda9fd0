/**
 * People (admins): every account — name, email, whether it is an admin's, whether it is disabled —
 * a page at a time as GET /api/v1/users pages them (in the order they were created), and a form to
 * create one (POST /api/v1/users) with an initial password the person is given privately. Only the
 * facts an admin needs to manage accounts: nobody is ranked or scored. People join teams on each
 * team's page (Members).
 */
import { type FormEvent, useRef, useState } from 'react';
import { formErrorsOf } from '../api/client.js';
import type { Page, User } from '../api/types.js';
import {
  Badge,
  ErrorPanel,
  Field,
  FormError,
  Loading,
  PageTitle,
  ShowOlder,
  useFocusAfterRender,
} from '../components/ui.js';
import { Link } from '../lib/navigation.js';
import { MIN_PASSWORD_LENGTH, type NewUserDraft, validateNewUser } from '../lib/people.js';
import { paths } from '../lib/routes.js';
import { usePaged } from '../lib/use-paged.js';
import { useAnnounce, useMe, useSession } from '../session.js';

/** How many people a page of the list holds. */
export const PEOPLE_PAGE = 25;

const EMPTY: NewUserDraft = { name: '', email: '', password: '', isAdmin: false };

export function PeoplePage() {
  const me = useMe();
  const { api } = useSession();
  // Bumped when an account is created here: the list is read again from its first page.
  const [created, setCreated] = useState(0);
  const tableRef = useRef<HTMLTableElement>(null);
  const list = usePaged<User>(me.user.isAdmin ? `people:${created}` : null, (cursor, signal) =>
    api.get<Page<User>>(
      `/api/v1/users?limit=${PEOPLE_PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      signal ? { signal } : {},
    ),
  );

  if (!me.user.isAdmin) {
    return (
      <>
        <PageTitle title="People">People</PageTitle>
        <p>
          Only admins see everyone's accounts and create new ones. To add someone to a team, ask one of its
          owners (they add people by email on the team's page) or an admin.
        </p>
        <p>
          <Link to={paths.home()}>Back to the teams</Link>
        </p>
      </>
    );
  }

  const items = list.items;
  return (
    <>
      <PageTitle title="People">People</PageTitle>
      <p className="lead">
        Everyone with an account. Create an account here, then add the person to a team on the team's page,
        under Members.
      </p>
      <CreateUser onCreated={() => setCreated((n) => n + 1)} />
      <section className="card people" aria-labelledby="people-heading">
        <h2 id="people-heading">Accounts</h2>
        {list.first.error && !items ? (
          <ErrorPanel error={list.first.error} onRetry={() => void list.first.reload()} />
        ) : !items ? (
          <Loading label="Loading people…" />
        ) : (
          <div className="table-scroll">
            <table ref={tableRef} tabIndex={-1} className="people-table" aria-labelledby="people-heading">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Admin</th>
                  <th scope="col">Account</th>
                </tr>
              </thead>
              <tbody>
                {items.map((u) => (
                  <tr key={u.id}>
                    <td className="people-name">
                      {u.name}
                      {u.id === me.user.id ? <span className="muted"> (you)</span> : null}
                    </td>
                    <td className="people-email">{u.email}</td>
                    <td data-label="Admin">{u.isAdmin ? 'Yes' : 'No'}</td>
                    <td data-label="Account">
                      {u.disabled ? <Badge tone="warn">Disabled</Badge> : 'Active'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <ShowOlder list={list} target={tableRef} label="Show more people" />
      </section>
    </>
  );
}

function CreateUser({ onCreated }: { onCreated: () => void }) {
  const { api } = useSession();
  const announce = useAnnounce();
  const [draft, setDraft] = useState<NewUserDraft>(EMPTY);
  // The account created last, said until the next is made: the list is in the order accounts were
  // made, so a new one may be on a later page.
  const [last, setLast] = useState<User | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const focusAfterRender = useFocusAfterRender(formRef);
  const edit = (change: Partial<NewUserDraft>) => setDraft((d) => ({ ...d, ...change }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setFormError(null);
    const checked = validateNewUser(draft);
    if (!checked.ok) {
      setErrors(checked.errors);
      focusAfterRender('problem');
      return;
    }
    setErrors({});
    setBusy(true);
    setLast(null);
    try {
      const user = await api.post<User>('/api/v1/users', checked.body);
      announce(
        `Account created for ${user.name} (${user.email})${user.isAdmin ? ', an admin' : ''}. Add them to a team on the team's page, under Members.`,
      );
      setDraft(EMPTY);
      setLast(user);
      onCreated();
      focusAfterRender('first-field');
    } catch (error) {
      const result = formErrorsOf(error, ['name', 'email', 'password', 'isAdmin']);
      setErrors(result.fields);
      setFormError(result.message);
      focusAfterRender('problem');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card create-user" aria-labelledby="create-user-heading">
      <h2 id="create-user-heading">Create an account</h2>
      {last ? (
        <p className="notice" data-testid="created-account">
          Created an account for {last.name} ({last.email}){last.isAdmin ? ', an admin' : ''}. Add them to a
          team on the team's page, under Members.
        </p>
      ) : null}
      <form ref={formRef} onSubmit={submit} noValidate aria-labelledby="create-user-heading">
        <FormError message={formError} />
        <div className="form-row">
          <Field label="Name" error={errors.name}>
            {(p) => (
              <input
                {...p}
                autoComplete="off"
                maxLength={200}
                value={draft.name}
                onChange={(e) => edit({ name: e.target.value })}
              />
            )}
          </Field>
          <Field label="Email" error={errors.email} hint="What they sign in with.">
            {(p) => (
              <input
                {...p}
                type="email"
                autoComplete="off"
                spellCheck={false}
                value={draft.email}
                onChange={(e) => edit({ email: e.target.value })}
              />
            )}
          </Field>
          <Field
            label="Initial password"
            error={errors.password}
            hint={`At least ${MIN_PASSWORD_LENGTH} characters. Give it to them privately.`}
          >
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="new-password"
                value={draft.password}
                onChange={(e) => edit({ password: e.target.value })}
              />
            )}
          </Field>
        </div>
        <div className="form-check">
          <label className="choice">
            <input
              type="checkbox"
              checked={draft.isAdmin}
              onChange={(e) => edit({ isAdmin: e.target.checked })}
              aria-invalid={Boolean(errors.isAdmin)}
            />
            <span>Admin: creates teams and accounts, and manages every team</span>
          </label>
          {errors.isAdmin ? <p className="field-error">{errors.isAdmin}</p> : null}
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create account'}
          </button>
        </div>
      </form>
    </section>
  );
}

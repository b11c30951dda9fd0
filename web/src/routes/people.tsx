/**
 * People (admins): every account — name, email, whether it is an admin's, whether it is disabled —
 * a page at a time as GET /api/v1/users pages them (in the order they were created), and a form to
 * create one (POST /api/v1/users) with an initial password the person is given privately. Only the
 * facts an admin needs to manage accounts: nobody is ranked or scored. People join teams on each
 * team's page (Members).
 *
 * Each other person's row also disables or enables the account, makes them an admin or removes it
 * (after confirming a disable or a removal), and sets a new password for them (PATCH
 * /api/v1/users/{id}, If-Match with the version the list read). A change someone made meanwhile
 * (412) is never overwritten: the account is read again and its row says so. Other refusals (the
 * last admin) show the server's words in the row. Nobody changes their own row here.
 */
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, formErrorsOf, messageOf } from '../api/client.js';
import type { Account, Page, User } from '../api/types.js';
import {
  Alert,
  Badge,
  ErrorPanel,
  Field,
  FormError,
  Loading,
  PageTitle,
  ShowOlder,
  SubmitButton,
  useBusy,
  useFocusAfterCommit,
  useFocusAfterRender,
  useFormSubmit,
  VisuallyHidden,
} from '../components/ui.js';
import { Link } from '../lib/navigation.js';
import {
  accountActions,
  accountEtag,
  MIN_PASSWORD_LENGTH,
  type NewUserDraft,
  newPasswordError,
  validateNewUser,
  withChanges,
} from '../lib/people.js';
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
  // Accounts changed on this page since the list was read (the PATCH's answers), by id.
  const [changed, setChanged] = useState<Record<string, Account>>({});
  const [open, setOpen] = useState<Open>(null);
  // A row's notice: a refusal in the server's words, or that the list was read again after a 412.
  const [notice, setNotice] = useState<{ userId: string; text: string } | null>(null);
  const list = usePaged<Account>(me.user.isAdmin ? `people:${created}` : null, (cursor, signal) =>
    api.get<Page<Account>>(
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

  const items = list.items ? withChanges(list.items, changed) : undefined;
  const onSaved = (account: Account) => {
    setChanged((c) => ({ ...c, [account.id]: account }));
    setNotice(null);
  };
  const onRefused = async (account: Account, error: unknown) => {
    if (error instanceof ApiError && error.isStale) {
      setOpen(null);
      // The account is read again (not the list's first page: that would drop the later pages
      // read so far, and this row with them); its row then shows it as it is now.
      try {
        const fresh = await api.get<Account>(`/api/v1/users/${encodeURIComponent(account.id)}`);
        setChanged((c) => ({ ...c, [fresh.id]: fresh }));
      } catch {
        await list.first.reload();
      }
      setNotice({
        userId: account.id,
        text: `Someone else changed ${account.name}'s account after this list was read, so your change was not applied (nothing was overwritten). The row now shows the account as it is: check it and try again.`,
      });
    } else {
      setNotice({ userId: account.id, text: messageOf(error) });
    }
  };
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
                  <th scope="col">
                    <VisuallyHidden>Manage</VisuallyHidden>
                  </th>
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
                    <td className="people-actions">
                      <AccountActions
                        account={u}
                        myId={me.user.id}
                        open={open?.userId === u.id ? open.mode : null}
                        setOpen={(mode) => {
                          setOpen(mode ? { userId: u.id, mode } : null);
                          if (mode) setNotice(null);
                        }}
                        notice={notice?.userId === u.id ? notice.text : null}
                        onSaved={onSaved}
                        onRefused={(error) => onRefused(u, error)}
                      />
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

/** What an admin has open on one account's row. */
type Mode = 'disable' | 'remove-admin' | 'password';
type Open = { userId: string; mode: Mode } | null;

type Change = { disabled: boolean } | { isAdmin: boolean } | { password: string };

/**
 * The row's button for what a change changed (`data-action` on it): after a save, focus goes to
 * it (Enable where Disable was, Make admin where Remove admin was, Set password again).
 */
type Action = 'access' | 'admin' | 'password';

function actionOf(change: Change): Action {
  return 'disabled' in change ? 'access' : 'isAdmin' in change ? 'admin' : 'password';
}

/** What a change did, in words the announcer reads out. */
function changedText(account: Account, change: Change): string {
  if ('disabled' in change)
    return change.disabled
      ? `${account.name}'s account is disabled: they are signed out and cannot sign in.`
      : `${account.name}'s account is enabled: they can sign in again.`;
  if ('isAdmin' in change)
    return change.isAdmin ? `${account.name} is now an admin.` : `${account.name} is no longer an admin.`;
  return `${account.name} has a new password: give it to them privately. They were signed out everywhere.`;
}

function AccountActions({
  account,
  myId,
  open,
  setOpen,
  notice,
  onSaved,
  onRefused,
}: {
  account: Account;
  myId: string;
  open: Mode | null;
  setOpen: (mode: Mode | null) => void;
  notice: string | null;
  onSaved: (account: Account) => void;
  onRefused: (error: unknown) => Promise<void>;
}) {
  const { api } = useSession();
  const announce = useAnnounce();
  // One change at a time: a second press before the render that shows "busy" sends nothing.
  const { busy, run } = useBusy();
  const boxRef = useRef<HTMLDivElement>(null);
  const focusAfterRender = useFocusAfterRender(boxRef);
  const focusAfterCommit = useFocusAfterCommit();
  const actions = accountActions(account, myId);
  if (!actions) return null;

  // Sends one change. A refusal shows in this row; one about the new password (the server's
  // policy) beside its field instead, through `onFieldError`.
  const send = (change: Change, onFieldError?: (message: string) => void): Promise<void> =>
    run(async () => {
      try {
        const res = await api.request<Account>('PATCH', `/api/v1/users/${encodeURIComponent(account.id)}`, {
          body: change,
          ifMatch: accountEtag(account),
        });
        onSaved(res.data);
        announce(changedText(account, change));
        setOpen(null);
        // The form or the confirmation that had focus is gone once the row re-renders (a timer can run
        // before that render, leaving focus on the page's body): focus goes to the button for what
        // was changed, as the row now offers it.
        focusAfterCommit(
          () =>
            boxRef.current?.querySelector<HTMLElement>(`button[data-action="${actionOf(change)}"]`) ??
            boxRef.current?.querySelector<HTMLElement>('button'),
        );
      } catch (error) {
        const field = onFieldError ? formErrorsOf(error, ['password']).fields.password : undefined;
        if (field && onFieldError && !(error instanceof ApiError && error.isStale)) {
          onFieldError(field);
          return;
        }
        await onRefused(error);
        focusAfterRender('problem');
      }
    });

  const name = account.name;
  return (
    <div ref={boxRef} className="account-manage">
      {notice ? (
        <Alert as="p" className="form-error">
          {notice}
        </Alert>
      ) : null}
      {open === null ? (
        <div className="member-actions">
          {actions.access === 'disable' ? (
            <button
              type="button"
              className="link-button"
              onClick={() => setOpen('disable')}
              aria-label={`Disable ${name}'s account`}
              data-action="access"
            >
              Disable
            </button>
          ) : (
            <button
              type="button"
              className="link-button"
              aria-disabled={busy}
              onClick={() => void send({ disabled: false })}
              aria-label={`Enable ${name}'s account`}
              data-action="access"
            >
              Enable
            </button>
          )}
          {actions.admin === 'make' ? (
            <button
              type="button"
              className="link-button"
              aria-disabled={busy}
              onClick={() => void send({ isAdmin: true })}
              aria-label={`Make ${name} an admin`}
              data-action="admin"
            >
              Make admin
            </button>
          ) : (
            <button
              type="button"
              className="link-button"
              onClick={() => setOpen('remove-admin')}
              aria-label={`Remove ${name}'s admin rights`}
              data-action="admin"
            >
              Remove admin
            </button>
          )}
          <button
            type="button"
            className="link-button"
            onClick={() => setOpen('password')}
            aria-label={`Set a new password for ${name}`}
            data-action="password"
          >
            Set password
          </button>
        </div>
      ) : open === 'password' ? (
        <PasswordForm account={account} busy={busy} send={send} onCancel={() => setOpen(null)} />
      ) : (
        <Confirm
          text={
            open === 'disable'
              ? `Disable ${name}'s account? They are signed out everywhere at once and cannot sign in, and their API tokens are refused while it is disabled (they work again if it is enabled). Their teams, roles and what they wrote stay.`
              : `Remove ${name}'s admin rights? They keep their account and their roles in teams, but no longer create accounts or teams, nor manage teams they do not own.`
          }
          confirmLabel={
            busy ? 'Saving…' : open === 'disable' ? `Disable ${name}` : `Remove admin from ${name}`
          }
          cancelLabel={open === 'disable' ? 'Keep it active' : 'Keep them admin'}
          busy={busy}
          onConfirm={() => void send(open === 'disable' ? { disabled: true } : { isAdmin: false })}
          onCancel={() => setOpen(null)}
        />
      )}
    </div>
  );
}

function Confirm({
  text,
  confirmLabel,
  cancelLabel,
  busy,
  onConfirm,
  onCancel,
}: {
  text: string;
  confirmLabel: string;
  cancelLabel: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const confirmRef = useRef<HTMLButtonElement>(null);
  // The confirmation just opened: its answer is what comes next.
  useEffect(() => confirmRef.current?.focus(), []);
  return (
    <div className="member-confirm">
      <p>{text}</p>
      <div className="form-actions">
        <button ref={confirmRef} type="button" className="danger" aria-disabled={busy} onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" onClick={onCancel}>
          {cancelLabel}
        </button>
      </div>
    </div>
  );
}

function PasswordForm({
  account,
  busy,
  send,
  onCancel,
}: {
  account: Account;
  busy: boolean;
  send: (change: Change, onFieldError?: (message: string) => void) => Promise<void>;
  onCancel: () => void;
}) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const formRef = useRef<HTMLFormElement>(null);
  const focusAfterRender = useFocusAfterRender(formRef);
  useEffect(() => formRef.current?.querySelector('input')?.focus(), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const problem = newPasswordError(password);
    if (problem) {
      setError(problem);
      focusAfterRender('problem');
      return;
    }
    setError(undefined);
    await send({ password }, (message) => {
      setError(message);
      focusAfterRender('problem');
    });
  };

  return (
    <form
      ref={formRef}
      className="member-form"
      onSubmit={submit}
      noValidate
      aria-label={`New password for ${account.name}`}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented) {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <Field
        label="New password"
        error={error}
        hint={`At least ${MIN_PASSWORD_LENGTH} characters. Give it to them privately: they are signed out everywhere; their API tokens keep working.`}
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
        <SubmitButton busy={busy} className="primary">
          Set password
        </SubmitButton>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function CreateUser({ onCreated }: { onCreated: () => void }) {
  const { api } = useSession();
  const announce = useAnnounce();
  const [draft, setDraft] = useState<NewUserDraft>(EMPTY);
  // The account created last, said until the next is made: the list is in the order accounts were
  // made, so a new one may be on a later page.
  const [last, setLast] = useState<User | null>(null);
  const form = useFormSubmit();
  const { errors, busy } = form;
  const edit = (change: Partial<NewUserDraft>) => setDraft((d) => ({ ...d, ...change }));

  const submit = (event: FormEvent) =>
    form.submit(event, {
      check: () => validateNewUser(draft),
      send: async (body) => {
        setLast(null);
        const user = await api.post<User>('/api/v1/users', body);
        announce(
          `Account created for ${user.name} (${user.email})${user.isAdmin ? ', an admin' : ''}. Add them to a team on the team's page, under Members.`,
        );
        setDraft(EMPTY);
        setLast(user);
        onCreated();
        // The form stays for the next account: focus goes back to its first field.
        form.focusAfterRender('first-field');
      },
      shows: ['name', 'email', 'password', 'isAdmin'],
    });

  return (
    <section className="card create-user" aria-labelledby="create-user-heading">
      <h2 id="create-user-heading">Create an account</h2>
      {last ? (
        <p className="notice" data-testid="created-account">
          Created an account for {last.name} ({last.email}){last.isAdmin ? ', an admin' : ''}. Add them to a
          team on the team's page, under Members.
        </p>
      ) : null}
      <form ref={form.formRef} onSubmit={submit} noValidate aria-labelledby="create-user-heading">
        <FormError message={form.formError} />
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
          <SubmitButton busy={busy} busyLabel="Creating…" className="primary">
            Create account
          </SubmitButton>
        </div>
      </form>
    </section>
  );
}

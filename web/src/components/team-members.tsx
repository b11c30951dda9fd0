/**
 * A team's members and their roles, for everyone signed in (GET /api/v1/teams/{team}). The team's
 * owners and admins also add a person by the email they sign in with (POST …/members: added, or
 * their role changed if they are in the team already), change a member's role (PUT
 * …/members/{userId}) and remove one after confirming (DELETE …/members/{userId}); the list is
 * read again after each change. A refusal shows where it was made: beside the email or role field,
 * or in the member's row (a team keeps at least one owner: the server says so, and the row shows
 * its words). Only admins create accounts (the People page).
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { ApiError, messageOf } from '../api/client.js';
import type { Member, TeamRole, TeamWithMembers } from '../api/types.js';
import { ROLES_HINT, roleLabel, sortMembers, TEAM_ROLES, validateAddMember } from '../lib/members.js';
import { Link } from '../lib/navigation.js';
import { paths } from '../lib/routes.js';
import { useResource } from '../lib/use-resource.js';
import { useAnnounce, useMe, useSession } from '../session.js';
import {
  Alert,
  Badge,
  ErrorPanel,
  Field,
  FormError,
  Loading,
  SubmitButton,
  useBusy,
  useFocusAfterRender,
  useFormSubmit,
} from './ui.js';

/** What a manager has open on one member's row. */
type Open = { userId: string; mode: 'role' | 'remove' } | null;

function membersPath(team: string, userId?: string): string {
  const base = `/api/v1/teams/${encodeURIComponent(team)}/members`;
  return userId ? `${base}/${encodeURIComponent(userId)}` : base;
}

export function TeamMembers({ team, manageable }: { team: string; manageable: boolean }) {
  const { api, refreshMe } = useSession();
  const me = useMe();
  const current = useResource(`team-members:${team}`, (signal) =>
    api.get<TeamWithMembers>(`/api/v1/teams/${encodeURIComponent(team)}`, { signal }),
  );
  const [open, setOpen] = useState<Open>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const data = current.data;
  const members = data ? sortMembers(data.members) : undefined;

  // After a change: the list again, and this person's own roles when the change was about them
  // (a demoted owner no longer sees the forms; a removed member no longer checks in).
  const changed = async (userId: string) => {
    await current.reload();
    if (userId === me.user.id) await refreshMe();
  };

  return (
    <section className="card team-members" aria-labelledby="team-members-heading">
      <h2 id="team-members-heading" ref={headingRef} tabIndex={-1}>
        Members
      </h2>
      {!data && current.error ? (
        <ErrorPanel error={current.error} onRetry={() => void current.reload()} />
      ) : !members || !data ? (
        <Loading label="Loading the team's members…" />
      ) : (
        <>
          {current.error ? (
            <ErrorPanel
              error={current.error}
              onRetry={() => void current.reload()}
              title="Could not refresh"
            />
          ) : null}
          {members.length === 0 ? (
            <p className="muted">
              Nobody is in {data.name} yet.{' '}
              {manageable ? 'Add people below by their email.' : 'An owner or an admin adds people.'}
            </p>
          ) : (
            <ul className="member-list" aria-label={`Members of ${data.name}`}>
              {members.map((m) => (
                <MemberRow
                  key={m.userId}
                  team={team}
                  teamName={data.name}
                  member={m}
                  isMe={m.userId === me.user.id}
                  manageable={manageable}
                  open={open?.userId === m.userId ? open.mode : null}
                  setOpen={(mode) => setOpen(mode ? { userId: m.userId, mode } : null)}
                  onChanged={() => changed(m.userId)}
                  onRemoved={async () => {
                    setOpen(null);
                    await changed(m.userId);
                    // The row and its buttons are gone: focus goes to the section's heading.
                    window.setTimeout(() => headingRef.current?.focus(), 0);
                  }}
                />
              ))}
            </ul>
          )}
          {manageable ? (
            <AddMemberForm
              team={team}
              teamName={data.name}
              members={members}
              isAdmin={me.user.isAdmin}
              onAdded={(m) => changed(m.userId)}
            />
          ) : null}
        </>
      )}
    </section>
  );
}

function MemberRow({
  team,
  teamName,
  member,
  isMe,
  manageable,
  open,
  setOpen,
  onChanged,
  onRemoved,
}: {
  team: string;
  teamName: string;
  member: Member;
  isMe: boolean;
  manageable: boolean;
  open: 'role' | 'remove' | null;
  setOpen: (mode: 'role' | 'remove' | null) => void;
  onChanged: () => Promise<void>;
  onRemoved: () => Promise<void>;
}) {
  const roleButton = useRef<HTMLButtonElement>(null);
  const removeButton = useRef<HTMLButtonElement>(null);
  const close = (focus: 'role' | 'remove') => {
    setOpen(null);
    window.setTimeout(() => (focus === 'role' ? roleButton : removeButton).current?.focus(), 0);
  };
  return (
    <li className="member">
      <p className="member-line">
        <span className="member-name">
          {member.name}
          {isMe ? <span className="muted"> (you)</span> : null}
        </span>{' '}
        <span className="member-email muted">{member.email}</span>{' '}
        <Badge tone="neutral">{roleLabel(member.role)}</Badge>
      </p>
      {manageable && open === null ? (
        <div className="member-actions">
          <button
            ref={roleButton}
            type="button"
            className="link-button"
            onClick={() => setOpen('role')}
            aria-label={`Change the role of ${member.name}`}
          >
            Change role
          </button>
          <button
            ref={removeButton}
            type="button"
            className="link-button"
            onClick={() => setOpen('remove')}
            aria-label={`Remove ${member.name} from ${teamName}`}
          >
            Remove
          </button>
        </div>
      ) : null}
      {manageable && open === 'role' ? (
        <RoleForm
          team={team}
          member={member}
          onSaved={async () => {
            await onChanged();
            close('role');
          }}
          onCancel={() => close('role')}
        />
      ) : null}
      {manageable && open === 'remove' ? (
        <RemoveConfirm
          team={team}
          teamName={teamName}
          member={member}
          isMe={isMe}
          onRemoved={onRemoved}
          onCancel={() => close('remove')}
        />
      ) : null}
    </li>
  );
}

function RoleForm({
  team,
  member,
  onSaved,
  onCancel,
}: {
  team: string;
  member: Member;
  onSaved: () => Promise<void>;
  onCancel: () => void;
}) {
  const { api } = useSession();
  const announce = useAnnounce();
  const [role, setRole] = useState<TeamRole>(member.role);
  const form = useFormSubmit();
  const { formRef, errors, busy } = form;
  // The form just opened: the role is what the person came to change.
  useEffect(() => formRef.current?.querySelector('select')?.focus(), [formRef]);

  const submit = (event: FormEvent) =>
    form.submit(event, {
      check: () => ({ ok: true, body: { role } }),
      send: async (body) => {
        // The same role: nothing to save, and the form closes as Cancel does.
        if (body.role === member.role) {
          onCancel();
          return;
        }
        await api.put<Member>(membersPath(team, member.userId), body);
        announce(`${member.name} is now ${roleLabel(body.role).toLowerCase()} of the team.`);
        await onSaved();
      },
      shows: ['role'],
    });

  return (
    <form
      ref={formRef}
      className="member-form"
      onSubmit={submit}
      noValidate
      aria-label={`Role of ${member.name}`}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented) {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <FormError message={form.formError} />
      <div className="form-row">
        <RoleField value={role} error={errors.role} onChange={setRole} />
        <div className="form-actions">
          <SubmitButton busy={busy} className="primary">
            Save role
          </SubmitButton>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
    </form>
  );
}

function RemoveConfirm({
  team,
  teamName,
  member,
  isMe,
  onRemoved,
  onCancel,
}: {
  team: string;
  teamName: string;
  member: Member;
  isMe: boolean;
  onRemoved: () => Promise<void>;
  onCancel: () => void;
}) {
  const { api } = useSession();
  const announce = useAnnounce();
  // A second press before the render that shows "Removing…" (a double click) sends nothing.
  const { busy, run } = useBusy();
  const [error, setError] = useState<unknown>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const focusAfterRender = useFocusAfterRender(boxRef);
  const removeRef = useRef<HTMLButtonElement>(null);
  // The confirmation just opened: its answer is what comes next.
  useEffect(() => removeRef.current?.focus(), []);

  const remove = () =>
    run(async () => {
      setError(null);
      try {
        await api.request<null>('DELETE', membersPath(team, member.userId));
        announce(`${member.name} was removed from ${teamName}.`);
        await onRemoved();
      } catch (e) {
        setError(e);
        focusAfterRender('problem');
      }
    });

  return (
    <div ref={boxRef} className="member-confirm">
      {error ? (
        <Alert as="p" className="form-error">
          {error instanceof ApiError && error.status === 404
            ? `${member.name} is no longer in ${teamName}: someone removed them meanwhile.`
            : messageOf(error)}
        </Alert>
      ) : null}
      <p>
        {isMe
          ? `Remove yourself from ${teamName}? You keep your account and can still read the team's OKRs, but no longer change them.`
          : `Remove ${member.name} from ${teamName}? They keep their account and what they wrote stays; they can still read the team's OKRs.`}
      </p>
      <div className="form-actions">
        <button
          ref={removeRef}
          type="button"
          className="danger"
          aria-disabled={busy}
          onClick={() => void remove()}
        >
          {busy ? 'Removing…' : `Remove ${member.name}`}
        </button>
        <button type="button" onClick={onCancel}>
          Keep {isMe ? 'me' : 'them'} in the team
        </button>
      </div>
    </div>
  );
}

function AddMemberForm({
  team,
  teamName,
  members,
  isAdmin,
  onAdded,
}: {
  team: string;
  teamName: string;
  members: readonly Member[];
  isAdmin: boolean;
  onAdded: (member: Member) => Promise<void>;
}) {
  const { api } = useSession();
  const announce = useAnnounce();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<string>('member');
  const form = useFormSubmit();
  const { errors, busy } = form;
  const headingId = useId();

  const submit = (event: FormEvent) =>
    form.submit(event, {
      check: () => validateAddMember({ email, role }, members),
      send: async (body) => {
        const res = await api.request<Member>('POST', membersPath(team), { body });
        const added = res.data;
        announce(
          res.status === 201
            ? `${added.name} added to ${teamName} as ${roleLabel(added.role).toLowerCase()}.`
            : `${added.name} was already in ${teamName}: now ${roleLabel(added.role).toLowerCase()}.`,
        );
        setEmail('');
        await onAdded(added);
      },
      shows: ['email', 'role'],
    });

  return (
    <form ref={form.formRef} className="member-add" onSubmit={submit} noValidate aria-labelledby={headingId}>
      <h3 id={headingId}>Add a person</h3>
      <FormError message={form.formError} />
      <div className="form-row">
        <Field label="Email" error={errors.email}>
          {(p) => (
            <input
              {...p}
              type="email"
              autoComplete="off"
              spellCheck={false}
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </Field>
        <RoleField value={role} error={errors.role} onChange={setRole} />
        <div className="form-actions">
          <SubmitButton busy={busy} busyLabel="Adding…" className="primary">
            Add to team
          </SubmitButton>
        </div>
      </div>
      <p className="field-hint">
        {ROLES_HINT} The person needs an account first:{' '}
        {isAdmin ? (
          <>
            create it on <Link to={paths.people()}>People</Link>.
          </>
        ) : (
          'an admin creates it.'
        )}
      </p>
    </form>
  );
}

/** The role choice of both member forms (change a role, add a person): the roles in their order. */
function RoleField({
  value,
  error,
  onChange,
}: {
  value: string;
  error: string | undefined;
  onChange: (role: TeamRole) => void;
}) {
  return (
    <Field label="Role" error={error}>
      {(p) => (
        <select {...p} value={value} onChange={(e) => onChange(e.target.value as TeamRole)}>
          {TEAM_ROLES.map((r) => (
            <option key={r} value={r}>
              {roleLabel(r)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

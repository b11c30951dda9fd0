/**
 * A team's members as the Members section shows them: the roles in words, their order, and the
 * add-by-email form's check. Pure, tested in members.test.ts.
 */
import type { TeamRole } from '../api/types.js';
import { emailError } from './email.js';

/** The roles, from the most to the least a person may do (the order the list and the choices use). */
export const TEAM_ROLES: readonly TeamRole[] = ['owner', 'member', 'viewer'];

const LABELS: Record<TeamRole, string> = { owner: 'Owner', member: 'Member', viewer: 'Viewer' };

/** "Owner", "Member", "Viewer". */
export function roleLabel(role: TeamRole): string {
  return LABELS[role] ?? role;
}

/** What each role may do, in one line, as the API allows it. */
export const ROLES_HINT =
  "Owners manage the team's settings and members; members change its OKRs and check in; viewers read.";

/** Members in the order the section lists them: owners, then members, then viewers, each by name. */
export function sortMembers<T extends { role: TeamRole; name: string }>(members: readonly T[]): T[] {
  const rank = (role: TeamRole) => {
    const i = TEAM_ROLES.indexOf(role);
    return i === -1 ? TEAM_ROLES.length : i;
  };
  return [...members].sort((a, b) => rank(a.role) - rank(b.role) || a.name.localeCompare(b.name));
}

export interface AddMemberDraft {
  email: string;
  role: string;
}

function isRole(value: string): value is TeamRole {
  return (TEAM_ROLES as readonly string[]).includes(value);
}

/**
 * Checks the add-by-email form before it is sent (the server checks again; its field errors show
 * the same way, keyed "email" and "role").
 */
export function validateAddMember(
  draft: AddMemberDraft,
  members: readonly { email: string; name: string; role: TeamRole }[] = [],
): { ok: true; body: { email: string; role: TeamRole } } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const email = draft.email.trim();
  // Someone already in the team: adding them again would quietly change their role (the API sets
  // it), so the form sends them to their row, where a role change says what it is.
  const already = members.find((m) => m.email.toLowerCase() === email.toLowerCase());
  const problem = emailError(email, 'Enter the email the person signs in with');
  if (problem) errors.email = problem;
  else if (already)
    errors.email = `${already.name} is already in the team as ${roleLabel(already.role).toLowerCase()}: change their role in their row above`;
  const role = isRole(draft.role) ? draft.role : null;
  if (role === null) errors.role = 'Choose a role: owner, member or viewer';
  if (role === null || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, body: { email, role } };
}

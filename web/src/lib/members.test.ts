import { describe, expect, it } from 'vitest';
import { roleLabel, sortMembers, validateAddMember } from './members.js';

describe('sortMembers', () => {
  it('lists owners, then members, then viewers, each by name', () => {
    const sorted = sortMembers([
      { name: 'Zoe', role: 'viewer' as const },
      { name: 'Bea', role: 'member' as const },
      { name: 'Yan', role: 'owner' as const },
      { name: 'Abe', role: 'member' as const },
      { name: 'Cy', role: 'owner' as const },
    ]);
    expect(sorted.map((m) => `${m.role} ${m.name}`)).toEqual([
      'owner Cy',
      'owner Yan',
      'member Abe',
      'member Bea',
      'viewer Zoe',
    ]);
  });

  it('says each role in a word', () => {
    expect(['owner', 'member', 'viewer'].map((r) => roleLabel(r as 'owner'))).toEqual([
      'Owner',
      'Member',
      'Viewer',
    ]);
  });
});

describe('validateAddMember', () => {
  it('sends the trimmed email and the role', () => {
    expect(validateAddMember({ email: '  grace@example.com ', role: 'viewer' })).toEqual({
      ok: true,
      body: { email: 'grace@example.com', role: 'viewer' },
    });
  });

  it('sends someone already in the team to their row instead of quietly changing their role', () => {
    const members = [{ email: 'Lucia@example.com', name: 'Lucía', role: 'member' as const }];
    expect(validateAddMember({ email: ' lucia@EXAMPLE.com', role: 'viewer' }, members)).toEqual({
      ok: false,
      errors: { email: 'Lucía is already in the team as member: change their role in their row above' },
    });
    expect(validateAddMember({ email: 'grace@example.com', role: 'viewer' }, members).ok).toBe(true);
  });

  it('names every field to fix at once', () => {
    expect(validateAddMember({ email: ' ', role: 'boss' })).toEqual({
      ok: false,
      errors: {
        email: 'Enter the email the person signs in with',
        role: 'Choose a role: owner, member or viewer',
      },
    });
    expect(validateAddMember({ email: 'grace at example', role: 'member' })).toEqual({
      ok: false,
      errors: { email: 'Enter an email address, e.g. ada@example.com' },
    });
  });
});

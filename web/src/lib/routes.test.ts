import { describe, expect, it } from 'vitest';
import { matchRoute, paths, redirectFor } from './routes.js';

describe('matchRoute', () => {
  it.each([
    ['/', { name: 'home' }],
    ['/setup', { name: 'setup' }],
    ['/draft/', { name: 'draft' }],
    ['/people', { name: 'people' }],
    ['/teams/payments', { name: 'team', team: 'payments', cycle: null }],
    ['/teams/payments/2026-Q4', { name: 'team', team: 'payments', cycle: '2026-Q4' }],
    ['/key-results/0194', { name: 'key-result', id: '0194' }],
    ['/teams/payments/2026-Q4/extra', { name: 'not-found', path: '/teams/payments/2026-Q4/extra' }],
    ['/teams/%E0%A4%A', { name: 'not-found', path: '/teams/%E0%A4%A' }],
    ['/nope', { name: 'not-found', path: '/nope' }],
  ])('%s', (path, route) => {
    expect(matchRoute(path)).toEqual(route);
  });

  it('keeps only a local next path after sign-in', () => {
    expect(matchRoute('/sign-in', '?next=%2Fteams%2Fpayments')).toEqual({
      name: 'sign-in',
      next: '/teams/payments',
    });
    expect(matchRoute('/sign-in', '?next=https%3A%2F%2Fevil.example')).toEqual({
      name: 'sign-in',
      next: null,
    });
    expect(matchRoute('/sign-in', '?next=%2F%2Fevil.example')).toEqual({ name: 'sign-in', next: null });
  });

  it('builds paths that match back', () => {
    expect(matchRoute(paths.team('payments', '2026-Q4'))).toEqual({
      name: 'team',
      team: 'payments',
      cycle: '2026-Q4',
    });
    expect(paths.signIn('/teams/a')).toBe('/sign-in?next=%2Fteams%2Fa');
    expect(paths.signIn('/')).toBe('/sign-in');
    expect(matchRoute(paths.people())).toEqual({ name: 'people' });
  });

  it("links the teams' roll-up of another cycle", () => {
    expect(paths.home()).toBe('/');
    expect(paths.home('2026-Q3')).toBe('/?cycle=2026-Q3');
    expect(matchRoute('/', '?cycle=2026-Q3')).toEqual({ name: 'home' });
  });
});

describe('redirectFor', () => {
  const home = { name: 'home' } as const;
  it('sends everyone to setup while there is no user', () => {
    expect(redirectFor(home, true, false, '/')).toBe('/setup');
    expect(redirectFor({ name: 'setup' }, true, false, '/setup')).toBeNull();
  });
  it('sends a signed-out visitor to sign in, remembering where they were going', () => {
    expect(redirectFor({ name: 'team', team: 'a', cycle: null }, false, false, '/teams/a')).toBe(
      '/sign-in?next=%2Fteams%2Fa',
    );
    expect(redirectFor({ name: 'sign-in', next: null }, false, false, '/sign-in')).toBeNull();
    expect(redirectFor({ name: 'setup' }, false, false, '/setup')).toBe('/sign-in');
  });
  it('sends a signed-in visitor away from sign-in and setup', () => {
    expect(redirectFor({ name: 'sign-in', next: '/draft' }, false, true, '/sign-in?next=%2Fdraft')).toBe(
      '/draft',
    );
    expect(redirectFor({ name: 'setup' }, false, true, '/setup')).toBe('/');
    expect(redirectFor(home, false, true, '/')).toBeNull();
  });
});

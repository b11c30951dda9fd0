import { describe, expect, it } from 'vitest';
import {
  type CookieJar,
  forgetSession,
  mayHaveSession,
  rememberSession,
  SESSION_MARKER,
} from './session-marker.js';

/** A cookie jar as a browser keeps one: set by assignment, expired cookies dropped, read as "a=1; b=2". */
class FakeJar implements CookieJar {
  readonly set: string[] = [];
  #cookies = new Map<string, string>();
  constructor(readonly now = Date.parse('2026-11-25T10:00:00Z')) {}
  get cookie(): string {
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  set cookie(text: string) {
    this.set.push(text);
    const [pair = '', ...attrs] = text.split(';').map((s) => s.trim());
    const [name = '', value = ''] = pair.split('=');
    const expires = attrs.find((a) => a.startsWith('Expires='))?.slice('Expires='.length);
    if (expires && Date.parse(expires) <= this.now) this.#cookies.delete(name);
    else this.#cookies.set(name, value);
  }
}

describe('session marker', () => {
  it('is not there on a first visit, so nobody is asked about', () => {
    expect(mayHaveSession(new FakeJar())).toBe(false);
    const jar = new FakeJar();
    jar.cookie = 'other=1';
    expect(mayHaveSession(jar)).toBe(false);
  });

  it('is set when a session opens, with its expiry, and removed when it is over', () => {
    const jar = new FakeJar();
    rememberSession('2026-12-25T10:00:00.000Z', jar, false);
    expect(mayHaveSession(jar)).toBe(true);
    expect(jar.set[0]).toBe(
      `${SESSION_MARKER}=1; Path=/; Expires=Fri, 25 Dec 2026 10:00:00 GMT; SameSite=Lax`,
    );
    forgetSession(jar, false);
    expect(mayHaveSession(jar)).toBe(false);
  });

  it('is Secure on https, and without a readable expiry lasts the browser session', () => {
    const jar = new FakeJar();
    rememberSession('soon', jar, true);
    expect(jar.set[0]).toBe(`${SESSION_MARKER}=1; Path=/; SameSite=Lax; Secure`);
    expect(mayHaveSession(jar)).toBe(true);
  });

  it('is not read from a cookie whose name only ends like it', () => {
    const jar = new FakeJar();
    jar.cookie = `x${SESSION_MARKER}=1`;
    expect(mayHaveSession(jar)).toBe(false);
  });

  it('does nothing without a document (no DOM)', () => {
    expect(mayHaveSession(null)).toBe(false);
    expect(() => rememberSession('2026-12-25T10:00:00Z', null)).not.toThrow();
    expect(() => forgetSession(null)).not.toThrow();
  });
});

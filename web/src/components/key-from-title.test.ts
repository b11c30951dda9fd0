import { describe, expect, it } from 'vitest';
import { KEY_PATTERN } from '../../../src/core/okr-file/schema.js';
import { keyFromTitle } from './revise-form.js';

describe('keyFromTitle', () => {
  it('gives a readable slug for a Latin title', () => {
    expect(keyFromTitle('Reduce failed checkout attempts from 2.4% to 1.7%')).toBe(
      'reduce-failed-checkout-attempts-from-2',
    );
    expect(keyFromTitle('Réduire le délai de paiement')).toBe('reduire-le-delai-de-paiement');
  });

  it('gives a valid key that differs each time for a Chinese title', () => {
    const title = '把支付失败率从2.4%降至1.5%';
    const first = keyFromTitle(title, Date.UTC(2026, 10, 25, 10, 0, 0));
    const second = keyFromTitle(title, Date.UTC(2026, 10, 25, 10, 0, 1));
    expect(first).toMatch(/^kr-[a-z0-9]+$/);
    expect(first).not.toBe(second);
    expect(keyFromTitle('提升结账成功率到99%', 1)).not.toBe(keyFromTitle('降低超时放弃率到0.4%', 1));
  });

  it('keeps the Latin words of a mixed title', () => {
    expect(keyFromTitle('将 p95 延迟降到 300ms', 5)).toMatch(/^p95-300ms-kr-[a-z0-9]+$/);
  });

  it.each([
    'Reduce failed checkout attempts from 2.4% to 1.7%',
    '把支付失败率从2.4%降至1.5%',
    'Уменьшить время ответа',
    '将 p95 延迟降到 300ms',
    '!!!',
    '',
    `${'word '.repeat(40)}`,
    `${'x'.repeat(200)} 中文`,
  ])('is always a valid key: %s', (title) => {
    const key = keyFromTitle(title);
    expect(key).toMatch(KEY_PATTERN);
    expect(key.length).toBeLessThanOrEqual(80);
  });
});

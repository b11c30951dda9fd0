/** API calls that pages share. */
import type { ApiClient } from './client.js';
import type { Measurement, Page } from './types.js';

/** A key result's measurements, oldest first (follows a few pages; a quarter of weekly values fits in one). */
export async function fetchMeasurements(
  api: ApiClient,
  id: string,
  signal?: AbortSignal,
): Promise<Measurement[]> {
  const out: Measurement[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 10; page += 1) {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const res: Page<Measurement> = await api.get<Page<Measurement>>(
      `/api/v1/key-results/${encodeURIComponent(id)}/measurements?limit=100${query}`,
      signal ? { signal } : {},
    );
    out.push(...res.items);
    cursor = res.next;
    if (!cursor) break;
  }
  return out;
}

/** Runs async jobs with at most `limit` at a time (the home page loads every team's state). */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next;
      next += 1;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

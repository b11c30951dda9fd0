/**
 * A list read a page at a time, newest first: the first page as a resource, and "show older"
 * following the API's cursor (`next`). Older pages belong to the first page they followed: when
 * the first page is read again (a reload, a new key), they are dropped, so the list never mixes
 * two reads.
 */
import { useState } from 'react';
import type { Page } from '../api/types.js';
import { type Resource, useResource } from './use-resource.js';

export interface PagedList<T> {
  first: Resource<Page<T>>;
  /** Every item read so far, newest first; undefined until the first page is in. */
  items: T[] | undefined;
  /** Whether there are older items to read. */
  hasMore: boolean;
  loadingMore: boolean;
  moreError: unknown;
  loadMore: () => Promise<void>;
}

export function usePaged<T>(
  key: string | null,
  load: (cursor: string | null, signal?: AbortSignal) => Promise<Page<T>>,
): PagedList<T> {
  const first = useResource(key, (signal) => load(null, signal));
  const [older, setOlder] = useState<{ after: Page<T> | undefined; items: T[]; next: string | null }>({
    after: undefined,
    items: [],
    next: null,
  });
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);
  const page = first.data;
  const mine = page !== undefined && older.after === page;
  const items = page ? [...page.items, ...(mine ? older.items : [])] : undefined;
  const next = page ? (mine ? older.next : page.next) : null;

  const loadMore = async () => {
    if (!page || !next || loadingMore) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const res = await load(next);
      setOlder({ after: page, items: [...(mine ? older.items : []), ...res.items], next: res.next });
    } catch (error) {
      setMoreError(error);
    } finally {
      setLoadingMore(false);
    }
  };

  return { first, items, hasMore: Boolean(next), loadingMore, moreError, loadMore };
}

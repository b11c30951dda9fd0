/**
 * Loads data for a page: `{ data, error, loading, reload }`. A new key cancels the previous load
 * (its answer is ignored); `reload()` keeps the shown data while it refreshes, so a page does not
 * flash empty after a change.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => Promise<void>;
}

export function useResource<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): Resource<T> {
  const [state, setState] = useState<{
    key: string | null;
    data: T | undefined;
    error: unknown;
    loading: boolean;
  }>({
    key,
    data: undefined,
    error: null,
    loading: key !== null,
  });
  const loadRef = useRef(load);
  loadRef.current = load;
  const generation = useRef(0);

  const run = useCallback(async (k: string | null, keep: boolean) => {
    const mine = ++generation.current;
    if (k === null) {
      setState({ key: k, data: undefined, error: null, loading: false });
      return;
    }
    const controller = new AbortController();
    setState((s) => ({ key: k, data: keep && s.key === k ? s.data : undefined, error: null, loading: true }));
    try {
      const data = await loadRef.current(controller.signal);
      if (mine === generation.current) setState({ key: k, data, error: null, loading: false });
    } catch (error) {
      if (mine === generation.current)
        setState((s) => ({ key: k, data: keep && s.key === k ? s.data : undefined, error, loading: false }));
    }
  }, []);

  useEffect(() => {
    void run(key, false);
    return () => {
      generation.current += 1;
    };
  }, [key, run]);

  const reload = useCallback(() => run(key, true), [key, run]);
  const current = state.key === key ? state : { data: undefined, error: null, loading: key !== null };
  return { data: current.data, error: current.error, loading: current.loading, reload };
}

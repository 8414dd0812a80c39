import * as React from 'react';
import { type ApiClient, useApiClient } from '../api/client';

type QueryState<T> = { data?: T; error?: unknown; isLoading: boolean };

/**
 * Reads from the admin API through its client and keeps the answer; `refetch` asks again.
 * `fetch` is called again when `deps` change (compared by value, so values rebuilt on every
 * render do not refetch in a loop), as with useEffect.
 * Plain state instead of react-query: `react-query` is not one of the plugin's peer
 * dependencies, so the plugin bundle would carry its own copy, without the admin's QueryClient.
 */
export const useApiQuery = <T>(fetch: (api: ApiClient) => Promise<T>, deps: readonly unknown[] = []) => {
  const api = useApiClient();
  const [state, setState] = React.useState<QueryState<T>>({ isLoading: true });
  const [version, setVersion] = React.useState(0);
  const depsKey = JSON.stringify(deps);
  // The latest `fetch`, read by the effect below (declared first, so it runs first).
  const fetchRef = React.useRef(fetch);
  React.useEffect(() => {
    fetchRef.current = fetch;
  });

  React.useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, isLoading: true }));
    fetchRef
      .current(api)
      .then((data) => {
        if (current) setState({ data, isLoading: false });
      })
      .catch((error: unknown) => {
        if (current) setState((previous) => ({ data: previous.data, error, isLoading: false }));
      });
    return () => {
      current = false;
    };
  }, [api, depsKey, version]);

  const refetch = React.useCallback(() => setVersion((value) => value + 1), []);
  return { ...state, refetch };
};

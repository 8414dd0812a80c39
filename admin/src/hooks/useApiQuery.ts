import * as React from 'react';
import { useFetchClient } from '@strapi/strapi/admin';

type QueryState<T> = { body?: T; error?: unknown; isLoading: boolean };

/**
 * GETs an admin API route and keeps the answer body; `refetch` asks again.
 * Plain state instead of react-query: `react-query` is not one of the plugin's peer
 * dependencies, so the plugin bundle would carry its own copy, without the admin's QueryClient.
 */
export const useApiQuery = <T>(url: string, params?: Record<string, string | number | undefined>) => {
  const { get } = useFetchClient();
  const [state, setState] = React.useState<QueryState<T>>({ isLoading: true });
  const [version, setVersion] = React.useState(0);
  // A key, so a params object rebuilt on every render does not refetch in a loop.
  const paramsKey = JSON.stringify(params ?? {});

  React.useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, isLoading: true }));
    get<T>(url, { params: JSON.parse(paramsKey) as unknown })
      .then(({ data }) => {
        if (current) setState({ body: data, isLoading: false });
      })
      .catch((error: unknown) => {
        if (current) setState((previous) => ({ body: previous.body, error, isLoading: false }));
      });
    return () => {
      current = false;
    };
  }, [get, url, paramsKey, version]);

  const refetch = React.useCallback(() => setVersion((value) => value + 1), []);
  return { ...state, refetch };
};

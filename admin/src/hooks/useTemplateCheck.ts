import * as React from 'react';
import type { TemplateCheck } from '../../../server/src/admin-api';
import { useApiClient } from '../api/client';
import { errorMessage } from '../utils/api-errors';

/**
 * Asks the provider about one template reference (Check): its verdict is kept until the reference
 * changes (`clear`), so each reference of a purpose — the default and each language's — has its own.
 */
export const useTemplateCheck = (failedMessage: string) => {
  const api = useApiClient();
  const [check, setCheck] = React.useState<TemplateCheck>();
  const [checking, setChecking] = React.useState(false);

  const run = async (reference: string) => {
    setChecking(true);
    setCheck(undefined);
    try {
      setCheck(await api.checkTemplate(reference));
    } catch (error) {
      setCheck({ ok: false, message: errorMessage(error, failedMessage) });
    } finally {
      setChecking(false);
    }
  };

  return { check, checking, run, clear: () => setCheck(undefined) };
};

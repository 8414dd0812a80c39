import * as React from 'react';
import { Button, Flex, Typography } from '@strapi/design-system';
import type { CheckResult } from '../../../server/src/admin-api';
import { errorMessage } from '../utils/api-errors';

type Props = {
  /** Runs the check against the saved settings (a method of the API client). */
  run: () => Promise<CheckResult>;
  label: string;
  testId: string;
  disabled?: boolean;
};

/** Runs a connection check and keeps its verdict next to the button, where the admin looks. */
export const CheckButton = ({ run, label, testId, disabled }: Props) => {
  const [result, setResult] = React.useState<CheckResult>();
  const [busy, setBusy] = React.useState(false);

  const check = async () => {
    setBusy(true);
    setResult(undefined);
    try {
      setResult(await run());
    } catch (error) {
      setResult({ ok: false, message: errorMessage(error, 'The check failed.') });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex direction="column" alignItems="flex-end" gap={1}>
      <Button
        variant="secondary"
        size="S"
        onClick={check}
        loading={busy}
        disabled={disabled}
        data-testid={testId}
      >
        {label}
      </Button>
      {result ? (
        <Typography
          variant="pi"
          textColor={result.ok ? 'success600' : 'danger600'}
          data-testid={`${testId}-result`}
          data-ok={String(result.ok)}
          role="status"
        >
          {result.message}
        </Typography>
      ) : null}
    </Flex>
  );
};

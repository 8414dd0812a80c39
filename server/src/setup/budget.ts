import type { SetupCheck } from '../admin-api';

/**
 * Every check gets the same time to answer: one that hangs (a Twilio or model endpoint that
 * never replies) turns red on its own line instead of holding up the whole checklist.
 */
export const withBudget = async (
  id: string,
  check: () => Promise<SetupCheck>,
  budgetMs: number
): Promise<SetupCheck> => {
  let timer: NodeJS.Timeout | undefined;
  const overdue = new Promise<SetupCheck>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          id,
          status: 'fail',
          detail: `No answer within ${budgetMs / 1000} s.`,
          fix: 'Run the checklist again; if it stays red, the service behind this check does not answer from this server (network, firewall, an endpoint that hangs).',
        }),
      budgetMs
    );
  });
  try {
    return await Promise.race([
      check().catch(
        (error: unknown): SetupCheck => ({
          id,
          status: 'fail',
          detail: `The check failed: ${error instanceof Error ? error.message : String(error)}`,
          fix: 'Run the checklist again; if it stays red, the server log has the details.',
        })
      ),
      overdue,
    ]);
  } finally {
    clearTimeout(timer);
  }
};

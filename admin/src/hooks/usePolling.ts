import * as React from 'react';

/** How often the inbox and a conversation in a person's hands look again: within the 3 s promised. */
export const POLL_MS = 2_000;

/**
 * Calls `refetch` every `ms` while the page is visible. Polling the admin API (and so the
 * database) rather than listening to an event of this process: with several Strapi processes
 * behind a load balancer, a member's message or another manager's action is written by whichever
 * process took it, and only the database sees them all. One cheap request every 2 s per open page.
 */
export const usePolling = (refetch: () => void, ms: number = POLL_MS) => {
  React.useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') refetch();
    }, ms);
    return () => clearInterval(timer);
  }, [refetch, ms]);
};

import { useRBAC } from '@strapi/strapi/admin';
import { PERMISSIONS } from '../permissions';
import { useApiQuery } from './useApiQuery';
import { usePolling } from './usePolling';

/** How often the menu looks again: a cheap COUNT, but on every admin page. */
const WAITING_POLL_MS = 10_000;

/**
 * The last count seen, shared by every component that shows it: Strapi's main menu remounts its
 * icons on every navigation, and a badge starting empty each time would flicker.
 */
let lastSeen = 0;

/** How many members wait for a person, in the admin's communities (0 without conversations.read). */
export const useWaitingCount = () => {
  const { allowedActions } = useRBAC(PERMISSIONS.conversationsRead);
  const allowed = Boolean(allowedActions.canRead);
  const waiting = useApiQuery((api) => (allowed ? api.getWaitingCount() : Promise.resolve(0)), [allowed]);
  usePolling(waiting.refetch, WAITING_POLL_MS);
  if (waiting.data !== undefined) lastSeen = waiting.data;
  return allowed ? (waiting.data ?? lastSeen) : 0;
};

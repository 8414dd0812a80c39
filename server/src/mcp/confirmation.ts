import crypto from 'node:crypto';

/**
 * The one-time confirmation token an action tool answers with when the client cannot ask the
 * member itself: the proposal's id and a keyed MAC over who it was proposed to (member and
 * client), so it names one proposal, cannot be guessed from the id, and is worthless to any other
 * member or client. "One time" is the proposal's own state: pending → executing happens once.
 */
const mac = (key: Buffer, proposalId: number, userId: number, clientId: number) =>
  crypto
    .createHmac('sha256', key)
    .update(`mcp-confirm:${proposalId}:${userId}:${clientId}`)
    .digest('base64url')
    .slice(0, 32);

export const confirmationToken = (key: Buffer, proposalId: number, userId: number, clientId: number) =>
  `${proposalId}.${mac(key, proposalId, userId, clientId)}`;

/** The proposal id a token names for this member and client, or null for a token that is not theirs. */
export const proposalOf = (key: Buffer, token: string, userId: number, clientId: number): number | null => {
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!match) return null;
  const proposalId = Number(match[1]);
  const expected = Buffer.from(mac(key, proposalId, userId, clientId));
  const given = Buffer.from(match[2]);
  return crypto.timingSafeEqual(expected, given) ? proposalId : null;
};

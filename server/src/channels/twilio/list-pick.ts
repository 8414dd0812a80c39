/**
 * A pick from one of our list pickers, as the member's text: Twilio posts the item's title as
 * the Body and its id as `ListId`. Our ids are `<collection>:<documentId>`, so the model learns
 * which record was picked (a title cut to 24 characters may not say).
 */
export const listPickText = (params: Record<string, unknown>): string | undefined => {
  const id = typeof params.ListId === 'string' ? params.ListId : undefined;
  const match = id ? /^([a-z][a-z0-9_]{1,30}):([\w-]{1,64})$/.exec(id) : null;
  if (!match) return undefined;
  const title = typeof params.ListTitle === 'string' && params.ListTitle ? params.ListTitle : params.Body;
  return `I pick "${String(title ?? '')}" (${match[1]} documentId ${match[2]})`;
};

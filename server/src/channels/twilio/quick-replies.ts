import crypto from 'node:crypto';
import type { Button } from '../adapter';
import type { TwilioClient } from './client';

/** WhatsApp's limit for a quick-reply message's text (longer ones go out as plain text). */
export const QUICK_REPLY_MAX_BODY = 1024;

/**
 * The Content API resources that carry quick-reply buttons: one per set of buttons, its text a
 * variable (`{{1}}`), found by a name derived from the buttons — so every process and restart
 * reuses the same resource instead of creating one each (the account's content list stays
 * short). Quick replies inside the 24-hour window need no approval.
 */
export const createQuickReplies = (client: TwilioClient) => {
  const known = new Map<string, Promise<string>>();

  const friendlyName = (buttons: Button[]) =>
    `whatsapp_agent_quick_reply_${crypto.createHash('sha256').update(JSON.stringify(buttons)).digest('hex').slice(0, 12)}`;

  const findOrCreate = async (buttons: Button[]) => {
    const name = friendlyName(buttons);
    const existing = (await client.content.v1.contents.list({ pageSize: 100 })).find(
      (content) => content.friendlyName === name
    );
    if (existing) return existing.sid;
    // The API's own field names: twilio-node posts this object as the JSON body, as it is.
    const created = await client.content.v1.contents.create({
      friendly_name: name,
      language: 'en',
      variables: { 1: 'Your question' },
      types: {
        'twilio/quick-reply': {
          body: '{{1}}',
          actions: buttons.map(({ id, title }) => ({ id, title })),
        },
        'twilio/text': { body: '{{1}}' },
      },
    } as never);
    return created.sid;
  };

  return {
    /** The Content SID for these buttons (looked up or created once per process). */
    contentSid(buttons: Button[]): Promise<string> {
      const key = JSON.stringify(buttons);
      let sid = known.get(key);
      if (!sid) {
        sid = findOrCreate(buttons);
        known.set(key, sid);
        // A failed lookup is tried again next time.
        sid.catch(() => known.delete(key));
      }
      return sid;
    },
  };
};

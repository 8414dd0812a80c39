import { isSameTwilioAddress, parseTwilioAddress } from '../../server/src/channels/twilio/address';
import { createTwilioInbound } from '../../server/src/channels/twilio/inbound';
import { rcsChoicesOf, RCS_MAX_CHOICES } from '../../server/src/channels/twilio/rcs-content';
import { ledgerRows } from '../../server/src/usage/ledger';
import { DEFAULT_PRICES } from '../../server/src/settings/prices';

const ACCOUNT_SID = `AC${'1'.repeat(32)}`;
const SERVICE = `MG${'4'.repeat(32)}`;
const inbound = createTwilioInbound({
  accounts: () =>
    new Map([
      [
        ACCOUNT_SID,
        {
          authTokens: ['t'],
          senders: [
            { address: 'whatsapp:+14155238886', senderId: null },
            { address: '+14155550100', senderId: null },
          ],
        },
      ],
    ]),
  rcs: () => ({ messagingServiceSid: SERVICE, senderId: 'acme_agent' }),
});
/** Whether the message was sent to one of our senders (else the webhook refuses it). */
const isOurs = (parsed: Parameters<typeof inbound.senderOf>[0]) => inbound.senderOf(parsed) !== undefined;
const parse = (endpoint: string, params: Record<string, string>) =>
  inbound.parse({ url: '', endpoint, header: () => undefined, params });
/** An inbound message's params over the defaults; a param given as undefined is left out. */
const message = (params: Record<string, string | undefined>) => {
  const all = {
    MessageSid: `SM${'2'.repeat(32)}`,
    AccountSid: ACCOUNT_SID,
    From: 'rcs:+4915112345678',
    To: 'rcs:acme_agent',
    MessagingServiceSid: SERVICE,
    Body: 'Hi',
    ...params,
  };
  const parsed = parse(
    '',
    Object.fromEntries(
      Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== undefined)
    )
  );
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value.messages[0];
};
const status = (params: Record<string, string>) => {
  const parsed = parse('status', {
    MessageSid: `SM${'3'.repeat(32)}`,
    MessageStatus: 'delivered',
    ...params,
  });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value.statuses[0];
};

describe('RCS through Twilio', () => {
  it('reads rcs: addresses as their own kind of channel, keyed by the plain number', () => {
    expect(parseTwilioAddress('rcs:+4915112345678')).toEqual({ kind: 'rcs', e164: '+4915112345678' });
    expect(parseTwilioAddress('whatsapp:+4915112345678')).toEqual({
      kind: 'whatsapp',
      e164: '+4915112345678',
    });
    expect(parseTwilioAddress('+4915112345678')).toEqual({ kind: 'sms', e164: '+4915112345678' });
    expect(parseTwilioAddress('rcs:acme_agent')).toBeNull();
    expect(isSameTwilioAddress('rcs:+4915112345678', '+4915112345678')).toBe(false);
  });

  it('parses an inbound RCS message to our sender, and knows it is ours by its id or its service', () => {
    const parsed = message({});
    expect(parsed).toMatchObject({ kind: 'rcs', from: '+4915112345678', to: 'rcs:acme_agent', body: 'Hi' });
    expect(isOurs(parsed)).toBe(true);
    // The sender id is optional in the settings: the Messaging Service names the sender as well.
    expect(isOurs(message({ To: 'rcs:renamed_agent' }))).toBe(true);
    expect(isOurs(message({ To: 'rcs:another_agent', MessagingServiceSid: `MG${'5'.repeat(32)}` }))).toBe(
      false
    );
    // Our RCS sender is no address for WhatsApp.
    expect(isOurs(message({ From: 'whatsapp:+4915112345678' }))).toBe(false);
  });

  it('takes an SMS through the RCS service as the same RCS conversation (a reply to the SMS fallback)', () => {
    const reply = message({ From: '+4915112345678', To: '+14155550199' });
    expect(reply).toMatchObject({ kind: 'rcs', from: '+4915112345678' });
    expect(isOurs(reply)).toBe(true);
    // An SMS to our SMS number, not through the service, stays an SMS.
    expect(
      message({ From: '+4915112345678', To: '+14155550100', MessagingServiceSid: undefined })
    ).toMatchObject({
      kind: 'sms',
    });
  });

  it('refuses an RCS sender id that is not one, and a Messaging Service SID that is not one', () => {
    expect(
      parse('', {
        MessageSid: `SM${'2'.repeat(32)}`,
        AccountSid: ACCOUNT_SID,
        From: 'rcs:+4915112345678',
        To: 'rcs:<script>',
      })
    ).toMatchObject({ ok: false, error: expect.stringMatching(/To: must be an E\.164 number/) });
    expect(() => message({ MessagingServiceSid: 'MG123' })).toThrow(/MessagingServiceSid/);
  });

  it("turns a tap on a list's chip into the pick it stands for, and leaves a confirmation's tap as it is", () => {
    expect(
      message({ Body: 'Repair café', ButtonText: 'Repair café', ButtonPayload: 'list:events:abc123' }).body
    ).toBe('I pick "Repair café" (events documentId abc123)');
    const tap = message({ Body: 'Yes', ButtonText: 'Yes', ButtonPayload: 'confirm:yes:7' });
    expect(tap).toMatchObject({ body: 'Yes', buttonPayload: 'confirm:yes:7' });
  });

  it('tells from a status callback which channel carried a message sent through the RCS service', () => {
    expect(status({ To: 'rcs:+4915112345678', MessagingServiceSid: SERVICE })).toMatchObject({
      deliveredAs: 'rcs',
    });
    expect(status({ To: '+4915112345678', MessagingServiceSid: SERVICE })).toMatchObject({
      deliveredAs: 'sms',
    });
    // Our WhatsApp and SMS messages say nothing of it: their kind is their channel's.
    expect(status({ To: 'whatsapp:+4915112345678' })).not.toHaveProperty('deliveredAs');
    expect(status({ To: '+4915112345678' })).not.toHaveProperty('deliveredAs');
  });

  it('offers buttons as chips, a short list as chips that name its items, a long one as text', () => {
    const buttons = [
      { id: 'confirm:yes:7', title: 'Yes' },
      { id: 'confirm:no:7', title: 'No' },
    ];
    expect(rcsChoicesOf(buttons)).toEqual(buttons);
    const items = (count: number) =>
      Array.from({ length: count }, (_, i) => ({ id: `events:e${i}`, title: `Event ${i}`, description: '' }));
    expect(rcsChoicesOf(undefined, { button: 'Choose', items: items(2) })).toEqual([
      { id: 'list:events:e0', title: 'Event 0' },
      { id: 'list:events:e1', title: 'Event 1' },
    ]);
    expect(rcsChoicesOf(undefined, { button: 'Choose', items: items(RCS_MAX_CHOICES + 1) })).toBeUndefined();
  });

  it('prices a fallback as what the SMS cost beyond the RCS message billed', () => {
    const rows = ledgerRows({ ...DEFAULT_PRICES, models: [] });
    const account = { userId: 1, community: 'default', communities: [] };
    const part = { id: 9, body: 'x'.repeat(200) };
    const sent = rows.outbound(account, { id: 3, kind: 'rcs' }, part);
    const fallback = rows.fallback(account, { id: 3 }, part, { sentAs: 'rcs', deliveredAs: 'sms' });
    expect(sent.twilioMicros).toBe(10_000);
    // 200 GSM-7 characters are two segments.
    expect((sent.twilioMicros ?? 0) + (fallback.twilioMicros ?? 0)).toBe(2 * 8_300);
    expect(fallback).toMatchObject({ kind: 'fallback', sourceKey: 'fallback:9' });
  });
});

import crypto from 'node:crypto';

/**
 * Where Twilio keeps a number's inbound webhook, as far as the plugin's setup checklist reads it:
 * the account's phone numbers (IncomingPhoneNumbers, `SmsUrl`, updatable), its Messaging Services
 * (`InboundRequestUrl`, unless the service defers to the number) and its WhatsApp senders
 * (Senders API, `webhook.callback_url`). The service number exists from the start, as a number and
 * an online WhatsApp sender; its webhook follows the emulator's `setWebhookUrl` until changed.
 */

export type EmulatedNumber = { sid: string; phoneNumber: string; smsUrl: string };
export type EmulatedMessagingService = {
  sid: string;
  friendlyName: string;
  inboundRequestUrl: string;
  useInboundWebhookOnNumber: boolean;
  phoneNumberSids: string[];
};
export type EmulatedSender = { sid: string; senderId: string; status: string; callbackUrl: string };

type Answer = { status: number; body: unknown };

const sidOf = (prefix: string) => `${prefix}${crypto.randomBytes(16).toString('hex')}`;

export const createTwilioNumbers = (accountSid: string, serviceNumber: string) => {
  const e164 = serviceNumber.replace(/^whatsapp:/, '');
  const numbers: EmulatedNumber[] = [{ sid: sidOf('PN'), phoneNumber: e164, smsUrl: '' }];
  const services: EmulatedMessagingService[] = [];
  const senders: EmulatedSender[] = [
    { sid: sidOf('XE'), senderId: `whatsapp:${e164}`, status: 'ONLINE', callbackUrl: '' },
  ];
  const accountPath = `/2010-04-01/Accounts/${accountSid}`;

  const numberView = (number: EmulatedNumber) => ({
    sid: number.sid,
    account_sid: accountSid,
    phone_number: number.phoneNumber,
    friendly_name: number.phoneNumber,
    sms_url: number.smsUrl,
    sms_method: 'POST',
    capabilities: { sms: true, mms: true, voice: false, fax: false },
    uri: `${accountPath}/IncomingPhoneNumbers/${number.sid}.json`,
  });
  const page = (key: string, items: unknown[]) => ({
    [key]: items,
    meta: { key, page: 0, page_size: 50, next_page_url: null, previous_page_url: null },
  });

  /** Answers a request for one of these resources, or undefined when the path is not one of them. */
  const handle = (method: string, url: URL, body: string): Answer | undefined => {
    if (method === 'GET' && url.pathname === `${accountPath}/IncomingPhoneNumbers.json`) {
      const wanted = url.searchParams.get('PhoneNumber');
      const listed = numbers.filter((number) => !wanted || number.phoneNumber === wanted);
      return {
        status: 200,
        body: {
          incoming_phone_numbers: listed.map(numberView),
          next_page_uri: null,
          previous_page_uri: null,
          page: 0,
          page_size: 50,
        },
      };
    }
    const numberPath = new RegExp(`^${accountPath}/IncomingPhoneNumbers/(PN\\w+)\\.json$`).exec(url.pathname);
    const number = numberPath && numbers.find((candidate) => candidate.sid === numberPath[1]);
    if (method === 'POST' && number) {
      const smsUrl = new URLSearchParams(body).get('SmsUrl');
      if (smsUrl !== null) number.smsUrl = smsUrl;
      return { status: 200, body: numberView(number) };
    }
    if (method === 'GET' && url.pathname === '/v1/Services') {
      return {
        status: 200,
        body: page(
          'services',
          services.map((service) => ({
            sid: service.sid,
            account_sid: accountSid,
            friendly_name: service.friendlyName,
            inbound_request_url: service.inboundRequestUrl,
            use_inbound_webhook_on_number: service.useInboundWebhookOnNumber,
          }))
        ),
      };
    }
    const servicePath = /^\/v1\/Services\/(MG\w+)\/PhoneNumbers$/.exec(url.pathname);
    const service = servicePath && services.find((candidate) => candidate.sid === servicePath[1]);
    if (method === 'GET' && service) {
      const members = numbers.filter((candidate) => service.phoneNumberSids.includes(candidate.sid));
      return {
        status: 200,
        body: page(
          'phone_numbers',
          members.map((member) => ({
            sid: member.sid,
            service_sid: service.sid,
            phone_number: member.phoneNumber,
          }))
        ),
      };
    }
    if (method === 'GET' && url.pathname === '/v2/Channels/Senders') {
      const channel = (url.searchParams.get('Channel') ?? '').toLowerCase();
      const listed = senders.filter((sender) => !channel || sender.senderId.startsWith(`${channel}:`));
      return {
        status: 200,
        body: page(
          'senders',
          listed.map((sender) => ({
            sid: sender.sid,
            sender_id: sender.senderId,
            status: sender.status,
            webhook: { callback_url: sender.callbackUrl, callback_method: 'POST' },
          }))
        ),
      };
    }
    return undefined;
  };

  const numberOf = (phoneNumber: string) => {
    const found = numbers.find(
      (candidate) => candidate.phoneNumber === phoneNumber.replace(/^whatsapp:/, '')
    );
    if (!found) throw new Error(`The emulated account has no number ${phoneNumber}`);
    return found;
  };

  return {
    handle,
    /** What the console's "A message comes in" field of the service number says. */
    setServiceNumberWebhook(url: string) {
      numberOf(e164).smsUrl = url;
    },
    serviceNumberWebhook: () => numberOf(e164).smsUrl,
    /** A Messaging Service holding the service number: its inbound URL wins unless it defers to the number. */
    addMessagingService(service: {
      friendlyName: string;
      inboundRequestUrl: string;
      useInboundWebhookOnNumber?: boolean;
    }) {
      services.push({
        sid: sidOf('MG'),
        friendlyName: service.friendlyName,
        inboundRequestUrl: service.inboundRequestUrl,
        useInboundWebhookOnNumber: service.useInboundWebhookOnNumber ?? false,
        phoneNumberSids: [numberOf(e164).sid],
      });
    },
    /** The WhatsApp sender's own state at Meta (e.g. OFFLINE) and its callback URL. */
    setWhatsAppSender(change: { status?: string; callbackUrl?: string }) {
      const sender = senders[0];
      if (change.status !== undefined) sender.status = change.status;
      if (change.callbackUrl !== undefined) sender.callbackUrl = change.callbackUrl;
    },
    /** The account without the service number (credentials for the wrong account). */
    removeServiceNumber() {
      numbers.splice(0, numbers.length);
      senders.splice(0, senders.length);
    },
  };
};

export type TwilioNumbers = ReturnType<typeof createTwilioNumbers>;

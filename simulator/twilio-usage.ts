/**
 * The Twilio emulator's usage: what it counted (messages accepted through the Messages API,
 * messages it delivered to the webhook, failed messages) and what a test seeded, served as
 * Twilio's Usage Records list. As on Twilio, a category's record includes its children's usage
 * (`sms` holds `sms-inbound` and `sms-outbound`, `channels` holds `channels-messaging`, which
 * holds both directions' platform fees), `totalprice` holds everything, and the sub-accounts'
 * usage counts unless `IncludeSubaccounts=false`.
 */

export type UsageEntry = {
  category: string;
  /** The UTC day of the usage, YYYY-MM-DD. */
  day: string;
  count: number;
  /** Integer micro-dollars; served as a decimal USD string, as Twilio does. */
  priceMicros: number;
  /** Usage of one of this account's sub-accounts. */
  subaccount?: boolean;
};

/** The emulator's own prices, in micro-dollars: $0.005 per WhatsApp message each way, $0.0079 an SMS, $0.001 a failed message. */
export const EMULATOR_PRICES = { whatsappMessage: 5_000, smsMessage: 7_900, failedMessage: 1_000 };

const PARENT_CATEGORY: Record<string, string> = {
  'sms-inbound': 'sms',
  'sms-outbound': 'sms',
  'channels-messaging-inbound': 'channels-messaging',
  'channels-messaging-outbound': 'channels-messaging',
  'channels-messaging': 'channels',
  'channels-whatsapp-service': 'channels-whatsapp',
  'channels-whatsapp-template-marketing': 'channels-whatsapp',
  'channels-whatsapp-template-utility': 'channels-whatsapp',
  'channels-whatsapp-template-authentication': 'channels-whatsapp',
  'channels-whatsapp': 'channels',
};

const DESCRIPTIONS: Record<string, string> = {
  sms: 'SMS',
  'sms-inbound': 'Inbound SMS',
  'sms-outbound': 'Outbound SMS',
  channels: 'Channels Platform',
  'channels-messaging': 'Messaging Channels',
  'channels-messaging-inbound': 'Messaging Channels Inbound',
  'channels-messaging-outbound': 'Messaging Channels Outbound',
  'channels-whatsapp': 'WhatsApp',
  'failed-message-processing-fee': 'Failed Message Processing Fee',
  totalprice: 'Total Price',
};

const TOTAL = 'totalprice';

/** The category itself and every category that holds it. */
const withAncestors = (category: string): string[] =>
  PARENT_CATEGORY[category] ? [category, ...withAncestors(PARENT_CATEGORY[category])] : [category];

const usd = (micros: number) => (micros / 1_000_000).toFixed(6);

const utcDay = (at: Date) => at.toISOString().slice(0, 10);

export const createUsageRecords = ({ accountSid }: { accountSid: string }) => {
  const entries: UsageEntry[] = [];

  const recordsPath = `/2010-04-01/Accounts/${accountSid}/Usage/Records.json`;

  return {
    entries,

    /** Counts one message the emulator accepted or delivered (`whatsapp:` addresses are WhatsApp). */
    countMessage(direction: 'inbound' | 'outbound', address: string, at = new Date()) {
      const whatsapp = address.startsWith('whatsapp:');
      entries.push({
        category: whatsapp ? `channels-messaging-${direction}` : `sms-${direction}`,
        day: utcDay(at),
        count: 1,
        priceMicros: whatsapp ? EMULATOR_PRICES.whatsappMessage : EMULATOR_PRICES.smsMessage,
      });
    },

    countFailedMessage(at = new Date()) {
      entries.push({
        category: 'failed-message-processing-fee',
        day: utcDay(at),
        count: 1,
        priceMicros: EMULATOR_PRICES.failedMessage,
      });
    },

    /**
     * GET …/Usage/Records.json: one record per category over [StartDate, EndDate] (all time when
     * left out), or only `Category`'s; paged with PageSize (default 50, at most 1000) and Page.
     */
    list(query: URLSearchParams) {
      const from = query.get('StartDate') ?? '0000-01-01';
      const to = query.get('EndDate') ?? '9999-12-31';
      const includeSubaccounts = query.get('IncludeSubaccounts') !== 'false';
      const counted = entries.filter(
        (entry) => entry.day >= from && entry.day <= to && (includeSubaccounts || !entry.subaccount)
      );
      const only = query.get('Category');
      const categories = only
        ? [only]
        : [...new Set([...counted.flatMap((entry) => withAncestors(entry.category)), TOTAL])].sort();
      const days = counted.map((entry) => entry.day).sort();
      const startDate = query.get('StartDate') ?? days[0] ?? utcDay(new Date());
      const endDate = query.get('EndDate') ?? days[days.length - 1] ?? utcDay(new Date());

      const records = categories.map((category) => {
        const inIt = counted.filter(
          (entry) => category === TOTAL || withAncestors(entry.category).includes(category)
        );
        const priceMicros = inIt.reduce((sum, entry) => sum + entry.priceMicros, 0);
        const count = inIt.reduce((sum, entry) => sum + entry.count, 0);
        return {
          account_sid: accountSid,
          api_version: '2010-04-01',
          as_of: new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00'),
          category,
          count: category === TOTAL ? '' : String(count),
          count_unit: category === TOTAL ? '' : 'messages',
          description: DESCRIPTIONS[category] ?? category,
          end_date: endDate,
          price: usd(priceMicros),
          price_unit: 'usd',
          start_date: startDate,
          subresource_uris: {},
          uri: `${recordsPath}?Category=${category}&StartDate=${startDate}&EndDate=${endDate}`,
          usage: category === TOTAL ? usd(priceMicros) : String(count),
          usage_unit: category === TOTAL ? 'usd' : 'messages',
        };
      });

      const pageSize = Math.min(1000, Math.max(1, Number(query.get('PageSize')) || 50));
      const page = Math.max(0, Number(query.get('Page')) || 0);
      const start = page * pageSize;
      const pageUri = (index: number) => {
        const params = new URLSearchParams(query);
        params.set('PageSize', String(pageSize));
        params.set('Page', String(index));
        return `${recordsPath}?${params.toString()}`;
      };
      const usageRecords = records.slice(start, start + pageSize);
      return {
        first_page_uri: pageUri(0),
        previous_page_uri: page > 0 ? pageUri(page - 1) : null,
        next_page_uri: start + pageSize < records.length ? pageUri(page + 1) : null,
        uri: pageUri(page),
        page,
        page_size: pageSize,
        start,
        end: start + Math.max(0, usageRecords.length - 1),
        usage_records: usageRecords,
      };
    },
  };
};

export type UsageRecords = ReturnType<typeof createUsageRecords>;

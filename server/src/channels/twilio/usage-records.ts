import { z } from 'zod';
import type { TwilioUsageView } from '../../admin-api';
import { describeZodError } from '../../utils/zod-issues';
import type { TwilioClient } from './client';
import { TwilioAnswerError } from './errors';

/**
 * What Twilio itself charged for messaging, set beside the ledger's `twilioMicros`, so the
 * categories are Twilio's own fees and each is counted once. From Twilio's list of usage
 * categories (https://www.twilio.com/docs/usage/api/usage-record#usage-all-categories):
 *
 * - `channels-messaging-outbound`, `channels-messaging-inbound` ("WhatsApp Business API"):
 *   Twilio's flat platform fee per WhatsApp message, each direction. Their parents
 *   (`channels-messaging`, `channels`) are not asked for: they would count the same fee again.
 * - `sms` ("SMS & MMS"): all SMS, inbound and outbound; its children (`sms-inbound`,
 *   `sms-outbound`, `-longcode`, `-shortcode`) are in it already.
 * - `failed-message-processing-fee`: Twilio's $0.001 per message that ends "failed" (since
 *   2024-09-30; not for Twilio's own errors — Twilio's "Failed Message Processing Fees" support
 *   article). Not in that table: the name is the one real accounts' records carry.
 *
 * Left out: `channels-whatsapp-*`, Meta's template fees that Twilio passes through (the ledger
 * counts them as Meta's, not Twilio's); carrier fees, phone numbers and `totalprice` (not
 * per-message costs the ledger prices).
 */
export const MESSAGING_CATEGORIES = [
  'channels-messaging-outbound',
  'channels-messaging-inbound',
  'sms',
  'failed-message-processing-fee',
] as const;

export type CategoryUsage = TwilioUsageView['categories'][number];

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/**
 * A Twilio price (a decimal string in USD, "0.0050"; twilio-node types it as a number but
 * passes the JSON's string through) → integer micro-dollars, rounded half away from zero, in
 * integer arithmetic so that "0.015" is 15000 and not 14999.
 */
export const twilioPriceToMicros = (price: string | number | null | undefined): number => {
  if (price === null || price === undefined || price === '') return 0;
  const text = typeof price === 'number' ? price.toFixed(7) : price.trim();
  const match = DECIMAL.exec(text);
  if (!match) throw new TwilioAnswerError(`Twilio reported a price that is not a number: "${text}"`);
  const [, sign, whole, fraction = ''] = match;
  const digits = fraction.padEnd(7, '0');
  const micros = Number(whole) * 1_000_000 + Number(digits.slice(0, 6)) + (Number(digits[6]) >= 5 ? 1 : 0);
  return sign === '-' ? 0 - micros : micros;
};

const amount = z.union([z.string(), z.number()]).nullish();

/** The fields of a usage record we read (twilio-node's RecordInstance, as Twilio filled it). */
const usageRecordSchema = z.object({
  category: z.string(),
  description: z.string().nullish(),
  count: amount,
  price: amount,
  priceUnit: z.string().nullish(),
});

type UsageRecord = z.infer<typeof usageRecordSchema>;

const parseUsageRecord = (record: unknown): UsageRecord => {
  const parsed = usageRecordSchema.safeParse(record);
  if (!parsed.success)
    throw new TwilioAnswerError(
      `Twilio answered an unexpected usage record: ${describeZodError(parsed.error)}`
    );
  return parsed.data;
};

const toCategoryUsage = ({ category, description, count, price, priceUnit }: UsageRecord): CategoryUsage => {
  if (priceUnit && priceUnit.toLowerCase() !== 'usd') {
    throw new TwilioAnswerError(
      `Twilio reports this account's usage in ${priceUnit.toUpperCase()}; the ledger counts in USD, so the two cannot be compared`
    );
  }
  const events = Number(count ?? 0);
  if (!Number.isFinite(events))
    throw new TwilioAnswerError(`Twilio reported a count that is not a number for ${category}: "${count}"`);
  return {
    category,
    description: description || category,
    count: events,
    priceMicros: twilioPriceToMicros(price),
  };
};

/** Midnight UTC of a 'YYYY-MM-DD' day: twilio-node sends the UTC date of a Date, which is that day. */
const utcDate = (day: string) => new Date(`${day}T00:00:00.000Z`);

/**
 * The account's messaging usage over [fromDay, toDay] (UTC days, both included): one record per
 * category (the Usage Records list over a date range), its own usage only — Twilio includes the
 * sub-accounts' by default, which would count a parent's test and other regions in.
 */
export const fetchMessagingUsage = async (
  client: TwilioClient,
  accountSid: string,
  { fromDay, toDay }: { fromDay: string; toDay: string }
): Promise<CategoryUsage[]> => {
  const records = client.api.v2010.accounts(accountSid).usage.records;
  const lists = await Promise.all(
    MESSAGING_CATEGORIES.map((category) =>
      records.list({
        category,
        startDate: utcDate(fromDay),
        endDate: utcDate(toDay),
        includeSubaccounts: false,
      })
    )
  );
  // Only what was asked for, even if a filter were ignored: a parent category would count twice.
  const wanted = new Set<string>(MESSAGING_CATEGORIES);
  return lists
    .flat()
    .map(parseUsageRecord)
    .filter((record) => wanted.has(record.category))
    .map(toCategoryUsage);
};

import type { ModelPrice } from '../admin-api';
import type { ChannelKind } from '../constants';
import { usdToMicros, tokenMicros } from './money';

/** The prices in force (settings: admin panel > host config > defaults), in USD as entered. */
export type Prices = {
  twilioWhatsappMessageUsd: number;
  twilioSmsSegmentUsd: number;
  twilioFailedMessageUsd: number;
  twilioRcsMessageUsd: number;
  metaServiceUsd: number;
  metaUtilityUsd: number;
  metaMarketingUsd: number;
  metaAuthenticationUsd: number;
  models: ModelPrice[];
  /** Per minute of audio, by transcription model. */
  transcription?: Array<{ model: string; perMinuteUsd: number }>;
};

/** Meta's message categories: free-form replies inside the 24-hour window are `service`. */
export type MessageCategory = 'service' | 'utility' | 'marketing' | 'authentication';

const META_PRICE: Record<MessageCategory, keyof Prices> = {
  service: 'metaServiceUsd',
  utility: 'metaUtilityUsd',
  marketing: 'metaMarketingUsd',
  authentication: 'metaAuthenticationUsd',
};

/** SMS bills per segment: 160 GSM-7 characters (153 when split), 70 UCS-2 (67 when split). */
export const smsSegments = (body: string): number => {
  // eslint-disable-next-line no-control-regex
  const gsm7 = /^[\x0A\x0D\x20-\x7E£¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¡ÄÖÑÜ§¿äöñüà€]*$/.test(body);
  const length = [...body].length;
  const [single, part] = gsm7 ? [160, 153] : [70, 67];
  return length <= single ? 1 : Math.ceil(length / part);
};

/** What Twilio charges for one message in or out (WhatsApp and RCS per message, SMS per segment). */
export const twilioMessageMicros = (prices: Prices, kind: ChannelKind, body: string) => {
  if (kind === 'sms') return smsSegments(body) * usdToMicros(prices.twilioSmsSegmentUsd);
  if (kind === 'rcs') return usdToMicros(prices.twilioRcsMessageUsd);
  return usdToMicros(prices.twilioWhatsappMessageUsd);
};

/** What Meta charges for a WhatsApp message we send (SMS: nothing). */
export const metaMessageMicros = (prices: Prices, kind: ChannelKind, category: MessageCategory) =>
  kind === 'whatsapp' ? usdToMicros(prices[META_PRICE[category]] as number) : 0;

export const failedMessageMicros = (prices: Prices) => usdToMicros(prices.twilioFailedMessageUsd);

/** The price of a model: an exact name first, then the longest configured prefix ("gpt-4o-mini-2024…"). */
export const modelPrice = (prices: Prices, model: string): ModelPrice | undefined =>
  prices.models.find((price) => price.model === model) ??
  [...prices.models]
    .sort((a, b) => b.model.length - a.model.length)
    .find((price) => model.startsWith(price.model));

/**
 * One LLM call: prompt tokens include the cached ones, which are billed at the cached price. A
 * model without a configured price costs 0 (the row still counts its tokens).
 */
export const llmCallMicros = (
  prices: Prices,
  {
    model,
    promptTokens,
    completionTokens,
    cachedTokens,
  }: { model: string; promptTokens: number; completionTokens: number; cachedTokens: number }
): number => {
  const price = modelPrice(prices, model);
  if (!price) return 0;
  const cached = Math.min(cachedTokens, promptTokens);
  return Math.round(
    tokenMicros(promptTokens - cached, price.promptPerMillionUsd) +
      tokenMicros(cached, price.cachedPerMillionUsd) +
      tokenMicros(completionTokens, price.completionPerMillionUsd)
  );
};

/**
 * One voice note transcribed, billed per second of audio at the model's price per minute (an
 * exact name first, then the longest configured prefix). A model without a price costs 0.
 */
export const transcriptionMicros = (
  prices: Prices,
  { model, seconds }: { model: string; seconds: number }
) => {
  const known = prices.transcription ?? [];
  const price =
    known.find((candidate) => candidate.model === model) ??
    [...known]
      .sort((a, b) => b.model.length - a.model.length)
      .find((candidate) => model.startsWith(candidate.model));
  return price ? Math.round((usdToMicros(price.perMinuteUsd) * seconds) / 60) : 0;
};

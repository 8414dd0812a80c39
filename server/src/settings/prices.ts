import { z } from 'zod';
import { PROVIDER_DEFAULT_PRICES } from '../channels/provider-settings';
import { fieldSchemas } from './rules';

/** A transcription model's price: OpenAI bills audio by the minute. */
export const transcriptionPriceSchema = z
  .object({ model: z.string().min(1).max(200), perMinuteUsd: fieldSchemas.priceUsd })
  .strict();

/** OpenAI's list prices per minute of audio (gpt-4o-mini-transcribe: OpenAI's own estimate). */
export const DEFAULT_TRANSCRIPTION_PRICES = [
  { model: 'whisper-1', perMinuteUsd: 0.006 },
  { model: 'gpt-4o-mini-transcribe', perMinuteUsd: 0.003 },
  { model: 'gpt-4o-transcribe', perMinuteUsd: 0.006 },
];

export const modelPriceSchema = z
  .object({
    model: z.string().min(1).max(200),
    promptPerMillionUsd: fieldSchemas.priceUsd,
    completionPerMillionUsd: fieldSchemas.priceUsd,
    cachedPerMillionUsd: fieldSchemas.priceUsd,
  })
  .strict();

/**
 * What the ledger charges per message when nobody set a price: each provider's own list
 * (channels/<provider>/settings.ts), which admins keep current in the panel.
 */
export const DEFAULT_PRICES = PROVIDER_DEFAULT_PRICES;

/** OpenAI's list prices in USD per million tokens (prompt, completion, cached prompt). */
export const DEFAULT_MODEL_PRICES = [
  {
    model: 'gpt-4o-mini',
    promptPerMillionUsd: 0.15,
    completionPerMillionUsd: 0.6,
    cachedPerMillionUsd: 0.075,
  },
  { model: 'gpt-4o', promptPerMillionUsd: 2.5, completionPerMillionUsd: 10, cachedPerMillionUsd: 1.25 },
  {
    model: 'gpt-4.1-nano',
    promptPerMillionUsd: 0.1,
    completionPerMillionUsd: 0.4,
    cachedPerMillionUsd: 0.025,
  },
  { model: 'gpt-4.1-mini', promptPerMillionUsd: 0.4, completionPerMillionUsd: 1.6, cachedPerMillionUsd: 0.1 },
  { model: 'gpt-4.1', promptPerMillionUsd: 2, completionPerMillionUsd: 8, cachedPerMillionUsd: 0.5 },
];

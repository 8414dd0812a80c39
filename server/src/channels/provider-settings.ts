import { META_DEFAULT_PRICES, META_SETTINGS } from './meta/settings';
import { TWILIO_DEFAULT_PRICES, TWILIO_SETTINGS } from './twilio/settings';

/**
 * Each provider's section of the panel's settings and its prices, from its own folder. Kept apart
 * from registry.ts (which builds the providers' clients) so that the settings table, which the
 * admin panel also reads, pulls in no provider code: a new provider is one line here and one there.
 */
export const PROVIDER_SETTINGS = {
  twilio: TWILIO_SETTINGS,
  meta: META_SETTINGS,
};

export const PROVIDER_DEFAULT_PRICES = { ...TWILIO_DEFAULT_PRICES, ...META_DEFAULT_PRICES };

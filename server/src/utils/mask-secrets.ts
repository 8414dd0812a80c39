import type { Core } from '@strapi/strapi';
import { getService } from './get-service';

const PERCENT_RUN = /(?:%[0-9a-f]{2})+/gi;

/** Decodes one run of %XX escapes; a run that is not valid UTF-8 keeps its non-ASCII escapes. */
const decodeRun = (run: string) => {
  try {
    return decodeURIComponent(run);
  } catch {
    return run.replace(/%([0-7][0-9a-f])/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
};

/**
 * `text` with every occurrence of `secret` replaced by `label`, however a URL percent-encoded it:
 * the router decodes `%2D` to `-` before it compares the path token, so a request can carry the
 * token in any spelling. Masked before each round of decoding too, in case the secret itself
 * contains a `%`. A text without the secret is returned as it was; one with it, decoded.
 */
export const maskSecret = (text: string, secret: string, label = '<token>') => {
  if (!secret) return text;
  let current = text;
  let found = false;
  // `%252D` is `%2D` is `-`; four rounds are more than any router decodes.
  for (let round = 0; round < 4; round += 1) {
    if (current.includes(secret)) {
      found = true;
      current = current.split(secret).join(label);
    }
    const next = current.replace(PERCENT_RUN, decodeRun);
    if (next === current) break;
    current = next;
  }
  if (current.includes(secret)) {
    found = true;
    current = current.split(secret).join(label);
  }
  return found ? current : text;
};

/**
 * For every plugin log line that can carry a URL or a provider's error text: the webhook token
 * is the whole authentication of the webhook's path, and log lines travel further than the
 * server (log shippers, screenshots, support tickets).
 */
export const maskSecrets = (strapi: Core.Strapi, text: string) => {
  let token: string;
  try {
    token = getService(strapi, 'settings').webhookToken();
  } catch {
    // Not loaded yet: then no URL carrying it has been built or received either.
    return text;
  }
  return maskSecret(text, token);
};

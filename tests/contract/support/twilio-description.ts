import fs from 'node:fs';
import path from 'node:path';
import { createDescription, type Exchange, type OpenApiDocument, type Violation } from './openapi';

/**
 * Twilio's own OpenAPI description (contracts/twilio, from twilio/twilio-oai), with the few places
 * where it contradicts its own examples or Twilio's real answers corrected in memory — here only,
 * one comment per correction — and the requests it does not describe named, each with why.
 */

const CONTRACTS = path.join(__dirname, '..', '..', '..', 'contracts', 'twilio');

const load = (file: string) =>
  JSON.parse(fs.readFileSync(path.join(CONTRACTS, file), 'utf8')) as OpenApiDocument;

const FILES = ['twilio_api_v2010.json', 'twilio_content_v1.json', 'twilio_messaging_v2.json'];

/** Formats Twilio's description names that JSON Schema does not define. */
const formats: Record<string, (value: string) => boolean> = {
  // E.164, or a channel address: whatsapp:+14155238886, messenger:…, rcs:….
  'phone-number': (value) => /^(\+[1-9]\d{1,14}|[a-z]+:.+)$/.test(value),
  // RFC 2822 dates as Twilio writes them: "Thu, 01 Jan 2026 00:00:00 +0000".
  'date-time-rfc-2822': (value) =>
    /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} ([+-]\d{4}|GMT)$/.test(value) &&
    !Number.isNaN(Date.parse(value)),
  // ISO 4217, lower or upper case ("usd" in Usage Records, "USD" in Messages).
  currency: (value) => /^[A-Za-z]{3}$/.test(value),
  // { name: relative URI } maps (subresource_uris).
  'uri-map': () => true,
  // Correction: the description says `format: uri`, but its own examples and Twilio's answers hold
  // relative URIs ("/2010-04-01/Accounts/AC….json"): a URI reference is what Twilio sends.
  uri: (value) => URL.canParse(value, 'https://api.twilio.com'),
};

/** Walks a document and applies `fix` to each schema at the given component name. */
const patchComponent = (
  document: OpenApiDocument,
  name: string,
  fix: (schema: Record<string, unknown>) => void
) => {
  const schemas = document.components?.schemas as Record<string, Record<string, unknown>> | undefined;
  if (!schemas?.[name]) throw new Error(`Twilio's description has no component ${name} to correct`);
  fix(schemas[name]);
};

const correct = (file: string, document: OpenApiDocument) => {
  if (file === 'twilio_api_v2010.json') {
    // Correction: usage records' `price` is described as a number; its own examples and Twilio's
    // answers carry it as a string ("0.005"), like every other price in the API.
    patchComponent(document, 'api.v2010.account.usage.usage_record', (schema) => {
      const properties = schema.properties as Record<string, Record<string, unknown>>;
      properties.price = { ...properties.price, type: ['number', 'string'] };
    });
  }
  return document;
};

/**
 * Requests the plugin makes that no operation describes, because they are not API calls: the
 * media URL Twilio posts in `MediaUrl{N}` is the file itself (its `.json` twin is the described
 * Media resource), and it redirects to Twilio's CDN, which serves the file without credentials.
 */
const UNDESCRIBED = [
  /^\/2010-04-01\/Accounts\/AC\w{32}\/Messages\/(MM|SM)\w{32}\/Media\/ME\w{32}$/,
  /^\/media-cdn\/ME\w{32}$/,
];

/**
 * Twilio's REST error body (https://www.twilio.com/docs/usage/twilios-response): the description
 * lists only success answers, so errors are checked against this shape instead.
 */
const checkError = (exchange: Exchange): Violation[] => {
  const where = `${exchange.method} ${new URL(exchange.url, 'http://provider').pathname} error`;
  try {
    const body = JSON.parse(exchange.responseBody) as Record<string, unknown>;
    const unknown = Object.keys(body).filter(
      (key) => !['code', 'message', 'more_info', 'status'].includes(key)
    );
    return [
      ...(typeof body.code === 'number' ? [] : [{ where, message: 'code must be a number' }]),
      ...(typeof body.message === 'string' ? [] : [{ where, message: 'message must be a string' }]),
      ...(typeof body.more_info === 'string' ? [] : [{ where, message: 'more_info must be a string' }]),
      ...(body.status === exchange.status ? [] : [{ where, message: 'status must repeat the HTTP status' }]),
      ...unknown.map((key) => ({ where, message: `${key} is not part of Twilio's error body` })),
    ];
  } catch {
    return [{ where, message: 'an error answer must be JSON' }];
  }
};

export const loadTwilioDescription = () =>
  createDescription(
    FILES.map((file) => correct(file, structuredClone(load(file)))),
    { formats, undescribed: UNDESCRIBED, checkError }
  );

export type TwilioDescription = ReturnType<typeof loadTwilioDescription>;

import type { EndReason } from '../../identity';
import type { Language } from '../../languages/supported';
import { de } from './de';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import type { MessageKey, Replies } from './types';

export type { MessageKey, Replies };

/** Every language's fixed replies, as the plugin ships them (an admin may override each text). */
export const REPLIES: Record<Language, Replies> = { en, de, fr, es };

/** The English texts: the reference for keys and placeholders. */
export const DEFAULT_MESSAGES = en.messages;
export const MESSAGE_KEYS = Object.keys(DEFAULT_MESSAGES) as MessageKey[];

export const renderMessage = (template: string, values: Record<string, string | number | undefined>) =>
  template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));

/** `{linkPage}`: where members get a phrase. */
export const linkPage = (pageUrl: string | undefined, language: Language) =>
  pageUrl
    ? renderMessage(REPLIES[language].linkPage.withUrl, { url: pageUrl })
    : REPLIES[language].linkPage.withoutUrl;

/** `{reason}` of the relinkNeeded reply: why a link ended. */
export const endReason = (reason: EndReason, language: Language) => REPLIES[language].endReasons[reason];

/** `{status}` of the help reply. */
export const helpStatus = (language: Language, linkedTo?: string) =>
  linkedTo === undefined
    ? REPLIES[language].helpStatus.notLinked
    : renderMessage(REPLIES[language].helpStatus.linked, { name: linkedTo });

import type { EndReason } from '../../identity';
import type { en } from './en';

export type MessageKey = keyof typeof en.messages;

/** One language's fixed replies: every key of the English reference, with the same placeholders. */
export type Replies = {
  messages: Record<MessageKey, string>;
  linkPage: Record<keyof typeof en.linkPage, string>;
  endReasons: Record<EndReason, string>;
  helpStatus: Record<keyof typeof en.helpStatus, string>;
};

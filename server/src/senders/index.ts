import type { Core } from '@strapi/strapi';
import type { ChannelKind } from '../constants';
import { ownAccount } from '../channels/twilio';
import type { TwilioAccount } from '../channels/twilio/inbound';
import { createRepositories } from '../repositories';
import type { SenderRow } from '../repositories/sender';
import { baseUrlOf } from '../settings/secret-origin';
import { getService } from '../utils/get-service';

/**
 * A sender with its Auth Token opened: `authToken` is set only when the token was saved for the
 * Twilio API URL in effect now (`twilioApiTarget`); otherwise it is sent nowhere and the sender
 * neither takes webhooks nor sends until the token is entered again.
 */
export type Sender = Omit<SenderRow, 'authTokenEncrypted'> & { authToken?: string; hasAuthToken: boolean };

/** How long one process trusts its copy of the senders: another process's change is seen after at most this. */
const CACHE_TTL_MS = 5_000;

/** Where Twilio's API is (its real hosts, or the emulator that replaces them): a sender's token is bound to it. */
export const twilioApiTarget = (apiUrl: string | undefined) => baseUrlOf(apiUrl ?? 'https://api.twilio.com');

/**
 * The senders an install has besides the default one (Settings → Connection / TWILIO_*): each a
 * number on a Twilio (sub-)account, optionally a community's own. Read whole into memory (a
 * handful of rows) and kept for a few seconds, so that the webhook finds a message's sender with
 * no database round trip; this process's admin writes drop the copy at once.
 */
export const createSendersService = ({ strapi }: { strapi: Core.Strapi }) => {
  const { senders: repository } = createRepositories(strapi);
  let cache: { senders: Sender[]; loadedAt: number } | undefined;
  let loading: Promise<void> | undefined;
  // The accounts map is rebuilt only when the senders or the default settings change.
  let accountsOf:
    | { senders: Sender[]; settings: object | undefined; map: Map<string, TwilioAccount> }
    | undefined;

  const target = () => twilioApiTarget(getService(strapi, 'pluginConfig').get().twilio.apiUrl);

  const open = (row: SenderRow): Sender => {
    const { authTokenEncrypted, ...rest } = row;
    const usable = authTokenEncrypted !== null && row.authTokenBoundTo === target();
    return {
      ...rest,
      hasAuthToken: authTokenEncrypted !== null,
      ...(usable ? { authToken: getService(strapi, 'crypto').decrypt(authTokenEncrypted) } : {}),
    };
  };

  const load = async () => {
    const rows = await repository.list();
    cache = { senders: rows.map(open), loadedAt: Date.now() };
  };

  const list = () => cache?.senders ?? [];

  const service = {
    /** Resolves once this process's copy is at most a few seconds old (at once, nearly always). */
    fresh(): Promise<void> {
      if (cache && Date.now() - cache.loadedAt < CACHE_TTL_MS) return Promise.resolve();
      loading ??= load().finally(() => {
        loading = undefined;
      });
      return loading;
    },

    /** Drops this process's copy: the next `fresh()` reads the table again. */
    invalidate() {
      cache = undefined;
    },

    /** The stored senders as last read (call `fresh()` first). */
    list,

    find: (id: number | null | undefined) =>
      id == null ? undefined : list().find((sender) => sender.id === id),

    /** A community's own sender of this kind, if it has one. */
    ofCommunity: (community: string, kind: ChannelKind) =>
      list().find((sender) => sender.community === community && sender.kind === kind && sender.authToken),

    /**
     * Who sends a message to a member: the sender of the conversation (the number they last wrote
     * to) for an answer, the member's community's own sender first for what we start (reminders,
     * a manager's reply). A sender that was deleted or cannot send gives way to the next; undefined
     * is the default sender.
     */
    choose({
      kind,
      channelSenderId,
      community,
      startedBy,
    }: {
      kind: ChannelKind;
      channelSenderId: number | null | undefined;
      community: string;
      startedBy: 'member' | 'us';
    }): Sender | undefined {
      const remembered = service.find(channelSenderId);
      const ofConversation = remembered?.kind === kind && remembered.authToken ? remembered : undefined;
      if (startedBy === 'member' && channelSenderId == null) return undefined;
      return startedBy === 'member'
        ? (ofConversation ?? service.ofCommunity(community, kind))
        : (service.ofCommunity(community, kind) ?? ofConversation);
    },

    /**
     * The WhatsApp number a member of this community writes to (the linking phrase's deep link):
     * the community's own sender's, else the default one's. Undefined when there is none.
     */
    async contactNumber(community: string): Promise<string | undefined> {
      await service.fresh();
      const own = service.ofCommunity(community, 'whatsapp');
      return getService(strapi, 'adapters')
        .forSender(own, 'whatsapp')
        ?.contactNumber()
        .catch(() => undefined);
    },

    /** Every WhatsApp number members may be sent to (the default one's and each sender's). */
    async whatsappNumbers(): Promise<string[]> {
      await service.fresh();
      const own = await getService(strapi, 'adapters')
        .forKind('whatsapp')
        ?.contactNumber()
        .catch(() => undefined);
      const stored = list()
        .filter((sender) => sender.kind === 'whatsapp')
        .map((sender) => sender.address);
      return [...(own ? [own] : []), ...stored];
    },

    /** Every Twilio account whose webhooks we take: the default sender's and each sender's (call `fresh()` first). */
    twilioAccounts(): ReadonlyMap<string, TwilioAccount> {
      const senders = list();
      const settings = getService(strapi, 'settings').twilio();
      if (accountsOf?.senders === senders && accountsOf.settings === settings) return accountsOf.map;
      const map = new Map<string, TwilioAccount>(settings ? [ownAccount(settings)] : []);
      for (const sender of senders) {
        if (!sender.authToken) continue;
        const account = map.get(sender.accountSid) ?? { authTokens: [], senders: [] };
        map.set(sender.accountSid, {
          authTokens: account.authTokens.includes(sender.authToken)
            ? account.authTokens
            : [...account.authTokens, sender.authToken],
          senders: [
            ...account.senders,
            {
              address: sender.kind === 'whatsapp' ? `whatsapp:${sender.address}` : sender.address,
              senderId: sender.id,
            },
          ],
        });
      }
      accountsOf = { senders, settings, map };
      return map;
    },

    /** Seals a token for the Twilio API URL in effect now (the only place it will be sent). */
    sealToken: (authToken: string) => ({
      authTokenEncrypted: getService(strapi, 'crypto').encrypt(authToken),
      authTokenBoundTo: target(),
    }),
  };
  return service;
};

export type SendersService = ReturnType<typeof createSendersService>;

import type { Core } from '@strapi/strapi';
import { USER_UID } from '../constants';
import { createRepositories } from '../repositories';
import { createHandoffRepository } from '../repositories/handoff';
import type { Channel } from '../repositories/channel';
import { getService } from '../utils/get-service';
import { languageOf, type Language } from '../languages/supported';
import { createAskerDirectory } from './asker';
import { sessionDeviceId, sessionDeviceName } from './session-device';

/** A users-permissions user as the agent and its tools act as it. */
export type Member = {
  id: number;
  documentId: string;
  username: string;
  email: string;
  blocked: boolean;
  role?: { id: number; type: string };
};

/** Why a channel's link ended at this message. */
export type EndReason = 'revoked' | 'blocked' | 'deleted';

export type LinkedIdentity = { linked: true; user: Member; sessionId: string };

export type Identity = LinkedIdentity | { linked: false; ended?: EndReason };

type Profile = { name: string; language?: Language };

const NAME_TTL_MS = 60_000;
const NAMES_CACHED = 10_000;

type Session = { token: string; sessionId: string; absoluteExpiresAt?: string };

/**
 * The auth layer. A channel is bound to a users-permissions session (refresh token, stored
 * encrypted); every message resolves the member through that session — refresh → access
 * credential → user and role — so logout, revocation, blocking and deletion end the binding at
 * the next message. Tools and the agent talk to this service, never to a channel adapter.
 *
 * Lifetime: channel sessions are ordinary users-permissions refresh sessions (they appear in,
 * and die with, the member's session list). Their idle window is renewed by rotating the token
 * when a message arrives and the last renewal is older than `linking.sessionRenewSeconds`; the
 * absolute limit is users-permissions' `sessions.maxRefreshTokenLifespan`.
 */
export const createIdentityService = ({ strapi }: { strapi: Core.Strapi }) => {
  const { channels, inbound, outbound, pendingActions } = createRepositories(strapi);
  const handoffEvents = createHandoffRepository(strapi);
  const sessions = () => strapi.sessionManager('users-permissions');
  // Oldest first (a Map keeps insertion order), so the cache stays bounded.
  const profiles = new Map<number, Profile & { at: number }>();

  /** Name and language from the host's profile (or user), read once a minute per member. */
  const profileOf = async (user: { id: number; username: string }): Promise<Profile> => {
    const { member } = getService(strapi, 'pluginConfig').get();
    if (!member.contentType && !member.localeAttribute) return { name: user.username };
    const known = profiles.get(user.id);
    if (known && Date.now() - known.at < NAME_TTL_MS) return known;
    // The host's own profile collection, named in the plugin config.
    const profile = member.contentType
      ? ((await strapi.db
          .query(member.contentType as never)
          .findOne({ where: { [member.userAttribute]: { id: user.id } } })) as Record<string, unknown> | null)
      : null;
    const value = profile?.[member.nameAttribute];
    const name = typeof value === 'string' && value.trim() ? value : user.username;
    const localeHolder =
      member.localeAttribute && !member.contentType
        ? ((await strapi.db
            .query(USER_UID)
            .findOne({ where: { id: user.id }, select: ['id', member.localeAttribute] })) as Record<
            string,
            unknown
          > | null)
        : profile;
    const language = member.localeAttribute ? languageOf(localeHolder?.[member.localeAttribute]) : undefined;
    profiles.delete(user.id);
    profiles.set(user.id, { at: Date.now(), name, language });
    if (profiles.size > NAMES_CACHED) profiles.delete(profiles.keys().next().value!);
    return { name, language };
  };
  const crypto = () => getService(strapi, 'crypto');
  const askers = createAskerDirectory(strapi);

  const loadUser = async (id: number | string): Promise<Member | null> =>
    (await strapi.db
      .query(USER_UID)
      .findOne({ where: { id: Number(id) }, populate: ['role'] })) as Member | null;

  const stored = (session: Session) => ({
    refreshTokenEncrypted: crypto().encrypt(session.token),
    sessionId: session.sessionId,
    renewedAt: new Date(),
    expiresAt: session.absoluteExpiresAt ? new Date(session.absoluteExpiresAt) : null,
  });

  const service = {
    loadUser,

    /** Who asks this turn: their own member records and communities (scope of the agent's tools). */
    asker: (userId: number) => askers.of(userId),

    /** At bootstrap: the asker cache follows edits of the member collection. */
    watchMembers: () => askers.watchMembers(),

    /**
     * The member's display name: their profile's name when configured, else the username.
     * Read once a minute per member (it is in every turn's prompt, and names rarely change).
     */
    async displayName(user: { id: number; username: string }): Promise<string> {
      return (await profileOf(user)).name;
    },

    /** The language of the member's profile (`member.localeAttribute`), when the host keeps one. */
    async language(user: { id: number; username: string }): Promise<Language | undefined> {
      return (await profileOf(user)).language;
    },

    /** The member's first name, as a template greets them ("Hi Ada"); null for no such user. */
    async firstName(userId: number): Promise<string | null> {
      const user = (await strapi.db
        .query('plugin::users-permissions.user')
        .findOne({ where: { id: userId }, select: ['id', 'username'] })) as {
        id: number;
        username: string;
      } | null;
      if (!user) return null;
      return (await service.displayName(user)).trim().split(/\s+/)[0] || user.username;
    },

    /** Binds the channel to a fresh users-permissions session of `userId`; its conversation starts empty. */
    async bind(channel: Pick<Channel, 'id' | 'kind' | 'address'>, userId: number) {
      const session = await sessions().generateRefreshToken(String(userId), sessionDeviceId(channel), {
        type: 'refresh',
        metadata: { deviceName: sessionDeviceName(channel), loginAt: new Date().toISOString() },
      });
      await channels.bind(channel.id, userId, stored(session));
    },

    /**
     * Revokes the channel's session(s) and erases the binding and the conversation: the history,
     * the text of every message in and out, and what the actions proposed on it said (the open
     * one is cancelled: a Yes after relinking confirms nothing) — whatever the cause: UNLINK,
     * UNDO, STOP, a revoke in the admin panel, an ended session, the number moving to another
     * account. The next owner of the number never sees the old one's messages.
     */
    async unbind(channel: Pick<Channel, 'id' | 'kind' | 'address' | 'user'>) {
      const userId = channel.user?.id;
      if (userId) await sessions().invalidateRefreshToken(String(userId), sessionDeviceId(channel));
      await channels.unbind(channel.id);
      await inbound.redactOfChannel(channel.id);
      await outbound.redactOfChannel(channel.id);
      await pendingActions.closeOfChannel(channel.id);
      await handoffEvents.redactOfChannel(channel.id);
    },

    /**
     * A short-lived access token of the channel's session, for calling the host's own routes as
     * the member (an action they confirmed); null when the session is no longer valid.
     */
    async accessToken(channelId: number): Promise<string | null> {
      // Read now, not from the turn's start: resolving the turn may have rotated the session.
      const stored = await channels.refreshTokenOf(channelId);
      if (!stored) return null;
      const issued = await sessions().generateAccessToken(crypto().decrypt(stored));
      return 'token' in issued ? issued.token : null;
    },

    /** Who this channel acts as right now — or why it no longer does (the binding is then ended). */
    async resolve(channel: Channel): Promise<Identity> {
      if (channel.status !== 'linked' || !channel.refreshTokenEncrypted) return { linked: false };

      const end = async (reason: EndReason): Promise<Identity> => {
        await service.unbind(channel);
        return { linked: false, ended: reason };
      };

      let token = crypto().decrypt(channel.refreshTokenEncrypted);
      const { sessionRenewSeconds } = getService(strapi, 'pluginConfig').get().linking;
      const renewedAt = channel.sessionRenewedAt?.getTime() ?? 0;
      if (Date.now() - renewedAt >= sessionRenewSeconds * 1000) {
        const rotated = await sessions().rotateRefreshToken(token);
        if ('error' in rotated) return end('revoked');
        await channels.storeSession(channel.id, stored(rotated));
        token = rotated.token;
      }

      // The check users-permissions makes before it issues an access token (signature, session
      // active, not expired, same user): one session read per message. An access token itself
      // is only minted when something calls the host's API as the member.
      const verified = await sessions().validateRefreshToken(token);
      if (!verified.isValid) return end('revoked');

      // The channel read at the start of the turn carries its member, state and role.
      const user =
        channel.user?.id === Number(verified.userId) && channel.user.blocked !== undefined
          ? (channel.user as Member)
          : await loadUser(verified.userId);
      if (!user) return end('deleted');
      if (user.blocked) return end('blocked');
      return { linked: true, user, sessionId: verified.sessionId };
    },
  };
  return service;
};

export type IdentityService = ReturnType<typeof createIdentityService>;

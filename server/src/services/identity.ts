import type { Core } from '@strapi/strapi';
import { maskPhone } from '../identity/mask';
import type { EndReason } from '../identity/messages';
import { uid } from '../plugin-id';
import { getService } from '../utils/get-service';

const CHANNEL = uid('channel');
const USER = 'plugin::users-permissions.user';

export type ChannelRow = {
  id: number;
  documentId: string;
  kind: 'whatsapp' | 'sms';
  address: string;
  status: 'unlinked' | 'linked';
  refreshTokenEncrypted?: string | null;
  sessionId?: string | null;
  sessionRenewedAt?: string | Date | null;
  linkedAt?: string | Date | null;
  user?: { id: number } | null;
};

export type Member = { id: number; documentId: string; username: string; email: string; blocked: boolean; role?: { id: number; type: string } };

export type Identity =
  | { linked: true; user: Member; accessToken: string; sessionId: string }
  | { linked: false; ended?: EndReason };

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
  const sessions = () => strapi.sessionManager('users-permissions');
  const crypto = () => getService(strapi, 'crypto');
  const deviceId = (channel: Pick<ChannelRow, 'kind' | 'address'>) => `${channel.kind}:${channel.address}`;

  const loadUser = (id: number | string): Promise<Member | null> => strapi.db.query(USER).findOne({ where: { id: Number(id) }, populate: ['role'] });

  const storeSession = async (channelId: number, session: { token: string; sessionId: string; absoluteExpiresAt?: string }, extra: Record<string, unknown> = {}) => {
    await strapi.db.query(CHANNEL).update({
      where: { id: channelId },
      data: {
        refreshTokenEncrypted: crypto().encrypt(session.token),
        sessionId: session.sessionId,
        sessionRenewedAt: new Date(),
        sessionExpiresAt: session.absoluteExpiresAt ? new Date(session.absoluteExpiresAt) : null,
        ...extra,
      },
    });
  };

  const service = {
    deviceId,

    /** The member's display name: their profile's name when configured, else the username. */
    async displayName(user: Pick<Member, 'id' | 'username'>): Promise<string> {
      const { member } = getService(strapi, 'pluginConfig').get();
      if (!member.contentType) return user.username;
      const profile = await strapi.db.query(member.contentType as never).findOne({ where: { [member.userAttribute]: { id: user.id } } });
      const name = profile?.[member.nameAttribute];
      return typeof name === 'string' && name.trim() ? name : user.username;
    },

    /** Binds the channel to a fresh users-permissions session of `userId`; its conversation starts empty. */
    async bind(channel: Pick<ChannelRow, 'id' | 'kind' | 'address'>, userId: number) {
      const session = await sessions().generateRefreshToken(String(userId), deviceId(channel), {
        type: 'refresh',
        // Shown in the member's own session list (GET /api/auth/sessions).
        metadata: { deviceName: `${channel.kind === 'whatsapp' ? 'WhatsApp' : 'SMS'} ${maskPhone(channel.address)}`, loginAt: new Date().toISOString() },
      });
      await storeSession(channel.id, session, { user: userId, status: 'linked', linkedAt: new Date(), history: [], linkAttempts: 0, linkAttemptsSince: null });
    },

    /** Revokes the channel's session(s) and erases the binding and the conversation. */
    async unbind(channel: ChannelRow) {
      const userId = channel.user?.id;
      if (userId) await sessions().invalidateRefreshToken(String(userId), deviceId(channel));
      await strapi.db.query(CHANNEL).update({
        where: { id: channel.id },
        data: { user: null, status: 'unlinked', refreshTokenEncrypted: null, sessionId: null, sessionRenewedAt: null, sessionExpiresAt: null, linkedAt: null, history: [] },
      });
    },

    /** Who this channel acts as right now — or why it no longer does (the binding is then ended). */
    async resolve(channel: ChannelRow): Promise<Identity> {
      if (channel.status !== 'linked' || !channel.refreshTokenEncrypted) return { linked: false };

      const end = async (reason: EndReason): Promise<Identity> => {
        await service.unbind(channel);
        return { linked: false, ended: reason };
      };

      let token = crypto().decrypt(channel.refreshTokenEncrypted);
      const { sessionRenewSeconds } = getService(strapi, 'pluginConfig').get().linking;
      const renewedAt = channel.sessionRenewedAt ? new Date(channel.sessionRenewedAt).getTime() : 0;
      if (Date.now() - renewedAt >= sessionRenewSeconds * 1000) {
        const rotated = await sessions().rotateRefreshToken(token);
        if ('error' in rotated) return end('revoked');
        await storeSession(channel.id, rotated);
        token = rotated.token;
      }

      const access = await sessions().generateAccessToken(token);
      if ('error' in access) return end('revoked');
      const verified = sessions().validateAccessToken(access.token);
      if (!verified.isValid) return end('revoked');

      const user = await loadUser(verified.payload.userId);
      if (!user) return end('deleted');
      if (user.blocked) return end('blocked');
      return { linked: true, user, accessToken: access.token, sessionId: verified.payload.sessionId };
    },
  };
  return service;
};

export type IdentityService = ReturnType<typeof createIdentityService>;

import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../constants';
import { getService } from '../utils/get-service';
import type { ManagerScopesStore } from './manager-scopes';

export type HandoffEventName = 'requested' | 'assigned' | 'resolved';

/** What a listener gets: enough to route it (community), open it (channel) and read why. */
export type HandoffEventPayload = {
  community: string | null;
  /** The conversation's documentId: /admin/plugins/whatsapp-agent/conversations/<channel>. */
  channel: string;
  reason: string | null;
  by: 'member' | 'assistant' | 'manager' | 'system';
  assigneeId?: number | null;
};

/**
 * Nobody waits unseen: every change is an eventHub event (`whatsapp-agent.handoff.requested`,
 * `.assigned`, `.resolved`; a host forwards them to Slack or Teams, README), and a request is
 * also emailed to the community's managers when Strapi's email plugin is there and the setting
 * is on. Never fails the caller: the change is already stored.
 */
export const createHandoffNotifier = (strapi: Core.Strapi, scopes: ManagerScopesStore) => {
  const emailManagers = async (payload: HandoffEventPayload) => {
    const email = strapi.plugin('email')?.service('email') as
      | { send: (message: { to: string; subject: string; text: string }) => Promise<unknown> }
      | undefined;
    if (!email || !payload.community) return;
    const ids = await scopes.managersOf(payload.community);
    if (ids.length === 0) return;
    const managers = (await strapi.db
      .query('admin::user')
      .findMany({ select: ['email'], where: { id: { $in: ids }, isActive: true } })) as Array<{
      email: string;
    }>;
    const url = `${strapi.config.get('admin.url', '/admin')}/plugins/${PLUGIN_ID}/inbox`;
    await Promise.all(
      managers.map((manager) =>
        email.send({
          to: manager.email,
          subject: 'A member asked for a community manager on WhatsApp',
          text: `A member asked for a person${payload.reason ? ` (${payload.reason})` : ''}. Answer them from the Inbox: ${url}`,
        })
      )
    );
  };

  return (name: HandoffEventName, payload: HandoffEventPayload) => {
    void strapi.eventHub.emit(`${PLUGIN_ID}.handoff.${name}`, payload);
    if (name !== 'requested' || !getService(strapi, 'settings').handoff().emailManagers) return;
    emailManagers(payload).catch((error: unknown) =>
      strapi.log.warn(`[whatsapp-agent] Managers not emailed about a handoff request: ${String(error)}`)
    );
  };
};

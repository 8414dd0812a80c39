import type { Core } from '@strapi/strapi';
import type { SetupCheck } from '../admin-api';
import { getService } from '../utils/get-service';
import { failed, passed, skipped } from './results';

const PERMISSION = 'plugin::users-permissions.permission';

/**
 * A tool reads as the member, through their role: a collection the Authenticated role may not
 * `find` and `findOne` is a tool that answers "not allowed" to every member.
 */
export const checkToolPermissions = async (strapi: Core.Strapi): Promise<SetupCheck> => {
  const { tools } = getService(strapi, 'settings').agent();
  if (tools.length === 0)
    return skipped(
      'toolPermissions',
      'No collection is exposed as a tool: the agent can only chat.',
      'Add the collections members may ask about in Settings → WhatsApp agent → Tools.'
    );
  const granted = new Set(
    (
      (await strapi.db.query(PERMISSION).findMany({
        where: { role: { type: 'authenticated' } },
        select: ['action'],
      })) as Array<{ action: string }>
    ).map((permission) => permission.action)
  );
  const missing = tools.flatMap((tool) =>
    ['find', 'findOne']
      .filter((action) => !granted.has(`${tool.contentType}.${action}`))
      .map((action) => ({ tool, action }))
  );
  if (missing.length === 0)
    return passed(
      'toolPermissions',
      `The Authenticated role may read ${tools.map((tool) => tool.name).join(', ')}.`
    );
  const displayName = (uid: string) =>
    (strapi.contentTypes as unknown as Record<string, { info?: { displayName?: string } }>)[uid]?.info
      ?.displayName ?? uid;
  return failed(
    'toolPermissions',
    `The Authenticated role may not ${missing
      .map(({ tool, action }) => `${action} ${tool.name} (${tool.contentType})`)
      .join(', ')}: members get "not allowed" from those tools.`,
    `In Settings → Users & Permissions plugin → Roles → Authenticated, tick ${[
      ...new Set(missing.map(({ tool, action }) => `${displayName(tool.contentType)} → ${action}`)),
    ].join(', ')} and save.`
  );
};

import type { Core } from '@strapi/strapi';
import type { ActionToolConfig } from '../../settings/tool-schemas';
import type { AgentTool } from '../tools/collection-tool';
import { DEFAULT_COMMUNITY } from '../../identity/communities';
import { timeZoneOf } from '../../scheduler/community-schedule';
import { getService } from '../../utils/get-service';
import { createActionTool, type ReadRecord } from './action-tool';

/**
 * Adds the configured actions to the agent's tools. An action about a record reads it with the
 * read tool `get_<collection>` (the member's permission, scope and sanitizing): one that names a
 * collection not exposed, or a name already taken, is skipped with a warning.
 */
export const addActionTools = (
  strapi: Core.Strapi,
  tools: Map<string, AgentTool>,
  actions: ActionToolConfig[]
) => {
  const readRecord: ReadRecord = async (collection, documentId, context) => {
    const result = await tools.get(`get_${collection}`)?.run({ documentId }, context);
    if (!result) return { error: `There is no ${collection} collection to read from` };
    if ('error' in result) return { error: String(result.error) };
    const record = result[collection];
    return record && typeof record === 'object'
      ? (record as Record<string, unknown>)
      : { error: `No ${collection} with documentId ${documentId}` };
  };

  // Dates in questions as the member's community reads its clock (its digest's time zone).
  const timeZone = (communityKey: string | undefined) =>
    timeZoneOf(
      getService(strapi, 'pluginConfig').get().proactive.digest,
      communityKey ?? DEFAULT_COMMUNITY.key
    );

  for (const action of actions) {
    if (tools.has(action.name)) {
      strapi.log.warn(`[whatsapp-agent] Action "${action.name}": a tool of that name exists; not exposed`);
      continue;
    }
    if (action.record && !tools.has(`get_${action.record.collection}`)) {
      strapi.log.warn(
        `[whatsapp-agent] Action "${action.name}": its record is read from "${action.record.collection}", which is not an exposed collection; not exposed`
      );
      continue;
    }
    tools.set(action.name, createActionTool(action, readRecord, timeZone));
  }
  return tools;
};

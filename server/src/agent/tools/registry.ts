import type { Core } from '@strapi/strapi';
import type { CollectionToolConfig } from '../../settings/tool-schemas';
import { getService } from '../../utils/get-service';
import { createCollectionTools, type AgentTool } from './collection-tool';
import { createSuggestTool } from './suggest-tool';

/**
 * The agent's tools: two per exposed collection, plus suggest_<name> on the member collection
 * when it names its `suggestFields`. A collection that does not exist (or is not a collection
 * type), or a tool naming attributes it lacks, is skipped with a warning rather than failing the boot.
 */
export const buildToolRegistry = (strapi: Core.Strapi, exposed: CollectionToolConfig[]) => {
  const tools = new Map<string, AgentTool>();
  const { member } = getService(strapi, 'pluginConfig').get();
  // What the asker's community keys are documentIds of.
  const communityTarget = () =>
    member.contentType && member.communityAttribute
      ? (
          strapi.contentTypes[member.contentType as keyof typeof strapi.contentTypes] as
            | { attributes: Record<string, { target?: string }> }
            | undefined
        )?.attributes[member.communityAttribute]?.target
      : undefined;
  for (const config of exposed) {
    const contentType = strapi.contentTypes[config.contentType as keyof typeof strapi.contentTypes] as
      | { kind?: string; attributes: Record<string, { type: string; private?: boolean; target?: string }> }
      | undefined;
    if (!contentType || contentType.kind !== 'collectionType') {
      strapi.log.warn(
        `[whatsapp-agent] Tool "${config.name}": ${config.contentType} is not a collection type; not exposed`
      );
      continue;
    }
    const unknown = [
      ...config.searchableFields,
      ...config.returnedFields,
      ...(config.dateField ? [config.dateField] : []),
      ...(config.communityField ? [config.communityField] : []),
      ...(config.suggestFields ?? []),
    ].filter((field) => !(field in contentType.attributes));
    if (unknown.length > 0) {
      strapi.log.warn(
        `[whatsapp-agent] Tool "${config.name}": ${config.contentType} has no attribute ${unknown.join(', ')}; not exposed`
      );
      continue;
    }
    const community = config.communityField ? contentType.attributes[config.communityField] : undefined;
    if (community && community.type !== 'relation') {
      strapi.log.warn(
        `[whatsapp-agent] Tool "${config.name}": communityField "${config.communityField}" of ${config.contentType} is a ${community.type}, not a relation to the community; not exposed`
      );
      continue;
    }
    const memberCommunity = communityTarget();
    if (community && !memberCommunity) {
      strapi.log.warn(
        `[whatsapp-agent] Tool "${config.name}" is scoped by "${config.communityField}", but member.communityAttribute is not configured: every member is in "default" and sees only ${config.name} without a community`
      );
    } else if (community && community.target !== memberCommunity) {
      strapi.log.warn(
        `[whatsapp-agent] Tool "${config.name}": communityField "${config.communityField}" points to ${community.target}, but members' communities are ${memberCommunity} (member.communityAttribute): members will see no ${config.name}`
      );
    }
    for (const tool of createCollectionTools(strapi, config)) tools.set(tool.definition.function.name, tool);
    if (config.suggestFields && config.contentType !== member.contentType) {
      strapi.log.warn(
        `[whatsapp-agent] Tool "${config.name}": suggestFields only apply to the member collection (member.contentType ${member.contentType ?? 'is not set'}); suggest_${config.name} not exposed`
      );
    } else if (config.suggestFields) {
      const suggest = createSuggestTool(strapi, config);
      tools.set(suggest.definition.function.name, suggest);
    }
  }
  return tools;
};

export type ToolRegistry = ReturnType<typeof buildToolRegistry>;

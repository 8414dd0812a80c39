import type { Core } from '@strapi/strapi';
import type { CollectionToolConfig } from '../../../../config';
import { createCollectionTools, type AgentTool } from './collection-tool';

/**
 * The agent's tools: two per exposed collection. A collection that does not exist (or is not a
 * collection type) is skipped with a warning rather than failing the boot.
 */
export const buildToolRegistry = (strapi: Core.Strapi, exposed: CollectionToolConfig[]) => {
  const tools = new Map<string, AgentTool>();
  for (const config of exposed) {
    const contentType = strapi.contentTypes[config.contentType as keyof typeof strapi.contentTypes] as
      | { kind?: string; attributes: Record<string, { type: string; private?: boolean }> }
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
    ].filter((field) => !(field in contentType.attributes));
    if (unknown.length > 0) {
      strapi.log.warn(
        `[whatsapp-agent] Tool "${config.name}": ${config.contentType} has no attribute ${unknown.join(', ')}; not exposed`
      );
      continue;
    }
    for (const tool of createCollectionTools(strapi, config)) tools.set(tool.definition.function.name, tool);
  }
  return tools;
};

export type ToolRegistry = ReturnType<typeof buildToolRegistry>;

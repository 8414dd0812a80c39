import type { CollectionToolConfig } from '../../settings/tool-schemas';
import type { Asker } from './collection-tool';

type Filter = Record<string, unknown>;

const DEFAULT_KEY = 'default';

/**
 * The filters the plugin adds to a tool's query after the member's own query is sanitized. They
 * can only narrow what REST returns (an `$and` on top), never widen it:
 *
 * - community scope, for a tool with a `communityField`: records of the asker's communities (a
 *   member of several sees all of theirs); `default` stands for records without a community;
 * - on the member collection, the asker's own records are left out of lists ("who should I meet?"
 *   never answers "yourself").
 */
export const narrowingFilters = (
  config: Pick<CollectionToolConfig, 'contentType' | 'communityField'>,
  asker: Asker,
  { memberContentType, leaveOutAsker }: { memberContentType?: string; leaveOutAsker: boolean }
): Filter[] => {
  const filters: Filter[] = [];
  if (config.communityField) {
    // No known community is `default`: the narrowest reading, never "everything".
    const keys = asker.communityKeys.length > 0 ? asker.communityKeys : [DEFAULT_KEY];
    const named = keys.filter((key) => key !== DEFAULT_KEY);
    const either: Filter[] = [];
    if (named.length > 0) either.push({ [config.communityField]: { documentId: { $in: named } } });
    if (keys.includes(DEFAULT_KEY)) either.push({ [config.communityField]: { id: { $null: true } } });
    filters.push(either.length === 1 ? either[0] : { $or: either });
  }
  if (leaveOutAsker && config.contentType === memberContentType && asker.memberDocumentIds.length > 0)
    filters.push({ documentId: { $notIn: asker.memberDocumentIds } });
  return filters;
};

/** The sanitized query with the plugin's filters and'ed on. */
export const narrowed = <Query extends object>(sanitized: Query, filters: Filter[]): Query => {
  if (filters.length === 0) return sanitized;
  const own = (sanitized as { filters?: unknown }).filters;
  const hasOwn = typeof own === 'object' && own !== null && Object.keys(own).length > 0;
  return { ...sanitized, filters: { $and: [...(hasOwn ? [own] : []), ...filters] } };
};

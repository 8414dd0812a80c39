import type { Core } from '@strapi/strapi';
import { DEFAULT_COMMUNITY } from '../identity/communities';
import type { TurnAccount } from '../usage/ledger';
import { getService } from '../utils/get-service';

/** The member's (first) community by name; members of none are in the community the agent speaks for. */
export const communityNameOf = (strapi: Core.Strapi, account: Pick<TurnAccount, 'communities'>) =>
  account.communities.find((community) => community.key !== DEFAULT_COMMUNITY.key)?.name ??
  getService(strapi, 'pluginConfig').get().agent.communityName;

/** What any template may say of the member: their first name and their (first) community's name. */
export const memberTemplateValues = async (
  strapi: Core.Strapi,
  account: Pick<TurnAccount, 'userId' | 'communities'>
) => ({
  memberName:
    (account.userId !== null && (await getService(strapi, 'identity').firstName(account.userId))) ||
    undefined,
  communityName: communityNameOf(strapi, account),
});

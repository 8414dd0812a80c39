import type { Core } from '@strapi/strapi';
import type { TurnAccount } from '../usage/ledger';
import { getService } from '../utils/get-service';

/** What any template may say of the member: their first name and their (first) community's name. */
export const memberTemplateValues = async (
  strapi: Core.Strapi,
  account: Pick<TurnAccount, 'userId' | 'communities'>
) => ({
  memberName:
    (account.userId !== null && (await getService(strapi, 'identity').firstName(account.userId))) ||
    undefined,
  communityName: account.communities[0]?.name ?? getService(strapi, 'pluginConfig').get().agent.communityName,
});

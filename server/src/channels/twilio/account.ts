import type { TwilioAccountView } from '../../admin-api';
import type { TwilioClient } from './client';

/**
 * The account these credentials open, as the admin sees it. Twilio's answer also carries the
 * account's Auth Token: only the fields named here leave this function. A sub-account's owner
 * is its parent (platforms keep test and each production region on sub-accounts of one parent);
 * a main account owns itself.
 */
export const fetchTwilioAccount = async (
  client: TwilioClient,
  accountSid: string
): Promise<TwilioAccountView> => {
  const account = await client.api.v2010.accounts(accountSid).fetch();
  const owner = account.ownerAccountSid;
  return {
    sid: account.sid,
    friendlyName: account.friendlyName,
    status: account.status,
    type: account.type,
    parentSid: owner && owner !== account.sid ? owner : null,
  };
};

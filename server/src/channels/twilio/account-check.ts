import type { CheckResult } from '../../admin-api';
import { fetchTwilioAccount } from './account';
import type { TwilioClient } from './client';
import { twilioFailureMessage } from './errors';

/** Asks Twilio for the account with these credentials; the answer says which account, or what to fix. */
export const checkTwilioAccount = async (client: TwilioClient, accountSid: string): Promise<CheckResult> => {
  try {
    const account = await fetchTwilioAccount(client, accountSid);
    const parent = account.parentSid ? `, a sub-account of ${account.parentSid}` : '';
    return {
      ok: true,
      message: `Connected to Twilio account "${account.friendlyName}" (${account.status})${parent}.`,
      account,
    };
  } catch (error) {
    return { ok: false, message: twilioFailureMessage(error) };
  }
};

import type { CheckResult } from '../../admin-api';
import type { TwilioClient } from './client';
import { describeTwilioError } from './errors';

/** Asks Twilio for the account with these credentials; the answer says what to fix. */
export const checkTwilioAccount = async (client: TwilioClient, accountSid: string): Promise<CheckResult> => {
  try {
    const account = await client.api.v2010.accounts(accountSid).fetch();
    return {
      ok: true,
      message: `Connected to Twilio account "${account.friendlyName}" (${account.status}).`,
    };
  } catch (error) {
    const { status, code, message } = describeTwilioError(error);
    if (status === 401 || code === 20003)
      return {
        ok: false,
        message: `Twilio rejected the credentials (${code ?? status}): check the Account SID and Auth Token.`,
      };
    if (status)
      return { ok: false, message: `Twilio answered ${status}${code ? ` (error ${code})` : ''}: ${message}` };
    return { ok: false, message: `Could not reach Twilio: ${message}` };
  }
};

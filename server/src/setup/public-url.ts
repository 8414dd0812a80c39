import type { Core } from '@strapi/strapi';
import type { SetupCheck } from '../admin-api';
import { getService } from '../utils/get-service';
import { failed, passed } from './results';

const LOCAL_HOSTS = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|0\.0\.0\.0)$/i;
const SET_URL =
  'Set WHATSAPP_AGENT_PUBLIC_URL to the HTTPS address the internet reaches this Strapi at (during development a tunnel such as ngrok or cloudflared), then restart.';

/**
 * Twilio posts messages to the public URL: it must answer, from here at least (Strapi's own
 * /_health). A local address only works with a local Twilio emulator (WHATSAPP_AGENT_TWILIO_API_URL),
 * never with Twilio itself.
 */
export const checkPublicUrl = async (strapi: Core.Strapi): Promise<SetupCheck> => {
  const settings = getService(strapi, 'settings');
  const publicUrl = settings.publicUrl();
  const local = LOCAL_HOSTS.test(new URL(publicUrl).hostname);
  if (local && !getService(strapi, 'pluginConfig').get().twilio.apiUrl)
    return failed(
      'publicUrl',
      `${publicUrl} is an address of this machine: Twilio cannot reach it.`,
      SET_URL
    );
  try {
    const response = await fetch(`${publicUrl}/_health`, { redirect: 'manual' });
    if (response.status >= 200 && response.status < 300)
      return passed('publicUrl', `${publicUrl} answers (${response.status}).`);
    return failed(
      'publicUrl',
      `${publicUrl}/_health answered ${response.status}, not Strapi's 204.`,
      `Check that ${publicUrl} leads to this Strapi (proxy or tunnel target). ${SET_URL}`
    );
  } catch (error) {
    return failed(
      'publicUrl',
      `${publicUrl} does not answer: ${error instanceof Error ? error.message : String(error)}.`,
      SET_URL
    );
  }
};

import type { Core } from '@strapi/strapi';
import type { SetupCheck } from '../admin-api';
import { createLlmClient } from '../agent/llm';
import { getService } from '../utils/get-service';
import { failed, passed } from './results';

const FIX_MODEL =
  'Check the base URL, the API key and the model name in Settings → WhatsApp agent → AI (or OPENAI_BASE_URL, OPENAI_API_KEY, WHATSAPP_AGENT_MODEL).';

/** One tiny completion with the saved AI settings, as the agent would ask. */
export const checkModel = async (strapi: Core.Strapi): Promise<SetupCheck> => {
  const endpoint = getService(strapi, 'settings').llm();
  if (!endpoint.ok) return failed('model', endpoint.reason, FIX_MODEL);
  try {
    const { usage } = await createLlmClient({ ...endpoint.settings, maxRetries: 0 }).complete(
      [{ role: 'user', content: 'Reply with the single word OK.' }],
      []
    );
    return passed('model', `${usage.model} answered at ${endpoint.settings.baseUrl}.`);
  } catch (error) {
    return failed(
      'model',
      `The model did not answer: ${error instanceof Error ? error.message : String(error)}`,
      FIX_MODEL
    );
  }
};

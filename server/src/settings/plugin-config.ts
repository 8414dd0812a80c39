import type { Core } from '@strapi/strapi';
import { pluginConfigSchema, type PluginConfig } from './plugin-config-schema';
import { PLUGIN_ID } from '../constants';
import { describeZodError } from '../utils/zod-issues';

/** The plugin's static config, parsed (defaults and normalisation applied) once per boot. */
export const createPluginConfigService = ({ strapi }: { strapi: Core.Strapi }) => {
  let parsed: PluginConfig | undefined;

  return {
    get(): PluginConfig {
      if (!parsed) {
        const result = pluginConfigSchema.safeParse(strapi.config.get(`plugin::${PLUGIN_ID}`));
        if (!result.success)
          throw new Error(`Invalid whatsapp-agent plugin config: ${describeZodError(result.error)}`);
        parsed = result.data;
      }
      return parsed;
    },
  };
};

export type PluginConfigService = ReturnType<typeof createPluginConfigService>;

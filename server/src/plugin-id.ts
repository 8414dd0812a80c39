export const PLUGIN_ID = 'whatsapp-agent';

/** `plugin::whatsapp-agent.<name>`: the uid of one of this plugin's content types. */
export const uid = <Name extends string>(name: Name) => `plugin::${PLUGIN_ID}.${name}` as const;

export const PLUGIN_ID = 'whatsapp-agent';

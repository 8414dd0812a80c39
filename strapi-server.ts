// The plugin's server entry (Strapi loads the built `dist/server`, see package.json exports).
export { default } from './server/src';

// The plugin's admin entry (the host's admin build bundles `dist/admin`, see package.json exports).
export { default } from './admin/src';

import type { Core } from '@strapi/strapi';

const register = (_context: { strapi: Core.Strapi }) => {
  // Nothing to register before the content types load yet: sessions, queues and tools are
  // wired in bootstrap, once the database is there.
};

export default register;

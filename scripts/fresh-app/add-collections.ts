/**
 * Gives the fresh app what a typical community app already has before it installs the plugin:
 * communities, member profiles (one per user) and events, each a plain collection made the way
 * the Content-Type Builder writes them, and a bootstrap that grants the Authenticated role
 * find / findOne on them and adds one upcoming event — the clicks an admin makes in Settings →
 * Users & Permissions → Roles. Usage: tsx add-collections.ts <app dir>
 */
import fs from 'node:fs';
import path from 'node:path';

const appDir = process.argv[2];
if (!appDir || !fs.existsSync(path.join(appDir, 'package.json'))) {
  console.error('Usage: tsx scripts/fresh-app/add-collections.ts <dir of a Strapi app>');
  process.exit(2);
}

type Attributes = Record<string, Record<string, unknown>>;
const collection = (singular: string, plural: string, attributes: Attributes) => {
  const dir = path.join(appDir, 'src', 'api', singular);
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  const uid = `api::${singular}.${singular}`;
  write(
    `content-types/${singular}/schema.json`,
    JSON.stringify(
      {
        kind: 'collectionType',
        collectionName: plural,
        info: { singularName: singular, pluralName: plural, displayName: singular },
        options: { draftAndPublish: false },
        attributes,
      },
      null,
      2
    )
  );
  write(
    `controllers/${singular}.ts`,
    `import { factories } from '@strapi/strapi';\nexport default factories.createCoreController('${uid}');\n`
  );
  write(
    `routes/${singular}.ts`,
    `import { factories } from '@strapi/strapi';\nexport default factories.createCoreRouter('${uid}');\n`
  );
  write(
    `services/${singular}.ts`,
    `import { factories } from '@strapi/strapi';\nexport default factories.createCoreService('${uid}');\n`
  );
};

collection('community', 'communities', { name: { type: 'string', required: true } });
collection('member', 'members', {
  displayName: { type: 'string', required: true },
  headline: { type: 'string' },
  bio: { type: 'text' },
  interests: { type: 'string' },
  city: { type: 'string' },
  user: { type: 'relation', relation: 'oneToOne', target: 'plugin::users-permissions.user' },
  community: { type: 'relation', relation: 'manyToOne', target: 'api::community.community' },
});
collection('event', 'events', {
  title: { type: 'string', required: true },
  description: { type: 'text' },
  startsAt: { type: 'datetime', required: true },
  location: { type: 'string' },
  community: { type: 'relation', relation: 'manyToOne', target: 'api::community.community' },
});

fs.writeFileSync(
  path.join(appDir, 'src', 'index.ts'),
  `import type { Core } from '@strapi/strapi';

const READ = ['api::member.member.find', 'api::member.member.findOne', 'api::event.event.find', 'api::event.event.findOne'];

export default {
  register() {},
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    // What an admin ticks in Users & Permissions → Roles → Authenticated.
    const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
    for (const action of READ) {
      const granted = await strapi.db.query('plugin::users-permissions.permission').findOne({ where: { action, role: role.id } });
      if (!granted) await strapi.db.query('plugin::users-permissions.permission').create({ data: { action, role: role.id } });
    }
    if ((await strapi.documents('api::event.event').count({})) === 0) {
      await strapi.documents('api::event.event').create({
        data: {
          title: 'Fresh app climate meetup',
          description: 'The first meetup of a brand-new community.',
          startsAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
          location: 'Berlin',
        },
      });
    }
  },
};
`
);
console.log('Added communities, members and events, and read access for Authenticated.');

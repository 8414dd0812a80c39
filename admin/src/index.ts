import { createElement } from 'react';
import { Navigate } from 'react-router-dom';
import type { StrapiApp } from '@strapi/strapi/admin';
import { WaitingMenuIcon } from './components/WaitingMenuIcon';
import { PERMISSIONS } from './permissions';
import { PLUGIN_ID } from './pluginId';
import { SETTINGS_PAGES } from './pages/settings/pages';
import { getTranslation } from './utils/getTranslation';
import { languageOf } from '../../server/src/languages/supported';
import { fieldTexts } from '../../server/src/settings/field-texts';

type TranslationModule = { default: Record<string, string> };

export default {
  register(app: StrapiApp) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      // The icon also shows how many members wait for a person.
      icon: WaitingMenuIcon,
      intlLabel: { id: getTranslation('menu.link'), defaultMessage: 'WhatsApp agent' },
      // Shown for either page: Strapi shows a link when the admin has any one of its permissions.
      permissions: [
        ...PERMISSIONS.channelsRead,
        ...PERMISSIONS.usageRead,
        ...PERMISSIONS.conversationsRead,
        ...PERMISSIONS.settingsRead,
      ],
      Component: () => import('./pages/App'),
    });

    app.createSettingSection(
      {
        id: PLUGIN_ID,
        intlLabel: { id: getTranslation('settings.section'), defaultMessage: 'WhatsApp agent' },
      },
      // One link per page, each with its own Save, as Strapi's own plugins split their settings.
      SETTINGS_PAGES.map(({ id, path, label, Component }) => ({
        id,
        intlLabel: { id: getTranslation(`settings.pages.${id}`), defaultMessage: label },
        to: `${PLUGIN_ID}/${path}`,
        Component,
        permissions: PERMISSIONS.settingsRead,
      }))
    );

    // The bare settings/whatsapp-agent (a bookmark of the one page there once was) opens the first
    // sub-page. A route, not a menu link: Strapi would mark such a link active on every sub-page.
    const firstPage = `/settings/${PLUGIN_ID}/${SETTINGS_PAGES[0].path}`;
    app.router.addRoute((routes) =>
      routes.map((route) =>
        route.path === 'settings/*' && !route.index
          ? {
              ...route,
              children: [
                ...(route.children ?? []),
                { path: PLUGIN_ID, element: createElement(Navigate, { to: firstPage, replace: true }) },
              ],
            }
          : route
      )
    );

    app.registerPlugin({ id: PLUGIN_ID, name: 'WhatsApp agent' });
  },

  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(
      locales.map(async (locale) => {
        try {
          const { default: data } = (await import(`./translations/${locale}.json`)) as TranslationModule;
          // The settings fields' labels and hints come from their entries in the settings table.
          const language = languageOf(locale);
          const prefixed = Object.fromEntries(
            Object.entries({ ...data, ...(language ? fieldTexts(language) : {}) }).map(([key, value]) => [
              getTranslation(key),
              value,
            ])
          );
          return { data: prefixed, locale };
        } catch {
          return { data: {}, locale };
        }
      })
    );
  },
};

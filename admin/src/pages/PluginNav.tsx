import { Badge, Divider } from '@strapi/design-system';
import { SubNav } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { useMainPermissions } from '../hooks/useMainPermissions';
import { useWaitingCount } from '../hooks/useWaitingCount';
import { PLUGIN_ID } from '../pluginId';
import { getTranslation } from '../utils/getTranslation';

const BASE = `/plugins/${PLUGIN_ID}`;

/** The side navigation between the plugin's pages; each link only for an admin who may open it. */
export const PluginNav = () => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const { canReadChannels, canReadUsage, canReadConversations, canReadSettings } = useMainPermissions();
  const label = t('nav.title', 'WhatsApp agent');
  const waiting = useWaitingCount();
  const links = [
    canReadChannels ? (
      <SubNav.Link key="channels" to={BASE} end label={t('nav.channels', 'Linked members')} />
    ) : null,
    canReadConversations ? (
      <SubNav.Link
        key="inbox"
        to={`${BASE}/inbox`}
        label={t('nav.inbox', 'Inbox')}
        endAction={waiting ? <Badge data-testid="inbox-waiting">{waiting}</Badge> : undefined}
        data-testid="nav-inbox"
      />
    ) : null,
    canReadUsage ? (
      <SubNav.Link key="usage" to={`${BASE}/usage`} label={t('nav.usage', 'Usage')} data-testid="nav-usage" />
    ) : null,
    canReadSettings ? (
      <SubNav.Link key="setup" to={`${BASE}/setup`} label={t('nav.setup', 'Setup')} data-testid="nav-setup" />
    ) : null,
  ].filter(Boolean);

  return (
    <SubNav.Main aria-label={label}>
      <SubNav.Header label={label} />
      <Divider />
      <SubNav.Content>
        <SubNav.Sections>
          {[
            <SubNav.Section key="pages" label={t('nav.section', 'Agent')}>
              {links}
            </SubNav.Section>,
          ]}
        </SubNav.Sections>
      </SubNav.Content>
    </SubNav.Main>
  );
};

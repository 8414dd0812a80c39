import * as React from 'react';
import {
  Badge,
  EmptyStateLayout,
  Flex,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { useNavigate } from 'react-router-dom';
import type { InboxFilter } from '../../../../server/src/admin-api';
import { useApiQuery } from '../../hooks/useApiQuery';
import { usePolling } from '../../hooks/usePolling';
import { PERMISSIONS } from '../../permissions';
import { getTranslation } from '../../utils/getTranslation';
import { PLUGIN_ID } from '../../pluginId';

/** "3 h 12 min": how long a member has waited. */
const waited = (since: string | null, now: number) => {
  if (!since) return '–';
  const minutes = Math.max(0, Math.floor((now - new Date(since).getTime()) / 60_000));
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
};

const Inbox = () => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const navigate = useNavigate();
  const [filter, setFilter] = React.useState<InboxFilter>('all');
  const { data, error, isLoading, refetch } = useApiQuery((api) => api.getInbox(filter), [filter]);
  usePolling(refetch);

  if (isLoading && !data) return <Page.Loading />;
  if (error && !data) return <Page.Error />;
  const rows = data ?? [];
  const now = Date.now();

  return (
    <Page.Main>
      <Page.Title>{t('inbox.title', 'Inbox')}</Page.Title>
      <Layouts.Header
        title={t('inbox.title', 'Inbox')}
        subtitle={t(
          'inbox.subtitle',
          'Members waiting for a person, and conversations a manager has. Updates by itself.'
        )}
      />
      <Layouts.Content>
        <Flex paddingBottom={4} gap={2}>
          <SingleSelect
            aria-label={t('inbox.filter', 'Show')}
            value={filter}
            onChange={(value: string | number) => setFilter(value as InboxFilter)}
          >
            <SingleSelectOption value="all">
              {t('inbox.filter.all', 'All of my communities')}
            </SingleSelectOption>
            <SingleSelectOption value="mine">{t('inbox.filter.mine', 'Mine')}</SingleSelectOption>
            <SingleSelectOption value="unassigned">
              {t('inbox.filter.unassigned', 'Unassigned')}
            </SingleSelectOption>
          </SingleSelect>
        </Flex>
        {rows.length === 0 ? (
          <EmptyStateLayout content={t('inbox.empty', 'Nobody is waiting for a person.')} />
        ) : (
          <Table colCount={6} rowCount={rows.length + 1} data-testid="inbox">
            <Thead>
              <Tr>
                <Th>{t('inbox.member', 'Member')}</Th>
                <Th>{t('inbox.state', 'State')}</Th>
                <Th>{t('inbox.waited', 'Waited')}</Th>
                <Th>{t('inbox.unread', 'Unread')}</Th>
                <Th>{t('inbox.last', 'Last message')}</Th>
                <Th>{t('inbox.assignee', 'Manager')}</Th>
              </Tr>
            </Thead>
            <Tbody>
              {rows.map((row) => (
                <Tr
                  key={row.documentId}
                  data-testid="inbox-row"
                  onClick={() => navigate(`/plugins/${PLUGIN_ID}/conversations/${row.documentId}`)}
                  style={{ cursor: 'pointer' }}
                >
                  <Td>
                    <Typography fontWeight="bold">{row.member?.username ?? row.address}</Typography>
                  </Td>
                  <Td>
                    <Badge>
                      {row.answeredBy === 'waiting'
                        ? t('inbox.waiting', 'Waiting')
                        : t('inbox.person', 'With a person')}
                    </Badge>
                  </Td>
                  <Td>{waited(row.since, now)}</Td>
                  <Td>{row.unread > 0 ? <Badge active>{row.unread}</Badge> : '0'}</Td>
                  <Td>
                    <Typography ellipsis>{row.lastMessage?.body ?? row.reason ?? ''}</Typography>
                  </Td>
                  <Td>{row.assignee?.name ?? t('inbox.unassignedCell', 'Unassigned')}</Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      </Layouts.Content>
    </Page.Main>
  );
};

/** WhatsApp → Inbox: who waits for a person, for how long, and who has which conversation. */
const InboxPage = () => (
  <Page.Protect permissions={PERMISSIONS.conversationsRead}>
    <Inbox />
  </Page.Protect>
);

export default InboxPage;

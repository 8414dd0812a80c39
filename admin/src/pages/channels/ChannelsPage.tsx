import * as React from 'react';
import { Dialog, EmptyStateLayout, Flex } from '@strapi/design-system';
import {
  ConfirmDialog,
  Layouts,
  Page,
  Pagination,
  SearchInput,
  useNotification,
  useQueryParams,
  useRBAC,
} from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { useNavigate } from 'react-router-dom';
import type { ChannelView } from '../../../../server/src/admin-api';
import { useApiClient } from '../../api/client';
import { useApiQuery } from '../../hooks/useApiQuery';
import { PERMISSIONS } from '../../permissions';
import { errorMessage } from '../../utils/api-errors';
import { getTranslation } from '../../utils/getTranslation';
import { ChannelsTable } from './ChannelsTable';

type ListQuery = { page?: string; pageSize?: string; _q?: string };

/**
 * useRBAC names each allowed action after the last segment of its uid, so channels.read and
 * conversations.read would both be `canRead`: only the row-level actions are asked here
 * (channels.read already guards the page).
 */
const ROW_PERMISSIONS = [...PERMISSIONS.channelsRevoke, ...PERMISSIONS.conversationsRead];

/** SearchInput writes `_q` URI-encoded on top of the query string's own encoding. */
const decodeSearch = (value: string | undefined) => {
  try {
    return value ? decodeURIComponent(value) : undefined;
  } catch {
    return value;
  }
};

const ChannelsPage = () => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const navigate = useNavigate();
  const api = useApiClient();
  const { toggleNotification } = useNotification();
  const { allowedActions } = useRBAC(ROW_PERMISSIONS);
  const [{ query }] = useQueryParams<ListQuery>();
  const [toRevoke, setToRevoke] = React.useState<ChannelView>();

  const search = decodeSearch(query._q);
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 10;
  const { data, error, isLoading, refetch } = useApiQuery(
    (client) => client.getChannels({ page, pageSize, q: search }),
    [page, pageSize, search]
  );

  const revoke = async () => {
    if (!toRevoke) return;
    try {
      await api.revokeChannel(toRevoke.documentId);
      toggleNotification({
        type: 'success',
        message: formatMessage(
          {
            id: getTranslation('channels.revoked'),
            defaultMessage: '{address} unlinked: its session is revoked and its conversation erased.',
          },
          { address: toRevoke.address }
        ),
      });
    } catch (revokeError) {
      toggleNotification({
        type: 'danger',
        message: errorMessage(revokeError, t('channels.revokeFailed', 'The number was not unlinked.')),
      });
    } finally {
      setToRevoke(undefined);
      refetch();
    }
  };

  const title = t('channels.title', 'WhatsApp agent');
  const pagination = data?.pagination;

  const content = () => {
    if (isLoading && !data) return <Page.Loading />;
    if (error || !data) return <Page.Error />;
    if (data.channels.length === 0) {
      return (
        <EmptyStateLayout
          content={
            search
              ? t('channels.empty.search', 'No linked number matches this search.')
              : t(
                  'channels.empty',
                  'No linked numbers yet. Members link theirs with a phrase from your website.'
                )
          }
        />
      );
    }
    return (
      <Flex direction="column" alignItems="stretch" gap={4}>
        <ChannelsTable
          channels={data.channels}
          onOpen={allowedActions.canRead ? (channel) => navigate(channel.documentId) : undefined}
          onRevoke={allowedActions.canRevoke ? setToRevoke : undefined}
        />
        {pagination ? (
          <Pagination.Root
            pageCount={pagination.pageCount}
            total={pagination.total}
            defaultPageSize={pagination.pageSize}
          >
            <Pagination.PageSize />
            <Pagination.Links />
          </Pagination.Root>
        ) : null}
      </Flex>
    );
  };

  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        title={title}
        subtitle={t(
          'channels.subtitle',
          'Members who linked a phone number. Each one talks to the agent with their own permissions.'
        )}
      />
      <Layouts.Action
        startActions={<SearchInput label={t('channels.search', 'Search by member or number')} />}
      />
      <Layouts.Content>{content()}</Layouts.Content>
      <Dialog.Root open={Boolean(toRevoke)} onOpenChange={(open) => !open && setToRevoke(undefined)}>
        <ConfirmDialog
          onConfirm={revoke}
          variant="danger"
          title={t('channels.revoke.title', 'Unlink this number?')}
        >
          {formatMessage(
            {
              id: getTranslation('channels.revoke.body'),
              defaultMessage:
                '{member} will no longer reach the agent from {address}: the session is revoked and the conversation erased. They can link again with a new phrase.',
            },
            {
              member: toRevoke?.member?.username ?? t('channels.member.none', 'No member'),
              address: toRevoke?.address ?? '',
            }
          )}
        </ConfirmDialog>
      </Dialog.Root>
    </Page.Main>
  );
};

const ProtectedChannelsPage = () => (
  <Page.Protect permissions={PERMISSIONS.channelsRead}>
    <ChannelsPage />
  </Page.Protect>
);

export default ProtectedChannelsPage;

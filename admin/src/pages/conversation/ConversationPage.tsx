import { Box, EmptyStateLayout, Flex, Typography } from '@strapi/design-system';
import { BackButton, Layouts, Page } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { useParams } from 'react-router-dom';
import { useApiQuery } from '../../hooks/useApiQuery';
import { PERMISSIONS } from '../../permissions';
import { chatItems, placeUndelivered } from '../../utils/chat-items';
import { getTranslation } from '../../utils/getTranslation';
import { PLUGIN_ID } from '../../pluginId';
import { ChatBubble } from './ChatBubble';
import { ToolCallItem } from './ToolCallItem';
import { UndeliveredNotice } from './UndeliveredNotice';
import { UndeliveredSection } from './UndeliveredSection';

const Conversation = ({ documentId }: { documentId: string }) => {
  const { formatMessage, formatDate } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const { data, error, isLoading } = useApiQuery((api) => api.getConversation(documentId), [documentId]);

  if (isLoading && !data) return <Page.Loading />;
  if (error || !data) return <Page.Error />;

  const { channel, history, undelivered } = data;
  const { items, unplaced } = placeUndelivered(chatItems(history), undelivered);
  const title = channel.member?.username ?? channel.address;
  const subtitle = [
    channel.address,
    channel.member?.email,
    channel.lastActiveAt
      ? formatMessage(
          { id: getTranslation('conversation.lastActive'), defaultMessage: 'last active {date}' },
          { date: formatDate(channel.lastActiveAt, { dateStyle: 'medium', timeStyle: 'short' }) }
        )
      : undefined,
  ]
    .filter(Boolean)
    .join(' · ');

  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        navigationAction={<BackButton fallback={`/plugins/${PLUGIN_ID}`} />}
        title={title}
        subtitle={subtitle}
      />
      <Layouts.Content>
        {items.length === 0 ? (
          <EmptyStateLayout
            content={t(
              'conversation.empty',
              'No conversation kept: it is forgotten after the idle time, on RESET, and when the number is unlinked.'
            )}
          />
        ) : (
          <Box background="neutral100" padding={4} hasRadius data-testid="conversation">
            <Flex direction="column" alignItems="stretch" gap={3}>
              {items.map((item) =>
                item.kind === 'tool' ? (
                  <ToolCallItem key={item.key} call={item.call} result={item.result} />
                ) : item.kind === 'undelivered' ? (
                  <UndeliveredNotice key={item.key} reply={item.reply} quote={!item.whole} />
                ) : (
                  <ChatBubble key={item.key} from={item.kind} text={item.text} />
                )
              )}
            </Flex>
          </Box>
        )}
        {unplaced.length > 0 ? (
          <Box paddingTop={4}>
            <UndeliveredSection replies={unplaced} />
          </Box>
        ) : null}
        <Box paddingTop={4}>
          <Typography variant="pi" textColor="neutral600">
            {t('conversation.note', 'Only the agent’s working memory is kept here, not a full message log.')}
          </Typography>
        </Box>
      </Layouts.Content>
    </Page.Main>
  );
};

const ConversationPage = () => {
  const { documentId } = useParams<{ documentId: string }>();
  return (
    <Page.Protect permissions={PERMISSIONS.conversationsRead}>
      {documentId ? <Conversation documentId={documentId} /> : null}
    </Page.Protect>
  );
};

export default ConversationPage;

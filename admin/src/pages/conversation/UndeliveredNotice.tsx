import { Box, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { UndeliveredReply } from '../../../../server/src/admin-api';
import { getTranslation } from '../../utils/getTranslation';

type Props = {
  reply: UndeliveredReply;
  /** Show the part's text: not when it is the whole of the agent's message right above. */
  quote?: boolean;
};

const STATUS_LABELS: Record<UndeliveredReply['status'], { id: string; defaultMessage: string }> = {
  failed: { id: 'conversation.undelivered.failed', defaultMessage: 'Twilio could not send it' },
  undelivered: {
    id: 'conversation.undelivered.undelivered',
    defaultMessage: 'WhatsApp did not deliver it',
  },
  not_sent_window_closed: {
    id: 'conversation.undelivered.windowClosed',
    defaultMessage: 'Never sent: outside WhatsApp’s 24-hour window',
  },
};

/**
 * A reply (part) the member never got, on the agent's side of the chat in warning colours: the
 * admin reading the conversation must not take it for something the member saw.
 */
export const UndeliveredNotice = ({ reply, quote = true }: Props) => {
  const { formatMessage, formatDate } = useIntl();
  const statusLabel = formatMessage({
    id: getTranslation(STATUS_LABELS[reply.status].id),
    defaultMessage: STATUS_LABELS[reply.status].defaultMessage,
  });
  const details = [
    statusLabel,
    reply.errorCode === null
      ? undefined
      : formatMessage(
          { id: getTranslation('conversation.undelivered.code'), defaultMessage: 'error {code}' },
          { code: reply.errorCode }
        ),
    formatDate(reply.at, { dateStyle: 'medium', timeStyle: 'short' }),
  ]
    .filter(Boolean)
    .join(' · ');

  return (
    <Flex justifyContent="flex-start" data-testid="chat-undelivered" data-status={reply.status}>
      <Box maxWidth="70%" padding={3} hasRadius background="danger100" borderColor="danger600">
        <Flex direction="column" alignItems="flex-start" gap={1}>
          <Typography
            variant="omega"
            fontWeight="bold"
            textColor="danger700"
            data-testid="chat-undelivered-reason"
          >
            {formatMessage(
              {
                id: getTranslation('conversation.undelivered.title'),
                defaultMessage: 'Not delivered: {reason}',
              },
              { reason: reply.reason ?? statusLabel }
            )}
          </Typography>
          <Typography variant="pi" textColor="neutral600">
            {details}
          </Typography>
          {quote ? (
            <Typography
              textColor={reply.body === null ? 'neutral500' : 'neutral800'}
              style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
              data-testid="chat-undelivered-body"
            >
              {reply.body ??
                formatMessage({
                  id: getTranslation('conversation.undelivered.erased'),
                  defaultMessage: '(text erased by the retention period or unlinking)',
                })}
            </Typography>
          ) : null}
        </Flex>
      </Box>
    </Flex>
  );
};

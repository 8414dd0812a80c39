import { Box, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { UndeliveredReply } from '../../../../server/src/admin-api';
import { getTranslation } from '../../utils/getTranslation';
import { UndeliveredNotice } from './UndeliveredNotice';

type Props = { replies: UndeliveredReply[] };

/**
 * Replies the member never got that the conversation above cannot show in place: fixed replies
 * (never in the agent's memory), replies already forgotten, and texts erased by retention.
 */
export const UndeliveredSection = ({ replies }: Props) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  return (
    <Box background="neutral100" padding={4} hasRadius data-testid="undelivered-section">
      <Flex direction="column" alignItems="stretch" gap={3}>
        <Flex direction="column" alignItems="flex-start" gap={1}>
          <Typography variant="delta" tag="h2">
            {t('conversation.undelivered.section', 'Other replies that did not reach the member')}
          </Typography>
          <Typography variant="pi" textColor="neutral600">
            {t(
              'conversation.undelivered.section.help',
              'Not part of the conversation kept above: fixed replies, forgotten turns and erased texts. Oldest first.'
            )}
          </Typography>
        </Flex>
        {replies.map((reply, index) => (
          <UndeliveredNotice key={`${reply.at}-${index}`} reply={reply} />
        ))}
      </Flex>
    </Box>
  );
};

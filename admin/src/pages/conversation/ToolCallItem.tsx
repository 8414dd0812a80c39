import { Accordion, Box, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { ToolCall } from '../../../../server/src/admin-api';
import { compactArguments, rawToolCall, resultSummary } from '../../utils/chat-items';
import { getTranslation } from '../../utils/getTranslation';

type Props = { call: ToolCall; result: string | null };

/** A tool call folded to one line; unfolded, the raw arguments and result the model saw. */
export const ToolCallItem = ({ call, result }: Props) => {
  const { formatMessage } = useIntl();
  const summary = resultSummary(result);
  const outcome =
    result === null
      ? formatMessage({ id: getTranslation('conversation.tool.noResult'), defaultMessage: 'no result' })
      : (summary.error ??
        (summary.count !== undefined
          ? formatMessage(
              {
                id: getTranslation('conversation.tool.count'),
                defaultMessage: '{count, plural, one {# result} other {# results}}',
              },
              { count: summary.count }
            )
          : formatMessage({ id: getTranslation('conversation.tool.result'), defaultMessage: 'result' })));

  return (
    <Box maxWidth="70%" data-testid="chat-tool-call">
      <Accordion.Root size="S">
        <Accordion.Item value={call.id}>
          <Accordion.Header>
            <Accordion.Trigger>{`${call.function.name}(${compactArguments(call)}) → ${outcome}`}</Accordion.Trigger>
          </Accordion.Header>
          <Accordion.Content>
            {/* A search result can be thousands of characters: it scrolls rather than pushing the chat away. */}
            <Box padding={3} background="neutral100" maxHeight="32rem" overflow="auto">
              <Typography
                tag="pre"
                variant="pi"
                style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', fontFamily: 'monospace' }}
                data-testid="chat-tool-call-raw"
              >
                {rawToolCall(call, result)}
              </Typography>
            </Box>
          </Accordion.Content>
        </Accordion.Item>
      </Accordion.Root>
    </Box>
  );
};

import { Box, Flex, Typography } from '@strapi/design-system';

type Props = { from: 'user' | 'assistant'; text: string };

/** The member on the right, the agent on the left, as on the member's phone. */
export const ChatBubble = ({ from, text }: Props) => (
  <Flex justifyContent={from === 'user' ? 'flex-end' : 'flex-start'} data-testid={`chat-${from}`}>
    <Box
      maxWidth="70%"
      padding={3}
      hasRadius
      background={from === 'user' ? 'primary100' : 'neutral0'}
      borderColor={from === 'user' ? 'primary200' : 'neutral200'}
      shadow="filterShadow"
    >
      <Typography textColor="neutral800" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {text}
      </Typography>
    </Box>
  </Flex>
);

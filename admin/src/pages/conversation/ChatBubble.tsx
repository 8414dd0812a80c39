import { Fragment, createElement, type ReactNode } from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';
import { whatsappSpans, type Style } from '../../utils/whatsapp-format';

type Props = { from: 'user' | 'assistant'; text: string };

const TAGS: Record<Style, string> = { bold: 'strong', italic: 'em', strike: 's', mono: 'code' };

/** The text with WhatsApp's *bold*, _italic_, ~strike~ and ```mono``` as elements (never as HTML). */
const Formatted = ({ text }: { text: string }) => (
  <>
    {whatsappSpans(text).map(({ text: run, styles }, index) => (
      <Fragment key={index}>
        {styles.reduceRight<ReactNode>((child, style) => createElement(TAGS[style], null, child), run)}
      </Fragment>
    ))}
  </>
);

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
        <Formatted text={text} />
      </Typography>
    </Box>
  </Flex>
);

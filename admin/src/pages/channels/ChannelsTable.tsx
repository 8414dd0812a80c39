import type * as React from 'react';
import {
  Badge,
  Flex,
  IconButton,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
  VisuallyHidden,
} from '@strapi/design-system';
import { Trash } from '@strapi/icons';
import { useIntl } from 'react-intl';
import type { ChannelView } from '../../../../server/src/admin-api';
import { getTranslation } from '../../utils/getTranslation';

const KIND_LABEL: Record<ChannelView['kind'], string> = { whatsapp: 'WhatsApp', sms: 'SMS', rcs: 'RCS' };

type Props = {
  channels: ChannelView[];
  /** Absent without conversations.read: rows are then not links. */
  onOpen?: (channel: ChannelView) => void;
  /** Absent without channels.revoke. */
  onRevoke?: (channel: ChannelView) => void;
};

export const ChannelsTable = ({ channels, onOpen, onRevoke }: Props) => {
  const { formatMessage, formatDate } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const date = (value: string | null) =>
    value ? formatDate(value, { dateStyle: 'medium', timeStyle: 'short' }) : '—';
  const headers = [
    t('channels.column.number', 'Number'),
    t('channels.column.member', 'Member'),
    t('channels.column.linkedAt', 'Linked'),
    t('channels.column.lastActiveAt', 'Last active'),
    t('channels.column.messages', 'Messages'),
  ];

  return (
    <Table colCount={headers.length + 1} rowCount={channels.length + 1} data-testid="channels-table">
      <Thead>
        <Tr>
          {headers.map((header) => (
            <Th key={header}>
              <Typography variant="sigma">{header}</Typography>
            </Th>
          ))}
          <Th>
            <VisuallyHidden>{t('channels.column.actions', 'Actions')}</VisuallyHidden>
          </Th>
        </Tr>
      </Thead>
      <Tbody>
        {channels.map((channel) => (
          <Tr
            key={channel.documentId}
            data-testid="channel-row"
            data-document-id={channel.documentId}
            onClick={onOpen ? () => onOpen(channel) : undefined}
            style={onOpen ? { cursor: 'pointer' } : undefined}
          >
            <Td>
              <Flex gap={2}>
                <Typography textColor="neutral800">{channel.address}</Typography>
                <Badge size="S">{KIND_LABEL[channel.kind]}</Badge>
              </Flex>
            </Td>
            <Td>
              {channel.member ? (
                <Flex direction="column" alignItems="flex-start">
                  <Typography textColor="neutral800" fontWeight="semiBold">
                    {channel.member.username}
                  </Typography>
                  <Typography variant="pi" textColor="neutral600">
                    {channel.member.email}
                  </Typography>
                </Flex>
              ) : (
                <Typography textColor="neutral600">{t('channels.member.none', 'No member')}</Typography>
              )}
            </Td>
            <Td>
              <Typography textColor="neutral800">{date(channel.linkedAt)}</Typography>
            </Td>
            <Td>
              <Typography textColor="neutral800">{date(channel.lastActiveAt)}</Typography>
            </Td>
            <Td>
              <Typography textColor="neutral800">{channel.messages}</Typography>
            </Td>
            <Td>
              {onRevoke && channel.status === 'linked' ? (
                <Flex justifyContent="flex-end">
                  <IconButton
                    label={t('channels.revoke', 'Revoke')}
                    variant="ghost"
                    data-testid="channel-revoke"
                    onClick={(event: React.MouseEvent) => {
                      // The row itself opens the conversation.
                      event.stopPropagation();
                      onRevoke(channel);
                    }}
                  >
                    <Trash />
                  </IconButton>
                </Flex>
              ) : null}
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};

import { Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { SenderUsage } from '../../../../server/src/admin-api';
import { getTranslation } from '../../utils/getTranslation';
import { formatMicros } from '../../utils/usage-format';

/** One line per sender: the messages that went through its number, and what its Twilio account bills for them. */
export const SendersTable = ({ senders }: { senders: SenderUsage[] }) => {
  const { formatMessage, formatNumber, locale } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const name = (line: SenderUsage) =>
    line.senderId === null
      ? t('usage.senders.default', 'Default sender')
      : (line.displayName ?? t('usage.senders.deleted', 'Deleted sender'));

  return (
    <Table colCount={5} rowCount={senders.length + 1} data-testid="usage-senders-table">
      <Thead>
        <Tr>
          <Th>{t('usage.senders.sender', 'Sender')}</Th>
          <Th>{t('usage.senders.account', 'Twilio account')}</Th>
          <Th>{t('usage.senders.in', 'Messages in')}</Th>
          <Th>{t('usage.senders.out', 'Messages out')}</Th>
          <Th>{t('usage.senders.cost', 'Messaging cost')}</Th>
        </Tr>
      </Thead>
      <Tbody>
        {senders.map((line) => (
          <Tr key={line.senderId ?? 'default'} data-testid={`usage-sender-${line.senderId ?? 'default'}`}>
            <Td>
              <Typography>{[name(line), line.address].filter(Boolean).join(' · ')}</Typography>
            </Td>
            <Td>
              <Typography>{line.accountSid ?? '—'}</Typography>
            </Td>
            <Td>
              <Typography>{formatNumber(line.totals.messagesIn)}</Typography>
            </Td>
            <Td>
              <Typography>{formatNumber(line.totals.messagesOut)}</Typography>
            </Td>
            <Td>
              <Typography>
                {formatMicros(line.totals.costMicros.twilio + line.totals.costMicros.meta, locale)}
              </Typography>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};

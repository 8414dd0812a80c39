import * as React from 'react';
import {
  Box,
  Button,
  Field,
  Flex,
  Grid,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  TextInput,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Layouts, Page, useNotification, useRBAC } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import type { SenderInput, SenderView } from '../../../../../server/src/admin-api';
import { useApiClient } from '../../../api/client';
import { CheckButton } from '../../../components/CheckButton';
import { useApiQuery } from '../../../hooks/useApiQuery';
import { PERMISSIONS } from '../../../permissions';
import { CommunityCell, CommunityField } from '../SenderCommunity';
import { errorMessage, fieldErrors } from '../../../utils/api-errors';
import { getTranslation } from '../../../utils/getTranslation';

type Draft = Record<Exclude<keyof SenderInput, 'kind'>, string> & { kind: SenderInput['kind'] };

const EMPTY: Draft = {
  displayName: '',
  kind: 'whatsapp',
  address: '',
  accountSid: '',
  authToken: '',
  region: '',
  edge: '',
  community: '',
  messagesPerSecond: '',
};

const draftOf = (sender: SenderView): Draft => ({
  displayName: sender.displayName,
  kind: sender.kind,
  address: sender.address,
  accountSid: sender.accountSid,
  authToken: '',
  region: sender.region ?? '',
  edge: sender.edge ?? '',
  community: sender.community ?? '',
  messagesPerSecond: sender.messagesPerSecond === null ? '' : String(sender.messagesPerSecond),
});

/** What Save sends: empty optional fields cleared, an empty token left out (the saved one is kept). */
const inputOf = (draft: Draft): Partial<SenderInput> => ({
  displayName: draft.displayName,
  kind: draft.kind,
  address: draft.address.trim(),
  accountSid: draft.accountSid.trim(),
  ...(draft.authToken ? { authToken: draft.authToken } : {}),
  region: draft.region.trim() || null,
  edge: draft.edge.trim() || null,
  community: draft.community.trim() || null,
  messagesPerSecond: draft.messagesPerSecond.trim() ? Number(draft.messagesPerSecond) : null,
});

const TEXT_FIELDS = [
  'displayName',
  'address',
  'accountSid',
  'authToken',
  'region',
  'edge',
  'messagesPerSecond',
] as const;

/**
 * Settings → Senders: the numbers members write to besides the default one (Connection), each on
 * its own Twilio (sub-)account and optionally a community's own. Tokens are write-only.
 */
const SendersEditor = () => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const api = useApiClient();
  const { toggleNotification } = useNotification();
  const { allowedActions } = useRBAC(PERMISSIONS.settingsUpdate);
  const readOnly = !allowedActions.canUpdate;
  const { data, error, isLoading, refetch } = useApiQuery((client) => client.getSenders());
  const [editing, setEditing] = React.useState<number | 'new' | undefined>();
  const [draft, setDraft] = React.useState<Draft>(EMPTY);
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [saving, setSaving] = React.useState(false);

  if (isLoading && !data) return <Page.Loading />;
  if (error || !data) return <Page.Error />;

  const open = (target: number | 'new') => {
    const sender = data.senders.find((candidate) => candidate.id === target);
    setDraft(sender ? draftOf(sender) : EMPTY);
    setErrors({});
    setEditing(target);
  };

  const save = async () => {
    setSaving(true);
    try {
      const input = inputOf(draft);
      if (editing === 'new') await api.createSender(input as SenderInput);
      else if (editing !== undefined) await api.updateSender(editing, input);
      setEditing(undefined);
      refetch();
      toggleNotification({ type: 'success', message: t('senders.saved', 'Sender saved') });
    } catch (failure) {
      setErrors(fieldErrors(failure));
      toggleNotification({
        type: 'danger',
        message: errorMessage(failure, t('senders.saveFailed', 'Not saved')),
      });
    } finally {
      setSaving(false);
    }
  };

  const remove = async (sender: SenderView) => {
    if (
      !window.confirm(t('senders.confirmDelete', 'Delete the sender {name}?', { name: sender.displayName }))
    )
      return;
    try {
      await api.deleteSender(sender.id);
      refetch();
    } catch (failure) {
      toggleNotification({
        type: 'danger',
        message: errorMessage(failure, t('senders.deleteFailed', 'Not deleted')),
      });
    }
  };

  const labels: Record<(typeof TEXT_FIELDS)[number], string> = {
    displayName: t('senders.field.displayName', 'Display name'),
    address: t('senders.field.address', 'Number (E.164)'),
    accountSid: t('senders.field.accountSid', 'Account SID (account or sub-account)'),
    authToken: t('senders.field.authToken', 'Auth Token'),
    region: t('senders.field.region', 'Region'),
    edge: t('senders.field.edge', 'Edge'),
    messagesPerSecond: t('senders.field.messagesPerSecond', 'Messages per second'),
  };
  const defaults = data.default;
  const communityNames = new Map(data.communities.map(({ key, name }) => [key, name]));

  return (
    <Page.Main>
      <Page.Title>{`${t('settings.title', 'WhatsApp agent')} · ${t('settings.pages.senders', 'Senders')}`}</Page.Title>
      <Layouts.Header
        title={t('settings.pages.senders', 'Senders')}
        subtitle={t(
          'senders.subtitle',
          'The numbers members write to and are answered from. The default one is set under Connection; a community can have its own, on its own Twilio sub-account.'
        )}
        primaryAction={
          <Button onClick={() => open('new')} disabled={readOnly} data-testid="sender-add">
            {t('senders.add', 'Add a sender')}
          </Button>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Typography variant="omega" data-testid="sender-default">
            {defaults
              ? t('senders.default', 'Default sender: {number} on account {account}', {
                  number: [defaults.whatsappNumber, defaults.smsNumber].filter(Boolean).join(', ') || '—',
                  account: defaults.accountSid,
                })
              : t('senders.noDefault', 'No default sender: Twilio is not set up under Connection.')}
          </Typography>
          <Table colCount={5} rowCount={data.senders.length + 1} data-testid="senders-table">
            <Thead>
              <Tr>
                <Th>{labels.displayName}</Th>
                <Th>{labels.address}</Th>
                <Th>{labels.accountSid}</Th>
                <Th>{t('senders.community', 'Community')}</Th>
                <Th>{t('senders.actions', 'Actions')}</Th>
              </Tr>
            </Thead>
            <Tbody>
              {data.senders.map((sender) => (
                <Tr key={sender.id} data-testid={`sender-${sender.id}`}>
                  <Td>
                    <Typography>{sender.displayName}</Typography>
                  </Td>
                  <Td>
                    <Typography>{`${sender.kind === 'whatsapp' ? 'WhatsApp' : 'SMS'} ${sender.address}`}</Typography>
                  </Td>
                  <Td>
                    <Typography>{sender.accountSid}</Typography>
                    {sender.authToken.usable ? null : (
                      <Typography variant="pi" textColor="danger600">
                        {t(
                          'senders.tokenUnusable',
                          'Enter the Auth Token again: it was saved for another Twilio API URL.'
                        )}
                      </Typography>
                    )}
                  </Td>
                  <Td>
                    <CommunityCell community={sender.community} names={communityNames} />
                  </Td>
                  {/* The design system's table keeps text on one line: the buttons and the Test
                      connection verdict wrap here instead, or the row overflows its card at a laptop's width. */}
                  <Td style={{ whiteSpace: 'normal', overflowWrap: 'anywhere' }}>
                    <Flex gap={2} alignItems="flex-start" wrap="wrap">
                      <CheckButton
                        run={() => api.checkSender(sender.id)}
                        label={t('senders.test', 'Test connection')}
                        testId={`sender-check-${sender.id}`}
                      />
                      <Button variant="tertiary" size="S" onClick={() => open(sender.id)} disabled={readOnly}>
                        {t('senders.edit', 'Edit')}
                      </Button>
                      <Button
                        variant="danger-light"
                        size="S"
                        onClick={() => remove(sender)}
                        disabled={readOnly}
                      >
                        {t('senders.delete', 'Delete')}
                      </Button>
                    </Flex>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
          {editing === undefined ? null : (
            <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius data-testid="sender-form">
              <Grid.Root gap={4}>
                <Grid.Item col={6} s={12}>
                  <Field.Root name="kind">
                    <Field.Label>{t('senders.field.kind', 'Channel')}</Field.Label>
                    <SingleSelect
                      value={draft.kind}
                      onChange={(value: string | number) =>
                        setDraft({ ...draft, kind: value === 'sms' ? 'sms' : 'whatsapp' })
                      }
                    >
                      <SingleSelectOption value="whatsapp">WhatsApp</SingleSelectOption>
                      <SingleSelectOption value="sms">SMS</SingleSelectOption>
                    </SingleSelect>
                  </Field.Root>
                </Grid.Item>
                <Grid.Item col={6} s={12}>
                  <CommunityField
                    value={draft.community}
                    communities={data.communities}
                    error={errors.community}
                    onChange={(community) => setDraft({ ...draft, community })}
                  />
                </Grid.Item>
                {TEXT_FIELDS.map((name) => (
                  <Grid.Item key={name} col={6} s={12}>
                    <Field.Root
                      name={name}
                      error={errors[name]}
                      hint={
                        name === 'authToken' && editing !== 'new'
                          ? t('senders.tokenKept', 'Write-only: leave empty to keep the saved one.')
                          : undefined
                      }
                    >
                      <Field.Label>{labels[name]}</Field.Label>
                      <TextInput
                        name={name}
                        type={name === 'authToken' ? 'password' : 'text'}
                        autoComplete="off"
                        value={draft[name]}
                        data-testid={`sender-field-${name}`}
                        onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                          setDraft({ ...draft, [name]: event.target.value })
                        }
                      />
                      <Field.Hint />
                      <Field.Error />
                    </Field.Root>
                  </Grid.Item>
                ))}
              </Grid.Root>
              <Flex gap={2} paddingTop={4} justifyContent="flex-end">
                <Button variant="tertiary" onClick={() => setEditing(undefined)}>
                  {t('senders.cancel', 'Cancel')}
                </Button>
                <Button onClick={save} loading={saving} data-testid="sender-save">
                  {t('senders.save', 'Save')}
                </Button>
              </Flex>
            </Box>
          )}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

const SendersPage = () => (
  <Page.Protect permissions={PERMISSIONS.settingsRead}>
    <SendersEditor />
  </Page.Protect>
);

export default SendersPage;

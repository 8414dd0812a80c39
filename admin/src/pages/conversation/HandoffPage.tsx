import * as React from 'react';
import { Badge, Box, Button, Flex, Textarea, Typography } from '@strapi/design-system';
import { BackButton, Layouts, Page, useAuth, useNotification, useRBAC } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { useParams } from 'react-router-dom';
import type { HandoffConversation } from '../../../../server/src/admin-api';
import { useApiClient } from '../../api/client';
import { useApiQuery } from '../../hooks/useApiQuery';
import { usePolling } from '../../hooks/usePolling';
import { PERMISSIONS } from '../../permissions';
import { errorMessage } from '../../utils/api-errors';
import { getTranslation } from '../../utils/getTranslation';
import { PLUGIN_ID } from '../../pluginId';
import { AssignPicker } from './AssignPicker';
import { ChatBubble } from './ChatBubble';

/** useRBAC names allowed actions after their uid's last segment: `canReply`, `canAssign`. */
const ACTIONS = [...PERMISSIONS.conversationsReply, ...PERMISSIONS.conversationsAssign];

const Timeline = ({ view }: { view: HandoffConversation }) => {
  const { formatDate } = useIntl();
  const items = [
    ...view.messages.map((message) => ({
      at: message.at,
      key: `m${message.direction}${message.id}`,
      message,
    })),
    ...view.events.map((event) => ({ at: event.at, key: `e${event.id}`, event })),
  ].sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
  return (
    <Box background="neutral100" padding={4} hasRadius data-testid="handoff-timeline">
      <Flex direction="column" alignItems="stretch" gap={3}>
        {items.map((item) =>
          'message' in item ? (
            <Box key={item.key}>
              <ChatBubble
                from={item.message.direction === 'in' ? 'user' : 'assistant'}
                text={item.message.body ?? '(erased)'}
              />
              {item.message.direction === 'out' && item.message.reason ? (
                <Typography variant="pi" textColor="danger600">
                  {item.message.status}: {item.message.reason}
                </Typography>
              ) : null}
            </Box>
          ) : (
            <Typography
              key={item.key}
              variant="pi"
              textColor="neutral600"
              data-testid={`event-${item.event.kind}`}
            >
              {formatDate(item.event.at, { dateStyle: 'short', timeStyle: 'short' })} ·{' '}
              {item.event.kind === 'note' ? '📝 ' : ''}
              {item.event.actorName ?? item.event.actor} · {item.event.kind}
              {item.event.toState ? ` → ${item.event.toState}` : ''}
              {item.event.reason ? ` · ${item.event.reason}` : ''}
              {item.event.body ? `: ${item.event.body}` : ''}
            </Typography>
          )
        )}
      </Flex>
    </Box>
  );
};

const Handoff = ({ documentId }: { documentId: string }) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const api = useApiClient();
  const { toggleNotification } = useNotification();
  const { allowedActions } = useRBAC(ACTIONS);
  const selfId = useAuth('Handoff', (auth) => auth.user?.id);
  const { data, error, isLoading, refetch } = useApiQuery(
    (client) => client.getHandoff(documentId),
    [documentId]
  );
  usePolling(refetch);
  const [text, setText] = React.useState('');
  const [note, setNote] = React.useState('');
  const [busy, setBusy] = React.useState(false);

  if (isLoading && !data) return <Page.Loading />;
  if (error && !data) return <Page.Error />;
  if (!data) return null;

  const act = async (run: () => Promise<unknown>, failed: string, after?: () => void) => {
    setBusy(true);
    try {
      await run();
      after?.();
    } catch (actionError) {
      toggleNotification({ type: 'danger', message: errorMessage(actionError, failed) });
    } finally {
      setBusy(false);
      refetch();
    }
  };
  const expectedAssigneeId = data.assignee?.id ?? null;
  const title = data.member?.username ?? data.address;
  const state =
    data.answeredBy === 'assistant'
      ? t('handoff.assistant', 'The assistant answers')
      : data.answeredBy === 'waiting'
        ? t('handoff.waiting', 'Waiting for a person')
        : formatMessage(
            { id: getTranslation('handoff.person'), defaultMessage: '{name} has it' },
            { name: data.assignee?.name ?? '' }
          );

  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        navigationAction={<BackButton fallback={`/plugins/${PLUGIN_ID}/inbox`} />}
        title={title}
        subtitle={`${data.address} · ${data.community}`}
        secondaryAction={<Badge data-testid="handoff-state">{state}</Badge>}
        primaryAction={
          allowedActions.canAssign ? (
            <Flex gap={2}>
              <AssignPicker
                documentId={documentId}
                assigneeId={expectedAssigneeId}
                selfId={selfId === undefined ? undefined : Number(selfId)}
                disabled={busy}
                onAssign={(assigneeId) =>
                  act(
                    () => api.assignConversation(documentId, { assigneeId, expectedAssigneeId }),
                    t('handoff.assignFailed', 'Not assigned.')
                  )
                }
              />
              <Button
                variant="secondary"
                disabled={busy}
                data-testid="assign-to-me"
                onClick={() =>
                  act(
                    () => api.assignConversation(documentId, { expectedAssigneeId }),
                    t('handoff.assignFailed', 'Not assigned.')
                  )
                }
              >
                {data.answeredBy === 'assistant'
                  ? t('handoff.takeOver', 'Take over')
                  : t('handoff.assignToMe', 'Assign to me')}
              </Button>
              {data.answeredBy !== 'assistant' ? (
                <Button
                  disabled={busy}
                  data-testid="resolve"
                  onClick={() =>
                    act(
                      () =>
                        api.resolveConversation(documentId, {
                          seenInboundId: data.lastInboundId,
                          note: note || undefined,
                        }),
                      t('handoff.resolveFailed', 'Not resolved.'),
                      () => setNote('')
                    )
                  }
                >
                  {t('handoff.resolve', 'Resolve')}
                </Button>
              ) : null}
            </Flex>
          ) : undefined
        }
      />
      <Layouts.Content>
        <Timeline view={data} />
        {allowedActions.canReply ? (
          <Box paddingTop={4}>
            {data.window.open ? (
              <Flex direction="column" alignItems="stretch" gap={2}>
                <Textarea
                  name="reply"
                  aria-label={t('handoff.reply', 'Reply to the member')}
                  placeholder={t(
                    'handoff.replyPlaceholder',
                    'Your reply, sent on WhatsApp with your first name'
                  )}
                  value={text}
                  onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => setText(event.target.value)}
                />
                <Flex gap={2}>
                  <Button
                    disabled={busy || !text.trim()}
                    data-testid="send-reply"
                    onClick={() =>
                      act(
                        () => api.replyToConversation(documentId, { text }),
                        t('handoff.replyFailed', 'Not sent.'),
                        () => setText('')
                      )
                    }
                  >
                    {t('handoff.send', 'Send')}
                  </Button>
                </Flex>
              </Flex>
            ) : (
              <Flex direction="column" alignItems="stretch" gap={2} data-testid="window-closed">
                <Typography textColor="danger600">{data.window.reason}</Typography>
                <Button
                  disabled={busy || !data.window.templateSet}
                  onClick={() =>
                    act(
                      () => api.replyToConversation(documentId, { reengage: true }),
                      t('handoff.replyFailed', 'Not sent.')
                    )
                  }
                >
                  {data.window.templateSet
                    ? t('handoff.reengage', 'Send the re-engagement template')
                    : t('handoff.noTemplate', 'No re-engagement template is set (Settings → Templates)')}
                </Button>
              </Flex>
            )}
            <Box paddingTop={4}>
              <Textarea
                name="note"
                aria-label={t(
                  'handoff.note',
                  'Internal note (never sent; also the note the assistant reads on Resolve)'
                )}
                placeholder={t('handoff.notePlaceholder', 'Internal note: only the team sees it')}
                value={note}
                onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => setNote(event.target.value)}
              />
              <Button
                variant="tertiary"
                disabled={busy || !note.trim()}
                onClick={() =>
                  act(
                    () => api.addConversationNote(documentId, { text: note }),
                    t('handoff.noteFailed', 'Note not saved.'),
                    () => setNote('')
                  )
                }
              >
                {t('handoff.addNote', 'Add internal note')}
              </Button>
            </Box>
          </Box>
        ) : null}
      </Layouts.Content>
    </Page.Main>
  );
};

/** One conversation for a person: its messages both ways, who has it, and the reply box. */
const HandoffPage = () => {
  const { documentId } = useParams<{ documentId: string }>();
  return (
    <Page.Protect permissions={PERMISSIONS.conversationsRead}>
      {documentId ? <Handoff documentId={documentId} /> : null}
    </Page.Protect>
  );
};

export default HandoffPage;

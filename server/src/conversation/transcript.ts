import type { HistoryMessage } from '../agent/memory';
import type { HandoffEvent } from '../repositories/handoff';
import type { TimelineMessage } from '../repositories/conversation-timeline';
import { isPersonKey } from '../repositories/conversation-timeline';

/**
 * What happened while a person had the conversation, as history for the assistant: the member's
 * messages as theirs, each manager's reply marked as a community manager's words (so the
 * assistant does not contradict what was promised), then the hand-back and its note. The
 * assistant's own turns are in the history already; notices and texts erased since are left out.
 */
export const handoffTranscript = ({
  messages,
  replies,
  handedBackBy,
  note,
  at,
}: {
  /** The conversation's messages since the handoff began, oldest first. */
  messages: TimelineMessage[];
  /** The managers' reply events (who wrote which outbox key). */
  replies: HandoffEvent[];
  handedBackBy: string;
  note?: string | null;
  at: Date;
}): HistoryMessage[] => {
  const authors = new Map(replies.map((event) => [event.turnKey, event.actorName ?? 'the community team']));
  const transcript: HistoryMessage[] = [];
  const written = new Map<string, number>();
  for (const message of messages) {
    if (message.body === null || message.body === '') continue;
    if (message.direction === 'in') {
      transcript.push({ role: 'user', content: message.body });
      continue;
    }
    if (!isPersonKey(message.turnKey)) continue;
    // A long reply went out in parts: one message for the assistant, as the manager wrote it.
    const index = written.get(message.turnKey);
    if (index !== undefined) {
      const previous = transcript[index] as { content: string };
      previous.content = `${previous.content} ${message.body}`;
      continue;
    }
    written.set(message.turnKey, transcript.length);
    transcript.push({
      role: 'assistant',
      content: `[Community manager ${authors.get(message.turnKey) ?? 'of the community team'} wrote, not the assistant] ${message.body}`,
    });
  }
  // History is kept in turns that start with the member's words: a handoff the member's command
  // began (the command is no history) starts with a line that says what happened.
  if (transcript[0]?.role !== 'user')
    transcript.unshift({ role: 'user', content: '[The member was put in touch with a community manager.]' });
  transcript.push({
    role: 'system',
    content: [
      `At ${at.toISOString()} ${handedBackBy} handed this conversation back to you, the assistant. Do not hand it to a person again unless the member asks anew or a new reason arises.`,
      note ? `Note from the community manager for you (the member did not see it): ${note}` : '',
    ]
      .filter(Boolean)
      .join(' '),
  });
  return transcript;
};

import type { Answerer } from '../constants';

/**
 * Who answers a conversation, as a state machine: assistant → waiting (a person was asked for) →
 * person (a manager has it) → assistant. Each move names the states it may start from; the
 * repository makes it one conditional UPDATE on those, so of two moves at once exactly one wins.
 */
export const MOVES = {
  /** The member's HUMAN, or the model's handoff_to_person. */
  request: { from: ['assistant'], to: 'waiting' },
  /** A manager takes a conversation the assistant has (from its conversation view). */
  takeOver: { from: ['assistant'], to: 'person' },
  /** A manager takes a waiting conversation, or gives one a person has to another manager. */
  assign: { from: ['waiting', 'person'], to: 'person' },
  /** The manager's Resolve, the member's BOT, or no manager reply for too long. */
  handBack: { from: ['waiting', 'person'], to: 'assistant' },
} as const satisfies Record<string, { from: readonly Answerer[]; to: Answerer }>;

export type Move = keyof typeof MOVES;

/** Who caused a change: recorded with it and shown in the conversation view. */
export type Actor =
  | { kind: 'member' }
  | { kind: 'assistant' }
  | { kind: 'manager'; adminUserId: number; name: string }
  | { kind: 'system' };

/** Whether a person is (or is being asked to be) in the conversation: the assistant stays silent. */
export const withPerson = (state: Answerer) => state !== 'assistant';

/** A manager's name as the member sees it: the first name only, unless the admin chose otherwise. */
export const shownManagerName = (
  manager: { firstname?: string | null; lastname?: string | null },
  style: 'firstName' | 'fullName' | 'team'
) => {
  const first = manager.firstname?.trim() || '';
  if (style === 'team' || !first) return 'The community team';
  return style === 'fullName' ? [first, manager.lastname?.trim()].filter(Boolean).join(' ') : first;
};

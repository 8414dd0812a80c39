import { z } from 'zod';
import type {
  HandoffConversation,
  HandoffEventView,
  HandoffMessage,
  InboxItem,
  ManagerRef,
  ManagerScope,
  ManagerScopesView,
} from '../../../server/src/admin-api';

/** The answers of the People-in-the-loop routes, each exactly its shared type (see SchemaContract). */
const answerer = z.enum(['assistant', 'waiting', 'person']);
const managerRef = z.object({ id: z.number(), name: z.string() }) satisfies z.ZodType<ManagerRef>;
const memberRef = z.object({ id: z.number(), username: z.string() }).nullable();

export const inboxItemSchema = z.object({
  documentId: z.string(),
  address: z.string().nullable(),
  member: memberRef,
  community: z.string().nullable(),
  answeredBy: answerer,
  since: z.string().nullable(),
  assignee: managerRef.nullable(),
  unread: z.number(),
  lastMessage: z.object({ body: z.string().nullable(), at: z.string() }).nullable(),
  reason: z.string().nullable(),
}) satisfies z.ZodType<InboxItem>;

const handoffMessageSchema = z.discriminatedUnion('direction', [
  z.object({ direction: z.literal('in'), id: z.number(), at: z.string(), body: z.string().nullable() }),
  z.object({
    direction: z.literal('out'),
    id: z.number(),
    at: z.string(),
    body: z.string().nullable(),
    turnKey: z.string(),
    status: z.string(),
    reason: z.string().nullable(),
    template: z.boolean(),
  }),
]) satisfies z.ZodType<HandoffMessage>;

const handoffEventSchema = z.object({
  id: z.number(),
  kind: z.enum(['requested', 'assigned', 'resolved', 'reply', 'note']),
  fromState: z.string().nullable(),
  toState: z.string().nullable(),
  actor: z.enum(['member', 'assistant', 'manager', 'system']),
  adminUserId: z.number().nullable(),
  actorName: z.string().nullable(),
  reason: z.string().nullable(),
  body: z.string().nullable(),
  turnKey: z.string().nullable(),
  at: z.string(),
}) satisfies z.ZodType<HandoffEventView>;

export const handoffConversationSchema = z.object({
  documentId: z.string(),
  address: z.string(),
  member: memberRef,
  linked: z.boolean(),
  community: z.string(),
  answeredBy: answerer,
  since: z.string().nullable(),
  assignee: managerRef.nullable(),
  lastInboundId: z.number().nullable(),
  window: z.object({ open: z.boolean(), reason: z.string().optional(), templateSet: z.boolean() }),
  events: z.array(handoffEventSchema),
  messages: z.array(handoffMessageSchema),
}) satisfies z.ZodType<HandoffConversation>;

export const waitingCountSchema = z.object({ waiting: z.number() });

/** GET /managers: whom a conversation can be assigned to. */
export const managersSchema = z.object({ data: z.array(managerRef) });

const managerScopeSchema = z.object({
  adminUserId: z.number(),
  communities: z.array(z.string()),
}) satisfies z.ZodType<ManagerScope>;

export const managerScopesViewSchema = z.object({
  data: z.array(managerScopeSchema),
  meta: z.object({
    admins: z.array(managerRef),
    communities: z.array(z.object({ key: z.string(), name: z.string() })),
  }),
}) satisfies z.ZodType<ManagerScopesView>;

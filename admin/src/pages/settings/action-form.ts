import type { ActionTool } from '../../../../server/src/admin-api';
import { actionToolSchema } from '../../api/schemas';

export const ACTION_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'] as const satisfies ReadonlyArray<
  ActionTool['method']
>;

/**
 * An action being edited. The parameters stay the JSON the admin typed until it parses; `key`
 * only keeps React's list identity stable while actions are removed.
 */
export type ActionDraft = Omit<ActionTool, 'parameters' | 'record'> & {
  key: number;
  parameters: string;
  recordCollection: string;
  recordIdArgument: string;
};

const EMPTY_PARAMETERS = { type: 'object', properties: {}, required: [] };

let nextKey = 0;
export const newActionDraft = (action?: ActionTool): ActionDraft => ({
  key: (nextKey += 1),
  name: action?.name ?? '',
  description: action?.description ?? '',
  method: action?.method ?? 'POST',
  path: action?.path ?? '/api/',
  parameters: JSON.stringify(action?.parameters ?? EMPTY_PARAMETERS, null, 2),
  confirm: action?.confirm ?? '',
  recordCollection: action?.record?.collection ?? '',
  recordIdArgument: action?.record?.idArgument ?? '',
  offerReminders: action?.offerReminders ?? false,
});

type Parsed = { parameters: ActionTool['parameters']; error?: undefined } | { error: string };

/** The typed JSON as an arguments schema, or what is wrong with it, in words the admin can act on. */
export const parseParameters = (text: string): Parsed => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { error: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const parsed = actionToolSchema.shape.parameters.safeParse(json);
  if (parsed.success) return { parameters: parsed.data };
  const [issue] = parsed.error.issues;
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return {
    error: `Must be a JSON schema object such as {"type": "object", "properties": {…}} (${where}${issue.message})`,
  };
};

/** The names of the parameters, offered as the record's id argument. */
export const parameterNames = (text: string) => {
  const parsed = parseParameters(text);
  return parsed.error === undefined ? Object.keys(parsed.parameters.properties) : [];
};

const actionFromDraft = (draft: ActionDraft, parameters: ActionTool['parameters']): ActionTool => ({
  name: draft.name.trim(),
  description: draft.description.trim(),
  method: draft.method,
  path: draft.path.trim(),
  parameters,
  confirm: draft.confirm.trim(),
  // Half a record is sent as it is: the server says which part is missing.
  ...(draft.recordCollection || draft.recordIdArgument
    ? { record: { collection: draft.recordCollection, idArgument: draft.recordIdArgument } }
    : {}),
  offerReminders: draft.offerReminders,
});

/** Parameters that do not parse, by the field key the card shows them under ("actions.0.parameters"). */
export const actionDraftErrors = (drafts: ActionDraft[]): Record<string, string> =>
  Object.fromEntries(
    drafts.flatMap((draft, index) => {
      const parsed = parseParameters(draft.parameters);
      return parsed.error === undefined ? [] : [[`actions.${index}.parameters`, parsed.error]];
    })
  );

/** A saved list as the drafts would give it back: trimmed, with the same key order. */
const comparable = (actions: ActionTool[]) =>
  JSON.stringify(actions.map((action) => actionFromDraft(newActionDraft(action), action.parameters)));

/**
 * The list to save when the admin changed it; undefined when unchanged, or while a draft's
 * parameters do not parse (actionDraftErrors says which, and the page does not save).
 */
export const actionsUpdate = (drafts: ActionDraft[], saved: ActionTool[]): ActionTool[] | undefined => {
  const actions: ActionTool[] = [];
  for (const draft of drafts) {
    const parsed = parseParameters(draft.parameters);
    if (parsed.error !== undefined) return undefined;
    actions.push(actionFromDraft(draft, parsed.parameters));
  }
  return comparable(saved) === JSON.stringify(actions) ? undefined : actions;
};

import type { ActionTool } from '../../server/src/admin-api';
import {
  actionDraftErrors,
  actionsUpdate,
  newActionDraft,
  parameterNames,
} from '../../admin/src/pages/settings/action-form';

const RSVP: ActionTool = {
  name: 'rsvp_event',
  description: 'Answer an invitation',
  method: 'POST',
  path: '/api/events/{documentId}/rsvp',
  parameters: {
    type: 'object',
    properties: { documentId: { type: 'string' }, status: { type: 'string', enum: ['going', 'not_going'] } },
    required: ['documentId', 'status'],
  },
  confirm: 'RSVP *{status}* to *{title}*?',
  record: { collection: 'events', idArgument: 'documentId' },
  offerReminders: true,
};

describe('actionsUpdate', () => {
  it('sends nothing for a list left alone', () => {
    expect(
      actionsUpdate(
        [RSVP].map((action) => newActionDraft(action)),
        [RSVP]
      )
    ).toBeUndefined();
  });

  it('sends the whole list once one action changed, without a record when none is picked', () => {
    const draft = {
      ...newActionDraft(RSVP),
      recordCollection: '',
      recordIdArgument: '',
      offerReminders: false,
    };
    const { record: _record, ...withoutRecord } = RSVP;
    expect(actionsUpdate([draft], [RSVP])).toEqual([{ ...withoutRecord, offerReminders: false }]);
  });

  it('sends nothing while parameters are not JSON, and says where', () => {
    const broken = { ...newActionDraft(RSVP), parameters: '{"type": "object", ' };
    expect(actionsUpdate([newActionDraft(RSVP), broken], [RSVP])).toBeUndefined();
    expect(actionDraftErrors([newActionDraft(RSVP), broken])).toEqual({
      'actions.1.parameters': expect.stringMatching(/^Not valid JSON: /),
    });
    expect(actionDraftErrors([{ ...broken, parameters: '{"type": "array"}' }])).toEqual({
      'actions.0.parameters': expect.stringMatching(/^Must be a JSON schema object .*\(type: /),
    });
  });
});

it('offers the parameters as the record id argument', () => {
  expect(parameterNames(newActionDraft(RSVP).parameters)).toEqual(['documentId', 'status']);
  expect(parameterNames('nope')).toEqual([]);
});

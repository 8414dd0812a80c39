import { actionPathProblem, fillPath } from '../../server/src/agent/actions/action-path';
import {
  burstAnswer,
  confirmationAnswer,
  confirmationTap,
} from '../../server/src/agent/actions/confirm-words';

describe('action paths', () => {
  it.each([
    '/api/../admin/users/me',
    '/api/./events',
    '/api/events/..',
    '/api/%2e%2E/admin',
    '/api/.%2e/admin',
    '/api/events%2F..%2Fadmin',
    '/api/events%2f{documentId}',
    '/api/events%5c..',
    '/api/events\\..\\admin',
  ])('refuses %s in the settings', (path) => {
    expect(actionPathProblem(path)).toEqual(expect.any(String));
  });

  it('accepts an ordinary route, dots inside a segment included', () => {
    expect(actionPathProblem('/api/events/{documentId}/rsvp')).toBeNull();
    expect(actionPathProblem('/api/files/v1.2/...x')).toBeNull();
  });

  it.each(['..', '.', ''])('refuses the argument %j where it fills the path', (documentId) => {
    expect(fillPath('/api/events/{documentId}/rsvp', { documentId, status: 'going' })).toEqual({
      ok: false,
      argument: 'documentId',
      message: expect.any(String),
    });
  });

  it('fills a path URL-encoded and keeps the other arguments as the body', () => {
    expect(fillPath('/api/events/{documentId}/rsvp', { documentId: 'a/../b', status: 'going' })).toEqual({
      ok: true,
      path: '/api/events/a%2F..%2Fb/rsvp',
      body: { status: 'going' },
    });
  });

  it('refuses a filled path that a URL parser would move out of /api/', () => {
    expect(fillPath('/api{x}', { x: 'z' })).toMatchObject({ ok: false });
  });
});

describe('confirmation answers', () => {
  it('reads the proposal a tap names', () => {
    expect(confirmationTap('confirm:yes:42')).toEqual({ answer: 'yes', proposalId: 42 });
    expect(confirmationTap('confirm:no')).toEqual({ answer: 'no', proposalId: null });
    expect(confirmationTap('consent:reminders')).toBeNull();
    expect(confirmationTap(undefined)).toBeNull();
  });

  it('reads a typed or spoken word: a transcribed voice note answers as its words', () => {
    expect(confirmationAnswer('Yes!')).toBe('yes');
    expect(confirmationAnswer('[voice note] Yes.')).toBe('yes');
    expect(confirmationAnswer('[voice note] Yeah,')).toBe('yes');
    expect(confirmationAnswer('[voice note] Nein.')).toBe('no');
    expect(confirmationAnswer('[voice note] Yes, but which one?')).toBeNull();
    expect(confirmationAnswer('maybe')).toBeNull();
  });

  it('judges a burst: the same answer repeated is that answer; a doubt writes nothing', () => {
    expect(burstAnswer(['yes', 'yes'])).toBe('yes');
    expect(burstAnswer(['no', 'no'])).toBe('no');
    expect(burstAnswer(['yes', 'no'])).toBe('no');
    expect(burstAnswer(['yes', null])).toBeNull();
    expect(burstAnswer([])).toBeNull();
  });
});

import { wantsSession } from '../../server/src/mcp/sessions';

const initialize = (capabilities: Record<string, unknown>) => ({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities, clientInfo: { name: 'x', version: '1' } },
});

describe('which MCP clients get a session', () => {
  it('one whose initialize declares form elicitation (`{}` is form)', () => {
    expect(wantsSession(initialize({ elicitation: {} }))).toBe(true);
    expect(wantsSession(initialize({ elicitation: { form: {} } }))).toBe(true);
    expect(wantsSession(initialize({ elicitation: { form: {}, url: {} } }))).toBe(true);
  });

  it('no other: without elicitation, URL elicitation only, or any request but initialize', () => {
    expect(wantsSession(initialize({}))).toBe(false);
    expect(wantsSession(initialize({ sampling: {} }))).toBe(false);
    expect(wantsSession(initialize({ elicitation: { url: {} } }))).toBe(false);
    expect(wantsSession({ ...initialize({ elicitation: {} }), method: 'tools/list' })).toBe(false);
    expect(wantsSession([initialize({ elicitation: {} })])).toBe(false);
    expect(wantsSession(undefined)).toBe(false);
  });
});

import { isClientIdUrl } from './client-metadata-document';

/**
 * A client as a member or an admin reads its name: on the consent page, in the member's session
 * list, in the log. A client known by its metadata document chose its name itself, so the host of
 * its client_id URL, which it cannot choose, stands beside it: "Claude (claude.ai)" and a
 * look-alike "Claude (claude-ai.example)" read differently (the MCP spec's advice for metadata
 * documents). A registered client's name is shown as it is. Plain text: each place escapes it.
 */
export const clientDisplayName = ({ clientId, clientName }: { clientId: string; clientName: string }) => {
  if (!isClientIdUrl(clientId)) return clientName;
  const { host } = new URL(clientId);
  return clientName === host ? host : `${clientName} (${host})`;
};

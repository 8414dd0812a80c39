import { CHANNEL_KIND_LABEL, type ChannelKind } from '../constants';
import { maskPhone } from './mask';

/**
 * The users-permissions device id of a channel's session (`whatsapp:+4915…`). Binding creates
 * the session under it and every revocation (unlink, user deletion) names it: defined once so the
 * two can never drift apart and leave a session alive.
 */
export const sessionDeviceId = ({ kind, address }: { kind: ChannelKind; address: string }) =>
  `${kind}:${address}`;

/** How the session shows in the member's own session list (GET /api/auth/sessions). */
export const sessionDeviceName = ({ kind, address }: { kind: ChannelKind; address: string }) =>
  `${CHANNEL_KIND_LABEL[kind]} ${maskPhone(address)}`;

import net from 'node:net';

/** One mail as the SMTP server received it: the envelope, and the headers and text of the message. */
export type ReceivedMail = { from: string; to: string[]; subject: string; text: string };

/** "Subject: A member…\r\n\r\nbody" → its Subject header and body (quoted-printable soft breaks joined). */
const parseMessage = (data: string) => {
  const [head, ...body] = data.split('\r\n\r\n');
  const subject = /^Subject: (.*(?:\r\n[ \t].*)*)/im.exec(head)?.[1].replace(/\r\n[ \t]/g, ' ') ?? '';
  const quoted = /^Content-Transfer-Encoding: quoted-printable/im.test(head);
  const text = body.join('\r\n\r\n');
  return {
    subject,
    text: quoted
      ? text
          .replace(/=\r\n/g, '')
          .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
      : text,
  };
};

/**
 * A minimal SMTP server on 127.0.0.1 that keeps every mail it is given: Strapi's email plugin,
 * with its default provider (`sendmail`, direct SMTP) pointed here by `devHost`/`devPort`,
 * delivers to it exactly as it would to a recipient's mail server.
 */
export const startSmtpInbox = async () => {
  const mails: ReceivedMail[] = [];
  const server = net.createServer((socket) => {
    let from = '';
    let to: string[] = [];
    let data: string | undefined;
    let buffer = '';
    socket.setEncoding('utf8');
    socket.write('220 smtp-inbox ready\r\n');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (;;) {
        if (data !== undefined) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end === -1) return;
          data += buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          mails.push({ from, to, ...parseMessage(data.replace(/^\.\./gm, '.')) });
          data = undefined;
          to = [];
          socket.write('250 queued\r\n');
          continue;
        }
        const end = buffer.indexOf('\r\n');
        if (end === -1) return;
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const command = line.slice(0, 4).toUpperCase();
        if (command === 'EHLO' || command === 'HELO') socket.write('250 smtp-inbox\r\n');
        else if (command === 'MAIL') {
          from = /<(.*)>/.exec(line)?.[1] ?? '';
          socket.write('250 ok\r\n');
        } else if (command === 'RCPT') {
          to.push(/<(.*)>/.exec(line)?.[1] ?? '');
          socket.write('250 ok\r\n');
        } else if (command === 'DATA') {
          data = '';
          socket.write('354 end with <CRLF>.<CRLF>\r\n');
        } else if (command === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    mails,
    /** Mails whose envelope names this recipient. */
    to: (address: string) => mails.filter((mail) => mail.to.includes(address)),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

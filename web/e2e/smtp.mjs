// A minimal SMTP server on loopback for the end-to-end tests: it accepts every message the
// server sends (through libcurl, as in production) and keeps it, so that a test reads the
// verification link from the mail a voter would receive. No relay, no authentication.
import { createServer } from 'node:net';

export async function startSmtp() {
  const messages = [];
  const waiting = [];
  const server = createServer((socket) => {
    socket.setEncoding('utf8');
    let buffer = '';
    let data = null; // the message body while in DATA
    let to = [];
    socket.write('220 localhost ESMTP test\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk;
      for (;;) {
        if (data !== null) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          data += buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          const message = { to, text: data.replace(/^\.\./gm, '.') };
          messages.push(message);
          waiting.splice(0).forEach((w) => w());
          data = null;
          to = [];
          socket.write('250 OK\r\n');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 localhost\r\n');
        else if (verb === 'RCPT') {
          to.push(line.replace(/^RCPT TO:\s*<?([^>]*)>?.*$/i, '$1'));
          socket.write('250 OK\r\n');
        } else if (verb === 'DATA') {
          data = '';
          socket.write('354 End data with <CR><LF>.<CR><LF>\r\n');
        } else if (verb === 'QUIT') {
          socket.end('221 Bye\r\n');
          return;
        } else socket.write('250 OK\r\n'); // MAIL, RSET, NOOP
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${server.address().port}`,
    messages,
    /** The first message to `address` (waits up to 15 s for it). */
    async mailTo(address) {
      for (let i = 0; i < 150; i++) {
        const found = messages.find((m) => m.to.includes(address));
        if (found) return found;
        await new Promise((resolve) => {
          waiting.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      throw new Error(`no mail to ${address}`);
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

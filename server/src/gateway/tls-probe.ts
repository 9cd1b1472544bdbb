// Tells a wss:// gateway given as ws:// apart from one that is down: after a ws:// connect failed
// before any WebSocket frame, one TLS handshake (no data sent, certificate not judged) to the same
// host and port says whether that port speaks TLS.
import { isIP } from 'node:net';
import { connect } from 'node:tls';

export function speaksTls(url: string, timeoutMs = 3_000): Promise<boolean> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return Promise.resolve(false);
  }
  if (parsed.protocol !== 'ws:') return Promise.resolve(false);
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(parsed.port || 80);
  return new Promise((resolve) => {
    // Only detection: nothing is sent over this socket, so the certificate does not matter here.
    const socket = connect({ host, port, servername: isIP(host) ? undefined : host, rejectUnauthorized: false });
    const done = (value: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(value);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('secureConnect', () => done(true));
    socket.once('error', () => done(false));
  });
}

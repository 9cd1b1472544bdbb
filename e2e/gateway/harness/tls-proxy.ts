// A TLS-terminating TCP proxy on loopback with a throw-away self-signed certificate, so a test
// can reach a gateway over wss:// (the gateway itself serves plain ws on loopback).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:tls';

export interface TlsProxy {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** `host`: the name the certificate is for (default 127.0.0.1, the name the proxy is reached by). */
function selfSignedCert(host = '127.0.0.1'): { key: string; cert: string } {
  const altName = /^[\d.]+$/.test(host) ? `IP:${host}` : `DNS:${host}`;
  const dir = mkdtempSync(join(tmpdir(), 'mc-tls-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', `/CN=${host}`,
        '-addext', `subjectAltName=${altName}`, '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startTlsProxy(targetPort: number, options: { certificateHost?: string } = {}): Promise<TlsProxy> {
  const sockets = new Set<Socket>();
  const server = createServer(selfSignedCert(options.certificateHost), (client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `wss://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

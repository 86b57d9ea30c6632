import { connect } from 'node:tls';
import type { CertProbe } from '../../core/cert-status';

/**
 * One TLS handshake with SNI, reading the certificate actually served. No verification (a LAN
 * CA is usually not in this machine's store): the point is the dates and the issuer. 5 s at most.
 */
export const probeTls = (
  address: string,
  port: number,
  servername: string,
  timeoutMs = 5000,
): Promise<CertProbe> =>
  new Promise((resolve) => {
    const socket = connect({
      host: address,
      port,
      servername,
      rejectUnauthorized: false,
      timeout: timeoutMs,
    });
    const done = (p: CertProbe) => {
      socket.destroy();
      resolve(p);
    };
    socket.once('secureConnect', () => {
      const c = socket.getPeerCertificate();
      if (!c || !c.valid_to) return done({ ok: false, error: 'the server sent no certificate' });
      const names = (c.subjectaltname ?? '')
        .split(', ')
        .map((n) => n.replace(/^(DNS|IP Address):/, ''))
        .filter(Boolean);
      done({
        ok: true,
        notBefore: Date.parse(c.valid_from),
        notAfter: Date.parse(c.valid_to),
        issuer: [c.issuer?.CN ?? c.issuer?.O ?? 'unknown'].flat().join(', '),
        names,
        fingerprint: c.fingerprint256,
      });
    });
    socket.once('timeout', () =>
      done({
        ok: false,
        error: `no TLS answer from ${address}:${port} within ${timeoutMs / 1000} s`,
      }),
    );
    socket.once('error', (e: NodeJS.ErrnoException) =>
      done({ ok: false, error: `${e.code ?? e.message} connecting to ${address}:${port}` }),
    );
  });

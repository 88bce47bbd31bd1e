/**
 * A throw-away certificate for 127.0.0.1 and localhost, made with the openssl CLI (Node can
 * make keys but not X.509 certificates). Without openssl it throws: the TLS tests must run, and
 * scripts/install-system-deps.sh installs it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificate {
  key: string;
  cert: string;
}

export function makeSelfSignedCert(): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'proxy-cert-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1',
        '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'],
      { stdio: 'ignore', timeout: 30_000 },
    );
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } catch (err) {
    throw new Error(`openssl could not make a test certificate (run scripts/install-system-deps.sh): ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

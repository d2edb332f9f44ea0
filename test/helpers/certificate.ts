// Throw-away self-signed certificates for tests, made with openssl (EC P-256, no passphrase).
import { execFileSync } from 'node:child_process';

/** Writes `keyFile` and `certFile`: a self-signed certificate for `subject`, with a subjectAltName when given. */
export function selfSignedCertificate(options: {
  keyFile: string;
  certFile: string;
  subject: string;
  days: number;
  altNames?: string;
}): void {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      options.keyFile,
      '-out',
      options.certFile,
      '-days',
      String(options.days),
      '-subj',
      options.subject,
      ...(options.altNames ? ['-addext', `subjectAltName=${options.altNames}`] : []),
    ],
    { stdio: 'ignore' },
  );
}

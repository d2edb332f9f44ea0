import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dsnHasPassword, parseDsn, redactDsn, redactSecrets } from '../../src/util/dsn.js';

test('redactDsn removes password and sslpassword, quoted, escaped or plain, and keeps the rest', () => {
  const cases: [string, string][] = [
    ['host=a port=5432 password=s3cret dbname=app', 'host=a port=5432 password=*** dbname=app'],
    ["host=a password='it''s a secret' dbname=app", 'host=a password=*** dbname=app'],
    ["host=a password='a b\\' c' user=u", 'host=a password=*** user=u'],
    ['host=a password=a\\ b user=u', 'host=a password=*** user=u'],
    ['host=a sslpassword=keypass sslkey=/k user=u', 'host=a sslpassword=*** sslkey=/k user=u'],
    ['host=a PASSWORD = x user=u', 'host=a PASSWORD = *** user=u'],
    ['postgresql://u:s3cret@h:5432/app?sslmode=require', 'postgresql://u@h:5432/app?sslmode=require'],
    ['postgres://h/app?user=u&password=s3cret&sslpassword=k', 'postgres://h/app?user=u&password=***&sslpassword=***'],
  ];
  for (const [dsn, want] of cases) {
    assert.equal(redactDsn(dsn), want, dsn);
    assert.ok(!/s3cret|keypass|a b|it''s/.test(redactDsn(dsn)), dsn);
  }
});

test('redactSecrets also hides URIs and bearer tokens inside free text', () => {
  assert.equal(redactSecrets('connect to postgres://u:pw@h/db failed'), 'connect to postgres://u@h/db failed');
  assert.equal(redactSecrets('Authorization: Bearer eyJ0.abc.def'), 'Authorization: Bearer ***');
  // A URI passed as a file name comes back from path.resolve with one slash (found by the generated suite).
  assert.equal(
    redactSecrets('/work/postgres:/u:pw@h/db: cannot read snapshot (ENOENT)'),
    '/work/postgres:/u@h/db: cannot read snapshot (ENOENT)',
  );
  assert.equal(redactSecrets('/work/postgresql:/u:pw@h/db'), '/work/postgresql:/u@h/db');
});

test('dsnHasPassword sees password and sslpassword', () => {
  assert.equal(dsnHasPassword('host=a user=u'), false);
  assert.equal(dsnHasPassword('host=a password=x'), true);
  assert.equal(dsnHasPassword('host=a sslpassword=x'), true);
  assert.equal(dsnHasPassword('postgres://u:x@h/db'), true);
});

test('percent-encoded parameter names that libpq decodes are redacted too', () => {
  assert.equal(redactDsn('postgres://h/db?pass%77ord=s3cret&sslmode=require'), 'postgres://h/db?pass%77ord=***&sslmode=require');
  assert.equal(redactDsn('postgresql://h/db?sslmode=require&%70assword=s3cret'), 'postgresql://h/db?sslmode=require&%70assword=***');
  assert.equal(redactDsn('postgres://h/db?SSLPASSWORD=k3y'), 'postgres://h/db?SSLPASSWORD=***');
  assert.equal(redactSecrets('failed for postgres://h/db?pass%77ord=s3cret now'), 'failed for postgres://h/db?pass%77ord=*** now');
});

test('a DSN that does not parse is reported without echoing its words', () => {
  assert.throws(
    () => parseDsn('host=h s3cret-word'),
    (err) => err instanceof Error && !err.message.includes('s3cret'),
  );
});

test('a control character inside a URI password does not cut the redaction short', () => {
  assert.equal(redactSecrets('postgres://u:\rS3CRET@h/db'), 'postgres://u@h/db');
  assert.equal(redactSecrets('postgresql://u:a\tb\u001bS3CRET@h'), 'postgresql://u@h');
});

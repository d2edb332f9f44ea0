import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contains, coverage, heldBy, isPrivateAddress, overlaps, parsePrefix, parsePrefixes } from '../../src/model/cidr.js';

const P = (t: string) => parsePrefix(t)!;

test('parsing: CIDR, bare addresses, IPv6, host bits, and what is not an address', () => {
  assert.equal(P('10.1.0.7/24').text, '10.1.0.0/24');
  assert.equal(P('10.1.0.7').text, '10.1.0.7/32');
  assert.equal(P('fd00:1::5/64').text, 'fd00:1::/64');
  assert.equal(P('::ffff:10.0.0.1').text, '10.0.0.1/32');
  for (const bad of ['VirtualNetwork', '10.0.0.0/33', '10.0.0', '', '*']) assert.equal(parsePrefix(bad), undefined, bad);
  assert.deepEqual(parsePrefixes(['10.0.0.0/8', 'Sql']).unparsed, ['Sql']);
});

test('containment and overlap, per family', () => {
  assert.ok(contains(P('10.0.0.0/8'), P('10.1.2.0/24')));
  assert.ok(!contains(P('10.1.2.0/24'), P('10.0.0.0/8')));
  assert.ok(overlaps(P('10.1.2.0/24'), P('10.0.0.0/8')));
  assert.ok(overlaps(P('10.1.0.0/16'), P('10.1.255.0/24')));
  assert.ok(!overlaps(P('10.1.0.0/16'), P('10.2.0.0/16')));
  assert.ok(!overlaps(P('10.0.0.0/8'), P('fd00::/8')));
  assert.ok(overlaps(P('fd00::/8'), P('fd00:1::/64')));
});

test('coverage of a range by a set of blocks', () => {
  assert.equal(coverage(P('10.0.0.0/24'), [P('10.0.0.0/25'), P('10.0.0.128/25')]), 'all');
  assert.equal(coverage(P('10.0.0.0/24'), [P('10.0.0.0/25')]), 'some');
  assert.equal(coverage(P('10.0.0.0/24'), [P('10.0.1.0/25')]), 'none');
  assert.equal(coverage(P('10.0.0.0/24'), [P('10.0.0.0/26'), P('10.0.0.128/25')]), 'some');
  assert.equal(coverage(P('10.0.0.5/32'), [P('0.0.0.0/0')]), 'all');
});

test('private addresses', () => {
  for (const p of ['10.9.9.9', '172.31.0.1', '192.168.1.1', '100.64.0.1', 'fd12::1']) assert.ok(isPrivateAddress(P(p)), p);
  for (const p of ['20.50.1.1', '172.32.0.1', '2001:db8::1']) assert.ok(!isPrivateAddress(P(p)), p);
});

test('heldBy: an address inside one of the written prefixes; service tags and other families hold nothing', () => {
  const address = parsePrefix('10.0.1.4')!;
  assert.equal(heldBy(address, ['192.168.0.0/16', '10.0.0.0/16']), true);
  assert.equal(heldBy(address, ['10.0.2.0/24', 'VirtualNetwork', 'fd00::/8']), false);
  assert.equal(heldBy(parsePrefix('10.0.0.0/15')!, ['10.0.0.0/16']), false);
});

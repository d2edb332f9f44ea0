// readWhatIf over both shapes a what-if result takes: the flattened model `az deployment ... what-if
// --no-pretty-print` prints, and the Resource Manager REST body (properties.changes). Each change type,
// the failed/unsupported results and the documents that are not what-if results at all.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readWhatIf, resourceTypeOfId } from '../../src/plan/whatif.js';
import { InputError } from '../../src/util/errors.js';

const RG = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-pg';
const SERVER = `${RG}/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg-app-c`;
const VNET = `${RG}/providers/Microsoft.Network/virtualNetworks/vnet-app`;
const NSG = `${RG}/providers/Microsoft.Network/networkSecurityGroups/nsg-pg`;
const LINK = `${RG}/providers/Microsoft.Network/privateDnsZones/pg.private.postgres.database.azure.com/virtualNetworkLinks/link-app`;
const RT = `${RG}/providers/Microsoft.Network/routeTables/rt-pg`;
const IDENTITY = `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-app`;

/** One change as azure-cli prints it: every key present, absent ones null, keys sorted. */
const cliChange = (c: {
  resourceId: string;
  changeType: string;
  before?: unknown;
  after?: unknown;
  delta?: unknown;
  unsupportedReason?: string;
}) => ({
  after: c.after ?? null,
  before: c.before ?? null,
  changeType: c.changeType,
  delta: c.delta ?? null,
  resourceId: c.resourceId,
  unsupportedReason: c.unsupportedReason ?? null,
});

const serverBody = (extra: Record<string, unknown> = {}) => ({
  apiVersion: '2024-08-01',
  id: SERVER,
  location: 'centralus',
  name: 'pg-app-c',
  properties: {
    network: { delegatedSubnetResourceId: `${VNET}/subnets/snet-pg`, publicNetworkAccess: 'Disabled' },
    version: '16',
    ...extra,
  },
  sku: { name: 'Standard_D4ds_v5', tier: 'GeneralPurpose' },
  type: 'Microsoft.DBforPostgreSQL/flexibleServers',
});
const nsgBody = (rules: unknown[]) => ({
  apiVersion: '2024-05-01',
  id: NSG,
  location: 'centralus',
  name: 'nsg-pg',
  properties: { securityRules: rules },
  type: 'Microsoft.Network/networkSecurityGroups',
});
const denyRule = {
  name: 'deny-pg',
  properties: {
    access: 'Deny',
    destinationAddressPrefix: '*',
    destinationPortRange: '5432',
    direction: 'Inbound',
    priority: 150,
    protocol: 'Tcp',
    sourceAddressPrefix: '10.1.0.0/16',
    sourcePortRange: '*',
  },
};
const rtBody = {
  apiVersion: '2024-05-01',
  id: RT,
  location: 'centralus',
  name: 'rt-pg',
  properties: { routes: [] },
  type: 'Microsoft.Network/routeTables',
};

const CHANGES = [
  cliChange({ resourceId: SERVER, changeType: 'Create', after: serverBody() }),
  cliChange({
    resourceId: NSG,
    changeType: 'Modify',
    before: nsgBody([]),
    after: nsgBody([denyRule]),
    delta: [
      {
        after: null,
        before: null,
        children: [{ after: denyRule, before: null, children: null, path: '0', propertyChangeType: 'Create' }],
        path: 'properties.securityRules',
        propertyChangeType: 'Array',
      },
    ],
  }),
  cliChange({ resourceId: RT, changeType: 'NoChange', before: rtBody, after: rtBody }),
  cliChange({
    resourceId: LINK,
    changeType: 'Delete',
    before: {
      id: LINK,
      name: 'link-app',
      type: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
      properties: { virtualNetwork: { id: VNET } },
    },
  }),
  cliChange({
    resourceId: IDENTITY,
    changeType: 'Ignore',
    before: { id: IDENTITY, name: 'id-app', type: 'Microsoft.ManagedIdentity/userAssignedIdentities', location: 'centralus' },
  }),
];

const cliDoc = { changes: CHANGES, error: null, status: 'Succeeded' };
const restDoc = { status: 'Succeeded', properties: { changes: CHANGES } };

function inputError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof InputError, `expected InputError, got ${String(err)}`);
    assert.doesNotMatch(err.message, /\n/, 'one line');
    return err.message;
  }
  assert.fail('expected an InputError');
}

test('az --no-pretty-print result: each change type maps to create/modify/keep/delete with the after body', () => {
  const planned = readWhatIf(cliDoc, 'whatif.json');
  assert.deepEqual(
    planned.map((p) => [p.change, p.type, p.id, p.source, p.file]),
    [
      ['create', 'Microsoft.DBforPostgreSQL/flexibleServers', SERVER, SERVER, 'whatif.json'],
      ['modify', 'Microsoft.Network/networkSecurityGroups', NSG, NSG, 'whatif.json'],
      ['keep', 'Microsoft.Network/routeTables', RT, RT, 'whatif.json'],
      ['delete', 'Microsoft.Network/privateDnsZones/virtualNetworkLinks', LINK, LINK, 'whatif.json'],
      ['keep', 'Microsoft.ManagedIdentity/userAssignedIdentities', IDENTITY, IDENTITY, 'whatif.json'],
    ],
  );
  // Modify is judged on `after` (the deny rule), never on `before`.
  assert.deepEqual((planned[1]!.body!.properties as { securityRules: unknown[] }).securityRules, [denyRule]);
  assert.equal(planned[3]!.body, undefined, 'a deleted resource has no body');
  assert.equal(planned[4]!.body!.name, 'id-app', 'Ignore keeps the current state (before)');
});

test('the REST body (properties.changes, x-ms-client-flatten undone) reads the same as the az output', () => {
  assert.deepEqual(readWhatIf(restDoc, 'whatif.json'), readWhatIf(cliDoc, 'whatif.json'));
});

test('Deploy is a modify; NoChange without any payload keeps the resource with no body (read live)', () => {
  const [deploy, keep] = readWhatIf(
    {
      changes: [
        cliChange({ resourceId: RT, changeType: 'Deploy', before: rtBody, after: rtBody }),
        cliChange({ resourceId: VNET, changeType: 'NoChange' }),
      ],
      status: 'Succeeded',
      error: null,
    },
    'w.json',
  );
  assert.equal(deploy!.change, 'modify');
  assert.deepEqual(deploy!.body, rtBody);
  assert.equal(keep!.change, 'keep');
  assert.equal(keep!.body, undefined);
  assert.equal(keep!.type, 'Microsoft.Network/virtualNetworks', 'type from the resource id');
});

test('Create: what the platform sets after creation (FQDN, state) is listed as unknown, unless the body carries it', () => {
  const [created] = readWhatIf(cliDoc, 'whatif.json');
  assert.deepEqual(created!.unknown, ['/properties/fullyQualifiedDomainName', '/properties/state']);
  const [withFqdn] = readWhatIf(
    {
      changes: [
        cliChange({
          resourceId: SERVER,
          changeType: 'Create',
          after: serverBody({ fullyQualifiedDomainName: 'pg-app-c.postgres.database.azure.com' }),
        }),
      ],
    },
    'w.json',
  );
  assert.deepEqual(withFqdn!.unknown, ['/properties/state']);
  // A Modify carries the current read-only values: nothing is unknown.
  const [modified] = readWhatIf(
    { changes: [cliChange({ resourceId: SERVER, changeType: 'Modify', before: serverBody(), after: serverBody() })] },
    'w.json',
  );
  assert.deepEqual(modified!.unknown, []);
});

test('Create of a VNET: every inline peering has its state and remote space unknown; NSG default rules and link state too', () => {
  const vnet = {
    id: VNET,
    name: 'vnet-app',
    type: 'Microsoft.Network/virtualNetworks',
    properties: {
      addressSpace: { addressPrefixes: ['10.3.0.0/16'] },
      virtualNetworkPeerings: [
        {
          name: 'to-a',
          properties: {
            allowVirtualNetworkAccess: true,
            remoteVirtualNetwork: { id: `${RG}/providers/Microsoft.Network/virtualNetworks/vnet-a` },
          },
        },
        {
          name: 'to-b',
          properties: {
            allowVirtualNetworkAccess: true,
            remoteVirtualNetwork: { id: `${RG}/providers/Microsoft.Network/virtualNetworks/vnet-b` },
          },
        },
      ],
    },
  };
  const link = {
    id: LINK,
    name: 'link-app',
    type: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
    location: 'global',
    properties: { registrationEnabled: false, virtualNetwork: { id: VNET } },
  };
  const [v, n, l] = readWhatIf(
    {
      changes: [
        cliChange({ resourceId: VNET, changeType: 'Create', after: vnet }),
        cliChange({ resourceId: NSG, changeType: 'Create', after: nsgBody([]) }),
        cliChange({ resourceId: LINK, changeType: 'Create', after: link }),
      ],
    },
    'w.json',
  );
  assert.deepEqual(v!.unknown, [
    '/properties/virtualNetworkPeerings/0/properties/peeringState',
    '/properties/virtualNetworkPeerings/1/properties/peeringState',
    '/properties/virtualNetworkPeerings/0/properties/peeringSyncLevel',
    '/properties/virtualNetworkPeerings/1/properties/peeringSyncLevel',
    '/properties/virtualNetworkPeerings/0/properties/remoteAddressSpace',
    '/properties/virtualNetworkPeerings/1/properties/remoteAddressSpace',
  ]);
  assert.deepEqual(n!.unknown, ['/properties/defaultSecurityRules']);
  assert.deepEqual(l!.unknown, ['/properties/virtualNetworkLinkState']);
});

test('values what-if could not evaluate (reference(), list*()) are unknown pointers; an escaped "[[" literal is not', () => {
  const record = {
    id: `${RG}/providers/Microsoft.Network/privateDnsZones/z/A/pg-app-c`,
    name: 'pg-app-c',
    type: 'Microsoft.Network/privateDnsZones/A',
    properties: {
      aRecords: [
        {
          ipv4Address:
            "[reference(resourceId('Microsoft.Network/privateEndpoints', 'pe'), '2024-05-01').customDnsConfigs[0].ipAddresses[0]]",
        },
      ],
      metadata: { 'a/b': '[[not an expression]' },
      ttl: 30,
    },
  };
  const [planned] = readWhatIf({ changes: [cliChange({ resourceId: record.id, changeType: 'Create', after: record })] }, 'w.json');
  assert.deepEqual(planned!.unknown, ['/properties/aRecords/0/ipv4Address']);
  assert.equal((planned!.body!.properties as { ttl: number }).ttl, 30, 'the body is kept as what-if gave it');
});

test('Unsupported: a warning naming the resource and the reason, no body, its properties unknown', () => {
  const warnings: string[] = [];
  const [planned] = readWhatIf(
    {
      changes: [
        cliChange({
          resourceId: VNET,
          changeType: 'Unsupported',
          unsupportedReason: 'Changes to the resource declared at\n"/resources/3" cannot be analyzed because its name cannot be calculated',
        }),
      ],
      error: null,
      status: 'Succeeded',
    },
    'plan/whatif.json',
    { warn: (w) => warnings.push(w) },
  );
  assert.deepEqual(planned, {
    type: 'Microsoft.Network/virtualNetworks',
    id: VNET,
    source: VNET,
    file: 'plan/whatif.json',
    change: 'modify',
    unknown: ['/properties'],
  });
  assert.equal(warnings.length, 1);
  assert.match(
    warnings[0]!,
    /^plan\/whatif\.json: changes\[0\]: Unsupported \/subscriptions\/.*\/vnet-app: what-if does not support this resource \(Changes to the resource declared at "\/resources\/3" cannot be analyzed .*\); its properties are known only after deployment$/,
  );
});

test('Create without a payload (--result-format ResourceIdOnly): warned, properties unknown', () => {
  const warnings: string[] = [];
  const [planned] = readWhatIf(
    { changes: [cliChange({ resourceId: SERVER, changeType: 'Create' })], error: null, status: 'Succeeded' },
    'w.json',
    { warn: (w) => warnings.push(w) },
  );
  assert.equal(planned!.change, 'create');
  assert.equal(planned!.body, undefined);
  assert.deepEqual(planned!.unknown, ['/properties']);
  assert.match(warnings[0]!, /ResourceIdOnly/);
});

test('a failed what-if (status Failed with an error) is one InputError line naming the file and the error code', () => {
  const message = inputError(() =>
    readWhatIf(
      {
        status: 'Failed',
        error: {
          code: 'InvalidTemplateDeployment',
          message: "The template deployment 'main' is not valid according to the validation procedure.\nSee inner errors for details.",
          details: [{ code: 'SubnetIsDelegated', message: 'Subnet snet-pg is delegated to Microsoft.Web/serverFarms' }],
        },
      },
      'out/whatif.json',
    ),
  );
  assert.equal(
    message,
    "out/whatif.json: the what-if operation failed: InvalidTemplateDeployment (SubnetIsDelegated): The template deployment 'main' is not valid according to the validation procedure. See inner errors for details.",
  );
});

test('an error object alone (no status), or wrapped as { error: { code } }, is a failure too', () => {
  assert.match(
    inputError(() => readWhatIf({ changes: [], error: { code: 'DeploymentWhatIfResourceError', message: 'boom' } }, 'w.json')),
    /^w\.json: the what-if operation failed: DeploymentWhatIfResourceError: boom$/,
  );
  assert.match(
    inputError(() => readWhatIf({ status: 'Failed', error: { error: { code: 'AuthorizationFailed' } } }, 'w.json')),
    /^w\.json: the what-if operation failed: AuthorizationFailed$/,
  );
  assert.match(
    inputError(() => readWhatIf({ status: 'Failed' }, 'w.json')),
    /^w\.json: the what-if operation failed: no error code$/,
  );
});

test('a what-if still running has no result to judge', () => {
  assert.match(
    inputError(() => readWhatIf({ status: 'Running' }, 'w.json')),
    /^w\.json: status: the what-if operation is Running, not Succeeded/,
  );
});

test('documents that are not what-if results are named as such', () => {
  assert.match(
    inputError(() => readWhatIf([], 'a.json')),
    /^a\.json: not an ARM what-if result/,
  );
  assert.match(
    inputError(() => readWhatIf({ format_version: '1.2', resource_changes: [] }, 'tf.json')),
    /^tf\.json: not an ARM what-if result: no "changes"/,
  );
  assert.match(
    inputError(() => readWhatIf({ changes: {} }, 'a.json')),
    /^a\.json: changes: expected an array, found object$/,
  );
  assert.match(
    inputError(() => readWhatIf({ changes: ['x'] }, 'a.json')),
    /^a\.json: changes\[0\]: expected an object$/,
  );
  assert.match(
    inputError(() => readWhatIf({ changes: [{ changeType: 'Create' }] }, 'a.json')),
    /^a\.json: changes\[0\]\.resourceId: expected an ARM resource id, found null$/,
  );
  assert.match(
    inputError(() => readWhatIf({ changes: [{ resourceId: RT, changeType: 'Replace' }] }, 'a.json')),
    /^a\.json: changes\[0\]\.changeType: "Replace" is not a what-if change type/,
  );
  assert.match(
    inputError(() => readWhatIf({ changes: [{ resourceId: RT }] }, 'a.json')),
    /^a\.json: changes\[0\]\.changeType: missing$/,
  );
});

test('resourceTypeOfId: nested types, extension resources, resource groups', () => {
  assert.equal(resourceTypeOfId(`${VNET}/subnets/snet-pg`), 'Microsoft.Network/virtualNetworks/subnets');
  assert.equal(resourceTypeOfId(`${SERVER}/configurations/wal_level`), 'Microsoft.DBforPostgreSQL/flexibleServers/configurations');
  assert.equal(resourceTypeOfId(`${VNET}/providers/Microsoft.Insights/diagnosticSettings/diag`), 'Microsoft.Insights/diagnosticSettings');
  assert.equal(resourceTypeOfId(RG), 'Microsoft.Resources/resourceGroups');
  assert.equal(resourceTypeOfId(`${RG}/providers/Microsoft.Network`), undefined);
});

// What to do about a result that could not be checked, read from its reason: "collect the missing
// facts" helps no one; the runner's place in the network, a grant or a credential usually does.

const RULES: [RegExp, string][] = [
  [
    /SQL on .*(timed out|refuses connections|does not resolve|no answer|ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH)/i,
    "The servers are private: run pgl-preflight from inside the VNET or a peered one (a self-hosted CI agent or runner, or a VM there) with TCP 5432 open to the servers; until then the Azure-side rules still run, and --skip-rule 'pglogical/*' leaves out the SQL-only ones",
  ],
  [
    /SQL on .*(password|authentication failed|no-password|asks for a password)/i,
    "Give the node's role its password through passwordEnv, PGPASSWORD or ~/.pgpass, or use auth: entra",
  ],
  [
    /SQL on .*(permission denied|the role needs)/i,
    'Grant the role what the reason names (USAGE and SELECT on the pglogical schema, pg_monitor), then run again',
  ],
  [
    /SQL on .*(does not accept TLS|certificate|self-signed|verify)/i,
    'Fix TLS as the reason says: Azure Database for PostgreSQL requires it; give sslrootcert for verify-full',
  ],
  [
    /no SQL facts for .*no connection configured/i,
    "Give the node a connection (nodes[].connection) and a role that can read pglogical's catalogs, or leave out the SQL-only rules with --skip-rule 'pglogical/*'",
  ],
  [/no SQL facts for the provider/i, 'The provider node could not be read over SQL: see its own unchecked results for why'],
  [/access denied \(403/i, 'Give the identity read access (the built-in Reader role) on the resource groups named in the reason'],
  [/token was rejected \(401|no Azure token/i, 'Check azure.credential and the tenant: the Resource Manager token is missing or rejected'],
  [
    /is not in the plan and azure is not configured/i,
    'Configure azure (credential, and endpoint if needed) so that what the plan does not hold is read live, or add the resource to the plan',
  ],
  [/does not exist \(404/i, 'Correct the resource id named in the reason (in the config, or in the resource that references it)'],
  [
    /throttled \(429|answered 5\d\d|no answer within|cannot reach Resource Manager/i,
    'Resource Manager did not answer: run again later, or raise azure.timeoutSeconds / lower azure.concurrency',
  ],
];

export function helpForUnchecked(reason: string): string {
  return (
    RULES.find(([pattern]) => pattern.test(reason))?.[1] ??
    'Make the facts named in the reason available (connection, permissions, configuration) and run again'
  );
}

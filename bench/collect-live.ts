// Prints what reading live nodes costs: round trips per node, and the time to read a node and the
// whole three-node mesh through the CLI. Needs the PostgreSQL 15 + pglogical packages
// (scripts/setup.sh) and starts its own clusters on loopback. Figures only; nothing is asserted.
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { readPostgresFacts } from '../src/collect/postgres/collect.js';
import { cliAsync } from '../test/helpers/cli.js';
import { meshConfig, PG_ENV } from '../test/helpers/pg-check.js';
import { REPL_PASSWORD } from '../test/helpers/pg-cluster.js';
import { startMesh } from '../test/helpers/pg-mesh.js';

const runs = Number(process.env.BENCH_RUNS ?? 20);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const mesh = await startMesh(['node_a', 'node_b', 'node_c']);
try {
  const node = mesh.nodes[0]!;
  const client = new pg.Client({ host: '127.0.0.1', port: node.port, user: 'pglogical_repl', password: REPL_PASSWORD, database: 'appdb' });
  await client.connect();
  let roundTrips = 0;
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    roundTrips++;
    return query(...args);
  };
  const read: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await readPostgresFacts(client);
    read.push(performance.now() - t0);
  }
  await client.end();
  console.log(`round trips per node: ${roundTrips / runs}`);
  console.log(`read one node (open session, loopback): median ${median(read).toFixed(1)} ms over ${runs} runs`);

  const dir = meshConfig(mesh);
  const whole: number[] = [];
  for (let i = 0; i < Math.min(runs, 10); i++) {
    const t0 = performance.now();
    await cliAsync(['check', '--format', 'json', '--rule', 'postgres/*', '--rule', 'pglogical/*'], { cwd: dir, env: PG_ENV });
    whole.push(performance.now() - t0);
  }
  console.log(
    `pgl-preflight check on the live three-node mesh (process start to exit): median ${median(whole).toFixed(0)} ms over ${whole.length} runs`,
  );
} finally {
  mesh.stop();
}

import { defineRule } from '../../src/engine/rule.js';
import { nodeOf, selectNodes } from '../../src/engine/targets.js';
import { parameterFix, restartCommand } from '../../src/model/remediation.js';
import { describeLimit } from '../../src/model/settings.js';
import { arithmetic } from '../../src/model/terms.js';
import { downWithoutApplyWorker, workerBudget } from '../../src/model/workers.js';

export default defineRule({
  id: 'postgres/worker-budget',
  title: 'max_worker_processes covers pglogical',
  description:
    'pglogical needs a supervisor, a manager per connectable database, an apply worker per subscription and sync workers, all from max_worker_processes, shared with PostgreSQL and other extensions.',
  severity: 'error',
  requires: ['settings'],
  optionalFacts: ['postgres'],
  messages: {
    tooLow: {
      message: 'max_worker_processes on {{node}} is {{have}} but pglogical needs {{need}}: {{arithmetic}}{{downNote}}',
      help: 'Raise max_worker_processes to at least {{need}} and restart: {{fix}}',
    },
    notReported: {
      message: 'max_worker_processes is not reported for {{node}}; pglogical needs {{need}}: {{arithmetic}}',
      help: 'Check the server parameters; set max_worker_processes to at least {{need}}: {{fix}}',
    },
  },
  help: 'Set max_worker_processes to at least the computed need (shown in the result) and restart the server.',
  select: selectNodes,
  check(target, ctx) {
    const node = ctx.node(nodeOf(target));
    const budget = workerBudget(node, ctx.snapshot.topology.nodes.length - 1);
    const text = arithmetic(budget.terms);
    const down = downWithoutApplyWorker(node);
    const limit = budget.maxWorkerProcesses;
    const evidence = {
      max_worker_processes: limit.state === 'not-reported' ? null : limit.value,
      savedWaitingForRestart: limit.state === 'saved',
      need: budget.need,
      arithmetic: text,
      terms: budget.terms,
      downWithoutApplyWorker: down,
    };
    const data = {
      node: node.name,
      need: budget.need,
      arithmetic: text,
      fix: parameterFix(node, 'max_worker_processes', String(budget.need)),
    };
    if (limit.state === 'not-reported') return ctx.fail('notReported', data, evidence);
    if (limit.value < budget.need) {
      const downNote = down.length
        ? `. Subscription${down.length > 1 ? 's' : ''} ${down.join(', ')} ${down.length > 1 ? 'are' : 'is'} down with no apply worker running: the worker budget is the likely cause`
        : '';
      return ctx.fail('tooLow', { ...data, have: describeLimit(limit), downNote }, evidence);
    }
    // ARM's saved value is enough but waits for a restart: the running value differs and is not reported.
    if (limit.state === 'saved') {
      return ctx.error(
        `max_worker_processes on ${node.name} is ${describeLimit(limit)}; the server runs with another value that ARM does not report, so the need of ${budget.need} cannot be checked. Restart the server (${restartCommand(node)}) or let the tool read the running value over SQL`,
      );
    }
    return ctx.pass(`max_worker_processes = ${limit.value} ≥ ${text}`, evidence);
  },
});

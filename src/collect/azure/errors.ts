// Azure faults become facts: every failed read is a slice error with a one-line, redacted reason.
import type { SliceError } from '../../snapshot/types.js';
import { redactSecrets } from '../../util/dsn.js';

interface RestErrorLike {
  name?: string;
  code?: string;
  statusCode?: number;
  message?: string;
  details?: { error?: { code?: string; message?: string } };
}

export interface ReadContext {
  /** What was read, e.g. "virtual network vnet-app-eastus". */
  label: string;
  /** The RBAC action the read needs, e.g. Microsoft.Network/virtualNetworks/read. */
  action: string;
  /** Who pointed at it, for 404s: "the config (nodes[0].server)" or "server pg-app-a". */
  referencedBy: string;
  timeoutSeconds: number;
}

function firstLine(text: string | undefined): string {
  return redactSecrets((text ?? '').split('\n')[0]!.trim()).slice(0, 300);
}

export function toSliceError(err: unknown, ctx: ReadContext): SliceError {
  const e = (err ?? {}) as RestErrorLike;
  const armCode = e.details?.error?.code ?? e.code;
  const armMessage = firstLine(e.details?.error?.message ?? e.message);
  const status = e.statusCode;
  if (e.name === 'CredentialUnavailableError' || e.name === 'AuthenticationError' || e.name === 'AggregateAuthenticationError') {
    return { code: 'auth', message: `no Azure token for ${ctx.label}: ${armMessage}` };
  }
  if (status === 401)
    return {
      code: 'unauthorized',
      message: `${ctx.label}: the token was rejected (401 ${armCode ?? ''}); check azure.credential and the tenant`.replace(' )', ')'),
    };
  if (status === 403) {
    return {
      code: 'forbidden',
      message: `${ctx.label}: access denied (403 ${armCode ?? 'Forbidden'}); the identity needs ${ctx.action}, e.g. through the built-in Reader role on the resource or its resource group`,
    };
  }
  if (status === 404)
    return { code: 'not-found', message: `${ctx.label} does not exist (404 ${armCode ?? 'NotFound'}); it is named by ${ctx.referencedBy}` };
  if (status === 429)
    return {
      code: 'throttled',
      message: `${ctx.label}: still throttled (429) after the retries; run again later or lower azure.concurrency`,
    };
  if (status !== undefined && status >= 500)
    return { code: 'server-error', message: `${ctx.label}: Resource Manager answered ${status} after the retries: ${armMessage}` };
  if (e.code === 'PARSE_ERROR' || /parsing the response body|Unexpected token|JSON/i.test(e.message ?? '')) {
    return { code: 'malformed', message: `${ctx.label}: Resource Manager sent a response that is not valid JSON` };
  }
  if (e.name === 'AbortError' || /timed? ?out|aborted/i.test(e.message ?? '') || e.code === 'ETIMEDOUT') {
    return { code: 'timeout', message: `${ctx.label}: no answer within ${ctx.timeoutSeconds} s (azure.timeoutSeconds)` };
  }
  if (e.code && /^E[A-Z]+$/.test(e.code)) return { code: 'network', message: `${ctx.label}: cannot reach Resource Manager (${e.code})` };
  return { code: status ? `http-${status}` : 'error', message: `${ctx.label}: ${armMessage || 'unknown error'}` };
}

// Credentials as the config names them. Nothing here talks to the network until a token is asked for.
import {
  AzureCliCredential,
  DefaultAzureCredential,
  EnvironmentCredential,
  ManagedIdentityCredential,
  type AccessToken,
  type TokenCredential,
} from '@azure/identity';
import { InputError } from '../../util/errors.js';
import type { Cloud } from './clouds.js';

export type CredentialKind = 'default' | 'cli' | 'managed-identity' | 'environment' | 'token';

/** A bearer token the pipeline already holds ($AZURE_ACCESS_TOKEN), used as is. */
class StaticTokenCredential implements TokenCredential {
  constructor(private readonly token: string) {}
  getToken(): Promise<AccessToken> {
    // The expiry is unknown; an hour keeps the SDK from asking again during one run.
    return Promise.resolve({ token: this.token, expiresOnTimestamp: Date.now() + 60 * 60 * 1000 });
  }
}

export function makeCredential(kind: CredentialKind, cloud: Cloud, env: NodeJS.ProcessEnv = process.env): TokenCredential {
  const authority = { authorityHost: cloud.authorityHost };
  switch (kind) {
    case 'token': {
      const token = env.AZURE_ACCESS_TOKEN?.trim();
      if (!token) throw new InputError('azure.credential is "token" but $AZURE_ACCESS_TOKEN is empty');
      return new StaticTokenCredential(token);
    }
    case 'cli':
      return new AzureCliCredential();
    case 'managed-identity':
      return env.AZURE_CLIENT_ID ? new ManagedIdentityCredential({ clientId: env.AZURE_CLIENT_ID }) : new ManagedIdentityCredential();
    case 'environment':
      return new EnvironmentCredential(authority);
    case 'default':
      return new DefaultAzureCredential(authority);
  }
}

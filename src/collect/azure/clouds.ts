// Sovereign clouds: where Resource Manager lives, who issues tokens, and the token audience.
export type CloudName = 'AzurePublicCloud' | 'AzureChinaCloud' | 'AzureUSGovernment';

export interface Cloud {
  resourceManager: string;
  authorityHost: string;
  /** Scope for Resource Manager tokens (the audience is the cloud's, even when the endpoint is overridden). */
  armScope: string;
  /** Scope for Microsoft Entra tokens for Azure Database for PostgreSQL. */
  postgresScope: string;
}

export const CLOUDS: Record<CloudName, Cloud> = {
  AzurePublicCloud: {
    resourceManager: 'https://management.azure.com',
    authorityHost: 'https://login.microsoftonline.com',
    armScope: 'https://management.azure.com/.default',
    postgresScope: 'https://ossrdbms-aad.database.windows.net/.default',
  },
  AzureChinaCloud: {
    resourceManager: 'https://management.chinacloudapi.cn',
    authorityHost: 'https://login.chinacloudapi.cn',
    armScope: 'https://management.chinacloudapi.cn/.default',
    postgresScope: 'https://ossrdbms-aad.database.chinacloudapi.cn/.default',
  },
  AzureUSGovernment: {
    resourceManager: 'https://management.usgovcloudapi.net',
    authorityHost: 'https://login.microsoftonline.us',
    armScope: 'https://management.usgovcloudapi.net/.default',
    postgresScope: 'https://ossrdbms-aad.database.usgovcloudapi.net/.default',
  },
};

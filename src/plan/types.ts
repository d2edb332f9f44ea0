// The seam between plan readers (Terraform plan JSON, ARM what-if) and the snapshot: every reader
// turns its file into ARM REST bodies, and one converter (to-facts.ts) turns those into facts through
// the Azure SDKs' own mappers and the live normalizer, so a planned body and a live GET agree.

export type PlanChange = 'create' | 'modify' | 'delete' | 'keep';

export interface PlannedResource {
  /** ARM resource type as ARM spells it, e.g. 'Microsoft.Network/virtualNetworks'. */
  type: string;
  /** ARM id: what-if's resourceId; Terraform's planned id, or a synthetic stable id when unknown until apply. */
  id: string;
  /** What names it in reports: the Terraform address (module path included) or the ARM id. */
  source: string;
  /** The plan file it came from (for error messages). */
  file: string;
  /** ARM REST body after the change (`properties` nested); absent for 'delete'. */
  body?: Record<string, unknown>;
  /** JSON pointers into body whose values are known only after deployment ('/properties/fullyQualifiedDomainName'). */
  unknown: string[];
  change: PlanChange;
  /**
   * Body properties this plan format keeps in other resources, so a missing one means "not planned here",
   * not "removed" (azurerm_subnet: its NSG and route table are association resources): kept as read live.
   */
  externalProperties?: string[];
}

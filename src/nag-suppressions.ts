import { CfnResource } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** One cdk-nag rule suppressed, with the reason a reviewer reads. */
export interface NagSuppression {
  readonly id: string;
  readonly reason: string;
  /** Findings it covers: exact strings, or `{ regex: '/.../' }`. */
  readonly appliesTo?: Array<string | { regex: string }>;
}

/**
 * Records cdk-nag suppressions on every CloudFormation resource under `scope`, in the metadata
 * format cdk-nag reads (`cdk_nag.rules_to_suppress`), so the library needs no dependency on it.
 */
export function suppressNagFindings(scope: IConstruct, suppressions: NagSuppression[]): void {
  for (const child of scope.node.findAll()) {
    if (!(child instanceof CfnResource)) continue;
    const existing: Array<Record<string, unknown>> = child.getMetadata('cdk_nag')?.rules_to_suppress ?? [];
    const added = suppressions.map(({ id, reason, appliesTo }) => ({ reason, id, ...(appliesTo ? { applies_to: appliesTo } : {}) }));
    const unique = [...new Set([...existing, ...added].map(rule => JSON.stringify(rule)))].map(rule => JSON.parse(rule));
    child.addMetadata('cdk_nag', { rules_to_suppress: unique });
  }
}

/** Why DescribeImages is allowed on every resource. */
export const DESCRIBE_IMAGES_REASON =
  'appstream:DescribeImages and ec2:DescribeImages support no resource-level permissions (Service Authorization Reference): "*" is the only possible resource.';

import { Aspects, CfnResource, IAspect, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

/** One cdk-nag rule suppressed, with the reason a reviewer reads. */
export interface NagSuppression {
  readonly id: string;
  readonly reason: string;
  /** Findings it covers: exact strings, or `{ regex: '/.../' }`. */
  readonly appliesTo?: Array<string | { regex: string }>;
}

/**
 * Records cdk-nag suppressions on every CloudFormation resource under `scope`, so the library
 * needs no dependency on cdk-nag, in the two forms cdk-nag reads:
 * - cdk-nag 2: the resource's `cdk_nag.rules_to_suppress` metadata;
 * - cdk-nag 3: acknowledgements in the construct metadata that `Validations.of().acknowledge()`
 *   writes (key `aws:cdk:acknowledged-rules`, written directly: aws-cdk-lib before 2.257 has no
 *   `Validations`). cdk-nag 3 takes exact findings only (`AwsSolutions-IAM5[Resource::*]`), so a
 *   regex is matched at synth against the findings the resource's policies give.
 */
export function suppressNagFindings(scope: IConstruct, suppressions: NagSuppression[]): void {
  for (const child of scope.node.findAll()) {
    if (!(child instanceof CfnResource)) continue;
    const existing: Array<Record<string, unknown>> = child.getMetadata('cdk_nag')?.rules_to_suppress ?? [];
    const added = suppressions.map(({ id, reason, appliesTo }) => ({ reason, id, ...(appliesTo ? { applies_to: appliesTo } : {}) }));
    const unique = [...new Set([...existing, ...added].map(rule => JSON.stringify(rule)))].map(rule => JSON.parse(rule));
    child.addMetadata('cdk_nag', { rules_to_suppress: unique });

    for (const { id, reason, appliesTo } of suppressions) {
      if (!appliesTo) acknowledge(child, id, reason);
      for (const finding of appliesTo ?? []) {
        if (typeof finding === 'string') acknowledge(child, `${id}[${finding}]`, reason);
        else Aspects.of(child).add(new AcknowledgeMatchingFindings(id, toRegExp(finding.regex), reason));
      }
    }
  }
}

/** The metadata key of aws-cdk-lib's `Validations.ACKNOWLEDGED_RULES_METADATA_KEY`. */
const ACKNOWLEDGED_RULES = 'aws:cdk:acknowledged-rules';

function acknowledge(resource: CfnResource, findingId: string, reason: string): void {
  resource.node.addMetadata(ACKNOWLEDGED_RULES, { [findingId]: reason });
}

/** `'/^a.*$/'` (cdk-nag 2's form of a regex) as a RegExp. */
function toRegExp(regex: string): RegExp {
  const parts = /^\/(.*)\/([a-z]*)$/s.exec(regex);
  return parts ? new RegExp(parts[1], parts[2]) : new RegExp(regex);
}

/**
 * At synth, when the policies are complete, acknowledges the resource's wildcard findings
 * (`Action::…`, `Resource::…`, as cdk-nag names them) that match the regex.
 */
class AcknowledgeMatchingFindings implements IAspect {
  constructor(private readonly id: string, private readonly pattern: RegExp, private readonly reason: string) {}

  public visit(node: IConstruct): void {
    if (!(node instanceof CfnResource)) return;
    for (const finding of wildcardFindings(node)) {
      if (this.pattern.test(finding)) acknowledge(node, `${this.id}[${finding}]`, this.reason);
    }
  }
}

interface PolicyStatementJson {
  readonly Effect?: string;
  readonly Action?: unknown;
  readonly Resource?: unknown;
}

/** The wildcard actions and resources of the resource's policy documents, named as cdk-nag names them. */
function wildcardFindings(resource: CfnResource): string[] {
  const stack = Stack.of(resource);
  const documents: Array<{ Statement?: PolicyStatementJson[] }> = [];
  if (resource instanceof iam.CfnPolicy || resource instanceof iam.CfnManagedPolicy) {
    documents.push(stack.resolve(resource.policyDocument));
  } else if (resource instanceof iam.CfnRole) {
    for (const policy of stack.resolve(resource.policies) ?? []) documents.push(stack.resolve(policy.policyDocument));
  }
  const findings = new Set<string>();
  for (const statement of documents.flatMap(document => document?.Statement ?? [])) {
    if (statement.Effect !== 'Allow') continue;
    for (const action of asArray(statement.Action).map(flatten)) if (action.includes('*')) findings.add(`Action::${action}`);
    for (const target of asArray(statement.Resource).map(flatten)) if (target.includes('*')) findings.add(`Resource::${target}`);
  }
  return [...findings];
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** A CloudFormation value as one string, as cdk-nag writes it: `<Logical.Arn>`, `<AWS::Partition>`. */
function flatten(value: unknown): string {
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (value && typeof value === 'object') {
    const fn = value as Record<string, any>;
    if (fn['Fn::Join']) return (fn['Fn::Join'][1] as unknown[]).map(flatten).join(fn['Fn::Join'][0]);
    if (fn['Fn::Sub']) return flatten(fn['Fn::Sub']);
    if (fn['Fn::GetAtt']) return `<${flatten(fn['Fn::GetAtt'][0])}.${flatten(fn['Fn::GetAtt'][1])}>`;
    if (fn['Fn::ImportValue']) return flatten(fn['Fn::ImportValue']);
    if (fn.Ref) return `<${flatten(fn.Ref)}>`;
  }
  return JSON.stringify(value);
}

/** Why DescribeImages is allowed on every resource. */
export const DESCRIBE_IMAGES_REASON =
  'appstream:DescribeImages and ec2:DescribeImages support no resource-level permissions (Service Authorization Reference): "*" is the only possible resource.';

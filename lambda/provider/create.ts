import { CreateImportedImageCommand, Image } from '@aws-sdk/client-appstream';
import { validateImportRequest } from './validate-request';
import { ImportProperties, OWNER_TAG_KEY, PROPERTIES_TAG_KEY } from '../../src/contract';
import { appStreamClient } from '../aws/clients';
import { findImage } from '../aws/images';
import { isEarlierStackOfSameName, marksOf, ownerTagValue, ResourceIdentity, takeOwnership } from '../aws/ownership';
import { withRetries } from '../aws/retry';
import { startPoller } from '../poller/start';
import { preflightAmi } from '../preflight/preflight';
import { errorMessage, errorName, UserFacingError } from '../shared/errors';
import { log } from '../shared/log';
import { createOnlyHash, imageNameFor, ImportRequest, parseImportProperties } from '../shared/properties';

/** How long a new import role may take to become usable by the service (IAM propagation). */
const ROLE_PROPAGATION_MS = 3 * 60_000;

/**
 * Starts the poller, then the import (or adopts the image an earlier attempt of this resource,
 * or the same resource of an earlier stack of the same name, made). Returns the image name,
 * the resource's physical id.
 *
 * The import is the last step that can fail: once the image exists, the resource answers with
 * its name, so CloudFormation tracks it and a rollback's Delete reaches this handler. (A Create
 * that failed after the import started would be answered with the Provider framework's
 * CREATE_FAILED marker, whose Delete never reaches the handler: the image would be left behind.)
 */
export async function createImportedImage(event: ResourceIdentity, properties: ImportProperties): Promise<string> {
  const request = parseImportProperties(properties);
  validateImportRequest(request, properties.ImageName);
  const name = imageNameFor(properties);
  const fixedName = Boolean(properties.ImageName);
  const propertiesHash = createOnlyHash(properties);

  const existing = await findImage(name);
  if (existing) await adoptOrRefuse(name, existing, event, propertiesHash, fixedName);
  else if (request.sourceAmiId && request.preflight) await checkAmi(request.sourceAmiId, accountOf(event));

  // Before the import: if the poller cannot start (an SCP, throttling), no image exists yet. A
  // poller whose import then fails finds no image and stops.
  if (request.waitHandle) {
    await startPoller(name, request.waitHandle, request, event);
  }
  if (!existing) await startImport(name, request, event, propertiesHash, fixedName);
  return name;
}

/**
 * An image of this name exists: adopt it if this resource made it (a retried create), or the
 * same resource of an earlier stack of the same name did (kept by RETAIN, or left by a create
 * that failed), provided it was made from the same properties. Anything else is refused, untouched.
 */
async function adoptOrRefuse(name: string, image: Image, event: ResourceIdentity, propertiesHash: string, fixedName: boolean): Promise<void> {
  const marks = await marksOf(image);
  if (marks.owner === ownerTagValue(event)) {
    log('adopting the image an earlier attempt created', { imageName: name, state: image.State });
    return;
  }
  if (isEarlierStackOfSameName(marks.owner, event)) {
    // A generated name is a hash of the properties; a fixed one needs the properties tag to match.
    if (!fixedName || marks.propertiesHash === propertiesHash) {
      await takeOwnership(image, event);
      log('adopting the image an earlier stack of the same name left', { imageName: name, state: image.State });
      return;
    }
    throw new UserFacingError(
      `An image named '${name}' already exists: an earlier stack of the same name made it (kept by removalPolicy RETAIN, ` +
      'or left by a deployment that failed), from other properties than these, so it was not adopted and was left untouched. ' +
      `If it is no longer needed, delete it (aws appstream delete-image --name ${name}) and deploy again; or change imageName.`,
    );
  }
  const owner = marks.owner
    ? `it belongs to ${marks.owner} (its ${OWNER_TAG_KEY} tag)`
    : `it was not created by this library (it has no ${OWNER_TAG_KEY} tag)`;
  throw new UserFacingError(fixedName
    ? `An image named '${name}' already exists in this account and Region and ${owner}, so it was left untouched. ` +
      'Choose another imageName, or remove imageName so that a unique name is generated.'
    : `An image named '${name}' (the name generated for this construct) already exists in this account and Region and ${owner}, ` +
      `so it was left untouched. If it is no longer needed, delete it (aws appstream delete-image --name ${name}) and deploy again.`);
}

async function checkAmi(amiId: string, accountId: string): Promise<void> {
  const violations = await preflightAmi(amiId, accountId);
  if (violations.length > 0) {
    throw new UserFacingError(
      `AMI ${amiId} cannot be imported (pre-flight found ${violations.length} problem${violations.length === 1 ? '' : 's'}):\n` +
      violations.map(v => `- ${v}`).join('\n') +
      '\nFix the AMI and deploy again (or set preflight: false to let the service decide).',
    );
  }
}

async function startImport(name: string, request: ImportRequest, event: ResourceIdentity, propertiesHash: string, fixedName: boolean): Promise<void> {
  const command = new CreateImportedImageCommand({
    Name: name,
    SourceAmiId: request.sourceAmiId,
    WorkspaceImageId: request.workspaceImageId,
    IamRoleArn: request.iamRoleArn,
    DisplayName: request.displayName,
    Description: request.description,
    AppCatalogConfig: request.applications,
    RuntimeValidationConfig: request.runtimeValidationInstanceType
      ? { IntendedInstanceType: request.runtimeValidationInstanceType }
      : undefined,
    AgentSoftwareVersion: request.agentSoftwareVersion as any,
    Tags: { ...request.tags, [OWNER_TAG_KEY]: ownerTagValue(event), [PROPERTIES_TAG_KEY]: propertiesHash },
  });
  try {
    await withRetries(() => appStreamClient().send(command), {
      what: 'CreateImportedImage',
      // A role created in this same deployment is not usable by the service at once.
      alsoRetry: error => errorName(error) === 'InvalidRoleException',
      maxElapsedMs: ROLE_PROPAGATION_MS,
      baseDelayMs: 5000,
    });
    log('import started', { imageName: name });
  } catch (error) {
    if (errorName(error) === 'ResourceAlreadyExistsException') {
      // A concurrent or earlier attempt got there first: adopt the image if it is ours.
      const image = await findImage(name);
      if (image) return adoptOrRefuse(name, image, event, propertiesHash, fixedName);
    }
    throw explainCreateFailure(name, error);
  }
}

function explainCreateFailure(name: string, error: unknown): Error {
  const code = errorName(error);
  if (code === 'InvalidRoleException') {
    return new UserFacingError(
      `CreateImportedImage kept failing with InvalidRoleException for ${ROLE_PROPAGATION_MS / 60_000} minutes: ${errorMessage(error)} ` +
      'A role created in the same deployment can take a few minutes to become usable, which is why the call was retried. ' +
      'Check that the role trusts appstream.amazonaws.com and allows ec2:DescribeImages and ec2:ModifyImageAttribute on the AMI.',
    );
  }
  if (code === 'LimitExceededException') {
    return new UserFacingError(
      `CreateImportedImage failed with LimitExceededException: ${errorMessage(error)} ` +
      'Accounts hold 10 images per Region by default: delete unused images or ask for a higher quota (Service Quotas, WorkSpaces Applications "Images").',
    );
  }
  return new UserFacingError(`CreateImportedImage failed for image '${name}': ${code}: ${errorMessage(error)}`);
}

/** The account id from the stack's ARN (arn:aws:cloudformation:<region>:<account>:stack/...). */
export function accountOf(event: ResourceIdentity): string {
  return event.StackId.split(':')[4] ?? '';
}

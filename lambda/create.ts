import { CreateImportedImageCommand, Image } from '@aws-sdk/client-appstream';
import { appStreamClient } from './clients';
import { errorMessage, errorName, UserFacingError } from './errors';
import { findImage } from './images';
import { log } from './log';
import { isOwnedBy, ownerTagValue, ResourceIdentity } from './ownership';
import { startPoller } from './poller';
import { preflightAmi } from './preflight';
import { imageNameFor, ImportRequest, parseImportProperties } from './properties';
import { withRetries } from './retry';
import { validateImportRequest } from './validate-request';
import { ImportProperties, OWNER_TAG_KEY } from '../src/contract';

/** How long a new import role may take to become usable by the service (IAM propagation). */
const ROLE_PROPAGATION_MS = 3 * 60_000;

/**
 * Starts the import (or adopts the image a previous attempt of this same resource made) and
 * starts the poller. Returns the image name, the resource's physical id.
 */
export async function createImportedImage(event: ResourceIdentity, properties: ImportProperties): Promise<string> {
  const request = parseImportProperties(properties);
  validateImportRequest(request, properties.ImageName);
  const name = imageNameFor(properties);

  const existing = await findImage(name);
  if (existing) {
    await adoptOrRefuse(name, existing, event);
  } else {
    if (request.sourceAmiId && request.preflight) {
      await checkAmi(request.sourceAmiId, accountOf(event));
    }
    await startImport(name, request, event);
  }

  if (request.waitHandle) {
    await startPoller(name, request.waitHandle, request.timeoutSeconds, request.pollIntervalSeconds);
  }
  return name;
}

async function adoptOrRefuse(name: string, image: Image, event: ResourceIdentity): Promise<void> {
  if (await isOwnedBy(image, event)) {
    log('adopting the image an earlier attempt created', { imageName: name, state: image.State });
    return;
  }
  throw new UserFacingError(
    `An image named '${name}' already exists in this account and Region and was not created by this resource ` +
    `(it lacks the tag ${OWNER_TAG_KEY}=${ownerTagValue(event)}). It was left untouched. ` +
    'Choose another imageName, or remove imageName so that a unique name is generated.',
  );
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

async function startImport(name: string, request: ImportRequest, event: ResourceIdentity): Promise<void> {
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
    Tags: { ...request.tags, [OWNER_TAG_KEY]: ownerTagValue(event) },
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
      if (image) return adoptOrRefuse(name, image, event);
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

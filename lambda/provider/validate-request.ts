import {
  checkAgentSoftwareVersion, checkAmiId, checkApplications, checkDescription, checkDisplayName, checkImageName,
  checkInstanceType, checkRoleWithSource, checkSourceCount, checkTags, checkTiming, checkWorkspaceImageId,
} from '../../src/rules';
import { UserFacingError } from '../shared/errors';
import { ImportRequest } from '../shared/properties';

/**
 * Every problem with an import request, by the same rules (and in the same words) as the
 * construct's synth-time checks. The construct skips values that are tokens at synth (a
 * CfnParameter, an import from another stack): this is where they are checked, before any AWS call.
 */
export function importRequestProblems(request: ImportRequest, fixedImageName?: string): string[] {
  const problems: string[] = [];
  if (fixedImageName !== undefined && fixedImageName !== null && fixedImageName !== '') {
    problems.push(...checkImageName(String(fixedImageName)));
  }
  problems.push(...checkSourceCount(request.sourceAmiId !== undefined, request.workspaceImageId !== undefined));
  if (request.sourceAmiId !== undefined) problems.push(...checkAmiId(request.sourceAmiId));
  if (request.workspaceImageId !== undefined) problems.push(...checkWorkspaceImageId(request.workspaceImageId));
  problems.push(...checkRoleWithSource(request.iamRoleArn !== undefined, request.workspaceImageId));
  if (request.displayName !== undefined) problems.push(...checkDisplayName(request.displayName));
  if (request.description !== undefined) problems.push(...checkDescription(request.description));
  if (request.applications !== undefined) {
    problems.push(...checkApplications(request.applications.map(app => ({
      name: app.Name,
      displayName: app.DisplayName,
      absoluteAppPath: app.AbsoluteAppPath,
      absoluteIconPath: app.AbsoluteIconPath,
      absoluteManifestPath: app.AbsoluteManifestPath,
      workingDirectory: app.WorkingDirectory,
      launchParameters: app.LaunchParameters,
    }))));
  }
  if (request.runtimeValidationInstanceType !== undefined) problems.push(...checkInstanceType(request.runtimeValidationInstanceType));
  if (request.agentSoftwareVersion !== undefined) problems.push(...checkAgentSoftwareVersion(request.agentSoftwareVersion));
  // The user's tags only: the ownership tag is dropped when the request is parsed.
  problems.push(...checkTags(Object.entries(request.tags).map(([key, value]) => ({ key, value }))));
  problems.push(...checkTiming(request.timeoutSeconds, request.pollIntervalSeconds));
  return problems;
}

/** Throws a UserFacingError listing every problem of the request, if it has any. */
export function validateImportRequest(request: ImportRequest, fixedImageName?: string): void {
  const problems = importRequestProblems(request, fixedImageName);
  if (problems.length > 0) {
    throw new UserFacingError(
      'The image\'s properties are invalid (values that were tokens at synth are checked at deploy time):\n' +
      problems.map(p => `- ${p}`).join('\n'),
    );
  }
}

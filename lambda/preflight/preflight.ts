/**
 * The deploy-time pre-flight: checks an AMI against every import requirement (EC2
 * DescribeImages) before CreateImportedImage, so that a non-compliant AMI fails the deployment
 * in seconds, with every problem and its fix, instead of after a long import.
 */
import { checkAmiRequirements, violationLine } from './ami-requirements';
import { ec2Client, ec2Module } from '../aws/clients';
import { errorMessage, errorName, UserFacingError } from '../shared/errors';

export { evaluateAmi, violationLine } from './ami-requirements';
export type { Requirement } from './ami-requirements';

/**
 * Checks an AMI against every import requirement before CreateImportedImage.
 * Returns one line per violation, each with its fix; an empty list means the AMI passes.
 * An AMI that does not exist or is not visible is one violation that says so.
 */
export async function preflightAmi(amiId: string, accountId: string): Promise<string[]> {
  let requirements;
  try {
    requirements = await checkAmiRequirements(ec2Client(), ec2Module().DescribeImagesCommand, amiId, accountId);
  } catch (error) {
    throw new UserFacingError(
      `The pre-flight could not read AMI ${amiId} with ec2:DescribeImages: ${errorName(error)}: ${errorMessage(error)} ` +
      'The provider\'s role needs ec2:DescribeImages; set preflight: false to skip the pre-flight and let the service judge the AMI.',
    );
  }
  return requirements.filter(r => !r.passed).map(violationLine);
}

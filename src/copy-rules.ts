/**
 * Rules for the Regions an image is copied to, shared by the construct (at synth) and the
 * handler (at deploy time, for values that were tokens). Each returns the problems it finds, in
 * the user's words.
 */

/** A Region name: `us-east-1`, `eu-central-2`, `ap-southeast-5`, `us-gov-west-1`, `cn-north-1`. */
const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

export function isRegionName(region: string): boolean {
  return REGION_PATTERN.test(region);
}

/** One copy Region, against the image's own Region (undefined when it is only known at deploy time). */
export function checkCopyRegion(region: string, imageRegion: string | undefined): string[] {
  if (!isRegionName(region)) {
    return [`copyToRegions '${region}' is not a Region name: expected e.g. 'eu-west-1' or 'ap-southeast-2'.`];
  }
  if (imageRegion !== undefined && region === imageRegion) {
    return [`copyToRegions '${region}' is the image's own Region: fleets there use the image itself; remove it from copyToRegions.`];
  }
  return [];
}

/** A Region listed twice. */
export function duplicateCopyRegion(region: string): string {
  return `copyToRegions '${region}' is listed twice: an image has at most one copy per Region.`;
}

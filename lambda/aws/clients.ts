import { AppStreamClient } from '@aws-sdk/client-appstream';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { currentRegion } from './regions';

// One client each per container, created on first use. The SDK reads the Region,
// credentials and AWS_ENDPOINT_URL_<SERVICE> overrides from the environment.
let appstream: AppStreamClient | undefined;
let ec2: EC2Client | undefined;
let sfn: SFNClient | undefined;
let cloudformation: CloudFormationClient | undefined;

/** Clients for other Regions (image copies), one per Region. */
const regional = new Map<string, AppStreamClient>();
const ssmByRegion = new Map<string, SSMClient>();

/** The AppStream client of the current Region (see `inRegion`), or of the function's own. */
export const appStreamClient = (): AppStreamClient => {
  const region = currentRegion();
  if (!region) return (appstream ??= new AppStreamClient({}));
  let client = regional.get(region);
  if (!client) regional.set(region, client = new AppStreamClient({ region }));
  return client;
};

// The EC2, Step Functions and CloudFormation clients come from the Lambda runtime's SDK and are loaded only by
// the calls that need them: EC2's alone takes about 200 ms to load, which every poll, delete and
// attributes read would otherwise pay at a cold start.
// (A plain require in a function: esbuild keeps it where it is, and jest needs no ESM loader.)
/* eslint-disable @typescript-eslint/no-require-imports */
export const ec2Module = (): typeof import('@aws-sdk/client-ec2') => require('@aws-sdk/client-ec2');
export const sfnModule = (): typeof import('@aws-sdk/client-sfn') => require('@aws-sdk/client-sfn');
export const cloudFormationModule = (): typeof import('@aws-sdk/client-cloudformation') => require('@aws-sdk/client-cloudformation');
export const ssmModule = (): typeof import('@aws-sdk/client-ssm') => require('@aws-sdk/client-ssm');
/* eslint-enable @typescript-eslint/no-require-imports */

export const ec2Client = (): EC2Client => (ec2 ??= new (ec2Module().EC2Client)({}));
export const sfnClient = (): SFNClient => (sfn ??= new (sfnModule().SFNClient)({}));
export const cloudFormationClient = (): CloudFormationClient =>
  (cloudformation ??= new (cloudFormationModule().CloudFormationClient)({}));
/** An SSM client of the given Region (the parameters of image copies live in the copies' Regions). */
export const ssmClient = (region: string): SSMClient => {
  let client = ssmByRegion.get(region);
  if (!client) ssmByRegion.set(region, client = new (ssmModule().SSMClient)({ region }));
  return client;
};

import { AppStreamClient } from '@aws-sdk/client-appstream';
import { EC2Client } from '@aws-sdk/client-ec2';
import { SFNClient } from '@aws-sdk/client-sfn';

// One client each per container, created on first use. The SDK reads the Region,
// credentials and AWS_ENDPOINT_URL_<SERVICE> overrides from the environment.
let appstream: AppStreamClient | undefined;
let ec2: EC2Client | undefined;
let sfn: SFNClient | undefined;

export const appStreamClient = () => (appstream ??= new AppStreamClient({}));
export const ec2Client = () => (ec2 ??= new EC2Client({}));
export const sfnClient = () => (sfn ??= new SFNClient({}));

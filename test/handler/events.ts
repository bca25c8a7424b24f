/**
 * Shared builders for the handler's unit tests: CloudFormation events, images, AWS errors,
 * the AppStream / Step Functions mocks' common answers, and a local wait condition handle.
 */
import * as http from 'http';
import { AddressInfo } from 'net';
import {
  AppStreamClient, DescribeImagePermissionsCommand, DescribeImagesCommand, Image, ListTagsForResourceCommand,
} from '@aws-sdk/client-appstream';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type {
  CloudFormationCustomResourceCreateEvent, CloudFormationCustomResourceDeleteEvent, CloudFormationCustomResourceUpdateEvent,
} from 'aws-lambda';
import { AwsStub } from 'aws-sdk-client-mock';
import {
  ATTRIBUTES_RESOURCE_TYPE, IMPORT_RESOURCE_TYPE, ImportProperties, OWNER_TAG_KEY, PollState, SCHEMA_VERSION,
} from '../../src/contract';

// Read per call by the handler: instant backoff, a Region, the poller's ARN.
process.env.IMPORTED_IMAGE_RETRY_DELAY_SCALE = '0.001';
process.env.AWS_REGION = 'us-east-1';
process.env.AWS_ACCESS_KEY_ID = 'AKIATESTTESTTESTTEST';
process.env.AWS_SECRET_ACCESS_KEY = 'test-secret';
process.env.POLLER_STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:ImagePoller';

export const ACCOUNT = '123456789012';
export const STACK_ID = `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/MyStack/0f1e2d3c-aaaa-bbbb-cccc-0123456789ab`;
export const LOGICAL_ID = 'ImageImport1A2B3C4D';
export const OWNER = `${STACK_ID}/${LOGICAL_ID}`;
export const STATE_MACHINE_ARN = process.env.POLLER_STATE_MACHINE_ARN!;
export const AMI_ID = 'ami-0123456789abcdef0';
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/MyStack-ImageImportRole-ABC123`;
export const NAME_PREFIX = 'MyStack-Image-1A2B3C4D';
export const HANDLE_URL = 'https://cloudformation-waitcondition-us-east-1.s3.amazonaws.com/' +
  `arn%3Aaws%3Acloudformation%3Aus-east-1%3A${ACCOUNT}%3Astack/MyStack/guid/WaitHandle?` +
  'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20250101T000000Z&X-Amz-Expires=86399&X-Amz-Signature=abc123';

/** Properties as this release's construct writes them (every scalar a string). */
export function importProperties(overrides: Partial<Record<keyof ImportProperties, unknown>> = {}): ImportProperties {
  const base: Record<string, unknown> = {
    SchemaVersion: SCHEMA_VERSION,
    NamePrefix: NAME_PREFIX,
    SourceAmiId: AMI_ID,
    IamRoleArn: ROLE_ARN,
    DisplayName: 'My image',
    Description: 'Imported from an AMI',
    Tags: [{ Key: 'team', Value: 'desktops' }],
    WaitHandle: HANDLE_URL,
    TimeoutSeconds: '7200',
    PollIntervalSeconds: '30',
    Preflight: 'true',
    RemovalPolicy: 'destroy',
  };
  const merged: Record<string, unknown> = { ...base, ...overrides };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  return merged as unknown as ImportProperties;
}

const common = {
  ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:Provider-framework-onEvent',
  ResponseURL: 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/response?X-Amz-Signature=resp',
  StackId: STACK_ID,
  RequestId: '11111111-2222-3333-4444-555555555555',
  LogicalResourceId: LOGICAL_ID,
};

export function createEvent(properties: ImportProperties, resourceType = IMPORT_RESOURCE_TYPE): CloudFormationCustomResourceCreateEvent {
  return {
    ...common,
    RequestType: 'Create',
    ResourceType: resourceType,
    ResourceProperties: { ServiceToken: common.ServiceToken, ...(properties as any) },
  };
}

export function updateEvent(
  physicalResourceId: string, before: ImportProperties, after: ImportProperties, resourceType = IMPORT_RESOURCE_TYPE,
): CloudFormationCustomResourceUpdateEvent {
  return {
    ...common,
    RequestType: 'Update',
    ResourceType: resourceType,
    PhysicalResourceId: physicalResourceId,
    ResourceProperties: { ServiceToken: common.ServiceToken, ...(after as any) },
    OldResourceProperties: { ...(before as any) },
  };
}

export function deleteEvent(
  physicalResourceId: string, properties: ImportProperties, resourceType = IMPORT_RESOURCE_TYPE,
): CloudFormationCustomResourceDeleteEvent {
  return {
    ...common,
    RequestType: 'Delete',
    ResourceType: resourceType,
    PhysicalResourceId: physicalResourceId,
    ResourceProperties: { ServiceToken: common.ServiceToken, ...(properties as any) },
  };
}

/** Events of the attributes resource (its properties are the image's name and shares). */
export const attributes = {
  create: (imageName: string, extra: Record<string, unknown> = {}) =>
    createEvent({ SchemaVersion: SCHEMA_VERSION, ImageName: imageName, ...extra } as any, ATTRIBUTES_RESOURCE_TYPE),
  update: (physicalId: string, before: Record<string, unknown>, after: Record<string, unknown>) =>
    updateEvent(
      physicalId, { SchemaVersion: SCHEMA_VERSION, ...before } as any, { SchemaVersion: SCHEMA_VERSION, ...after } as any,
      ATTRIBUTES_RESOURCE_TYPE,
    ),
  delete: (physicalId: string, imageName: string) =>
    deleteEvent(physicalId, { SchemaVersion: SCHEMA_VERSION, ImageName: imageName } as any, ATTRIBUTES_RESOURCE_TYPE),
};

export const arnOf = (name: string) => `arn:aws:appstream:us-east-1:${ACCOUNT}:image/${name}`;

/** An image as DescribeImages returns it. */
export function image(name: string, state: string, extra: Partial<Image> = {}): Image {
  return { Name: name, Arn: arnOf(name), State: state as Image['State'], ...extra };
}

/** An error shaped like the SDK's service exceptions. */
export function awsError(name: string, message = `${name} (test)`, httpStatusCode = 400): Error {
  return Object.assign(new Error(message), { name, $fault: httpStatusCode >= 500 ? 'server' : 'client', $metadata: { httpStatusCode } });
}
export const notFound = (message = 'The image was not found.') => awsError('ResourceNotFoundException', message);
export const throttled = () => awsError('ThrottlingException', 'Rate exceeded');
export const serverError = () => awsError('InternalServiceError', 'We encountered an internal error.', 500);

export type AppStreamMock = AwsStub<any, any, any>;

/**
 * The image the account holds under `name` (none when `img` is undefined), and its tags.
 * `owner` true tags it as made by this resource.
 */
export function givenImage(appstream: AppStreamMock, name: string, img: Image | undefined, tags: Record<string, string> = {}): void {
  appstream.on(DescribeImagesCommand, { Names: [name] }).resolves({ Images: img ? [img] : [] });
  appstream.on(ListTagsForResourceCommand, { ResourceArn: arnOf(name) }).resolves({ Tags: tags });
  appstream.on(DescribeImagePermissionsCommand).resolves({ SharedImagePermissionsList: [] });
}

export const ownerTags = (extra: Record<string, string> = {}) => ({ ...extra, [OWNER_TAG_KEY]: OWNER });

/** Names of the commands a mock received, in order. */
export function commandNames(...mocks: Array<AwsStub<any, any, any>>): string[] {
  return mocks.flatMap(mock => mock.calls().map(call => (call.args[0] as any).constructor.name as string));
}

/** Commands that change something in the account. */
export const MUTATING = [
  'CreateImportedImageCommand', 'DeleteImageCommand', 'TagResourceCommand', 'UntagResourceCommand',
  'UpdateImagePermissionsCommand', 'DeleteImagePermissionsCommand', 'StartExecutionCommand',
];

/** The PollState a StartExecution call carried. */
export function executionInput(sfn: AwsStub<any, any, any>, index = 0): PollState {
  const call = sfn.commandCalls(StartExecutionCommand)[index];
  return JSON.parse(call.args[0].input.input!);
}

export type { AppStreamClient, SFNClient };

/** One request the local wait condition handle received. */
export interface ReceivedSignal {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** A local stand-in for a wait condition handle's presigned URL (http:// on 127.0.0.1, port 0). */
export interface SignalServer {
  /** A handle URL on this server, with a presigned-looking query string. */
  readonly url: string;
  readonly received: ReceivedSignal[];
  /** The HTTP status the server answers with (200 by default). */
  status: number;
  close(): Promise<void>;
}

export async function startSignalServer(): Promise<SignalServer> {
  const received: ReceivedSignal[] = [];
  const state = { status: 200 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = state.status;
      res.end();
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/arn%3Aaws%3Acloudformation%3Aus-east-1%3A${ACCOUNT}%3Astack/MyStack/guid/WaitHandle` +
      '?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=86399&X-Amz-Signature=abc123',
    received,
    get status() { return state.status; },
    set status(value: number) { state.status = value; },
    close: () => new Promise<void>((resolve, reject) => server.close(error => (error ? reject(error) : resolve()))),
  };
}

/** Keeps the handler's (JSON, one line each) log out of the test output. */
export function silenceLogs(): void {
  beforeEach(() => {
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });
}
